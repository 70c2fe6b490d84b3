"""The triage reads the journal (CONTRACT.md section 5): what the journal can offer
(pure), and the form offering it, a yes filling it and a no asking as usual (the
actions with fresh trackers, against a real SQLite journal)."""
import asyncio
from datetime import date, datetime, time, timedelta, timezone

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.extract_findings import ActionExtractFindings
from actions.triage_form import ValidateTriageForm
from journal.records import Entry
from twitch import journal_text
from twitch.duration import user_today
from twitch.journal_offer import body_parts, offer
from twitch.questions import next_question

TODAY = date(2026, 11, 23)
SENDER = "offer-user"


def logged(place, days_ago, today=TODAY):
    return Entry(id=days_ago, at=datetime.combine(today - timedelta(days=days_ago), time(12), timezone.utc),
                 place=place)


def test_the_first_day_of_the_place_asked_about_is_offered_as_how_long():
    found = offer([logged("left calf", 21), logged("left calf", 2), logged("right eyelid", 40)],
                  {"twitch_location": "calf"}, TODAY)
    assert found.since == TODAY - timedelta(days=21)
    assert found.places == ("left calf",)
    assert found.slots == {"twitch_duration_days": 21.0}


def test_where_the_triage_does_not_know_where_the_places_logged_lately_are_offered():
    found = offer([logged("right eyelid", 3), logged("left calf", 10), logged("left thigh", 45)], {}, TODAY)
    assert found.places == ("left calf", "right eyelid")  # the first logged first; the thigh is too old
    assert found.slots == {"twitch_duration_days": 10.0, "twitch_location": "left calf, right eyelid"}


@pytest.mark.parametrize("entries, findings", [
    ([], {}),  # an empty journal
    ([logged("left calf", 0)], {}),  # only today: says nothing of how long
    ([logged("left calf", 30), logged("left calf", 20)], {}),  # nothing lately
    ([logged("right eyelid", 9)], {"twitch_location": "left calf"}),  # another place
    ([logged("left calf", 9)], {"twitch_location": "calf", "twitch_duration_days": 3.0}),  # already told
])
def test_nothing_is_offered_where_the_journal_does_not_show_it(entries, findings):
    assert offer(entries, findings, TODAY) is None


def test_several_places_are_offered_as_where_never_as_spreading():
    places = ["left calf", "right eyelid", "left arm", "back of my neck"]
    found = offer([logged(p, d) for d, p in enumerate(places, 1)], {}, TODAY)
    assert set(found.slots) == {"twitch_location", "twitch_duration_days"}
    # Every red-flag question, spreading among them, is still asked after a yes.
    question = next_question(found.slots)
    assert question.id not in ("twitch_location", "twitch_duration_days")
    assert {"weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms"} & set(question.findings)


def test_places_are_read_with_the_lexicon():
    assert body_parts("left calf") == {"calf"}
    assert body_parts("both calves and my thumb") == {"calf", "finger"}
    assert body_parts("somewhere odd") == set()


@pytest.mark.parametrize("locale, written", [("gb", "2 November"), ("us", "November 2"), ("", "2 November")])
def test_the_offer_writes_the_date_as_the_locale_does(locale, written):
    text = journal_text.triage_offer(["left calf"], date(2026, 11, 2), TODAY, False, locale)
    assert text == f"Your journal shows your left calf since {written}. Is that right?"


def test_a_date_of_another_year_has_its_year_and_the_first_question_its_opening():
    text = journal_text.triage_offer(["left calf", "right eyelid"], date(2025, 12, 20), TODAY, True, "gb")
    assert text == ("Let's work out how much this matters. Your journal shows your left calf and "
                    "right eyelid since 20 December 2025. Is that right?")


# The actions, with fresh trackers and a real journal.

@pytest.fixture
def journal(tmp_path, monkeypatch):
    from journal.migrate import upgrade
    from journal.store import Journal

    url = f"sqlite:///{tmp_path / 'journal.db'}"
    upgrade(url)
    monkeypatch.setenv("JOURNAL_DB_URL", url)
    return Journal.from_env(url)


def form_tracker(slots, text="", intent="describe_symptoms"):
    return Tracker(sender_id=SENDER, slots=dict(slots),
                   latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []},
                   events=[{"event": "user", "text": text, "metadata": {}}], paused=False, followup_action=None,
                   active_loop={"name": "triage_form"}, latest_action_name="action_listen")


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def log(journal, place, days_ago):
    day = user_today() - timedelta(days=days_ago)
    journal.add_entry(SENDER, place, datetime.combine(day, time(12), timezone.utc))


def test_the_form_offers_the_journal_and_a_yes_fills_it(journal):
    log(journal, "left calf", 12)
    log(journal, "left calf", 1)
    said, set_ = run(ValidateTriageForm(), form_tracker({"twitch_location": "left calf"}))
    since = journal_text.day_written(user_today() - timedelta(days=12), user_today())
    assert said[0]["text"] == f"Your journal shows your left calf since {since}. Is that right?"
    assert [b["payload"] for b in said[0]["buttons"]] == ["/affirm", "/deny"]
    assert set_ == {"journal_offer": {"twitch_duration_days": 12.0}, "requested_slot": "journal_offer"}

    asked = {"twitch_location": "left calf", **set_}
    _, filled = run(ActionExtractFindings(), form_tracker(asked, "/affirm", "affirm"))
    assert filled == {"twitch_duration_days": 12.0, "journal_offer": {}}
    said, set_ = run(ValidateTriageForm(), form_tracker({**asked, **filled}))
    assert "journal" not in said[0]["text"] and set_["requested_slot"] not in ("journal_offer", "twitch_duration_days")


def test_a_no_asks_the_ordinary_question_and_the_offer_is_not_made_again(journal):
    log(journal, "left calf", 12)
    asked = {"twitch_location": "left calf", "journal_offer": {"twitch_duration_days": 12.0},
             "requested_slot": "journal_offer"}
    _, filled = run(ActionExtractFindings(), form_tracker(asked, "no, it's been longer", "deny"))
    assert filled == {"journal_offer": {}}
    said, set_ = run(ValidateTriageForm(), form_tracker({**asked, **filled}))
    assert said[0]["text"] == "How long has it been going on?"
    assert set_ == {"requested_slot": "twitch_duration_days"}


def test_a_yes_that_says_how_long_itself_keeps_what_it_says(journal):
    asked = {"twitch_location": "left calf", "journal_offer": {"twitch_duration_days": 12.0},
             "requested_slot": "journal_offer"}
    t = form_tracker(asked, "yes, but really about two months", "affirm")
    t.latest_message["entities"] = [{"entity": "duration", "value": 60.0}]
    _, filled = run(ActionExtractFindings(), t)
    assert filled == {"twitch_duration_days": 60.0, "journal_offer": {}}


def test_with_an_empty_journal_the_form_asks_as_usual(journal):
    said, set_ = run(ValidateTriageForm(), form_tracker({"twitch_location": "left calf"}))
    assert said[0]["text"] == "How long has it been going on?"
    assert set_ == {"requested_slot": "twitch_duration_days"}
