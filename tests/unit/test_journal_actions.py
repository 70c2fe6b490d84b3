"""The journal's actions against a real (SQLite) journal: an entry is logged and shown
as understood, a correction changes it, bad input stores nothing, the check-in's
factors are kept, and the reminders are kept in the journal until stopped."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.journal import ActionJournalCheckin, ActionJournalEntry, ActionJournalShow
from actions.journal_reminders import ActionJournalRemindersOff, ActionJournalRemindersOn
from twitch.duration import user_today
from twitch.nlp_build import build
from twitch.nlp_read import entities

SENDER = "journal-user"


@pytest.fixture(scope="module")
def nlp():
    return build()


@pytest.fixture
def journal(tmp_path, monkeypatch):
    from journal.migrate import upgrade
    from journal.store import Journal

    url = f"sqlite:///{tmp_path / 'journal.db'}"
    upgrade(url)
    monkeypatch.setenv("JOURNAL_DB_URL", url)
    return Journal.from_env(url)


def tracker(nlp, text, intent="journal_log", slots=None, channel="rest", extra_entities=()):
    found = entities(nlp(text), user_today()) if nlp and text else []
    return Tracker(sender_id=SENDER, slots=dict(slots or {}),
                   latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0},
                                   "entities": found + list(extra_entities)},
                   events=[{"event": "user", "text": text, "input_channel": channel, "metadata": {}}],
                   paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def slots(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_an_entry_is_logged_shown_and_corrected(nlp, journal):
    said, events = run(ActionJournalEntry(), tracker(nlp, "left calf again after my run, about 10 minutes"))
    assert said[0]["custom"]["type"] == "journal_entry"
    assert "left calf, about 10 minutes, with exercise, today" in said[0]["text"]
    kept = slots(events)
    assert kept["journal_step"] == "confirm"
    said, events = run(ActionJournalEntry(), tracker(nlp, "no, it was my right calf", "deny", kept))
    assert "right calf, about 10 minutes" in said[0]["text"]
    [entry] = journal.entries(SENDER)
    assert (entry.place, entry.duration_seconds, entry.factors) == ("right calf", 600, ("exercise",))


@pytest.mark.parametrize("text, said", [
    ("log a twitch", "Where was the twitch"),
    ("🙂🙂", "Where was the twitch"),
    ("add to my journal: left calf tomorrow", "still to come"),
    ("add to my journal: left calf " + "x" * 3990, "too long"),
])
def test_bad_input_gets_a_clear_reply_and_stores_nothing(nlp, journal, text, said):
    messages, events = run(ActionJournalEntry(), tracker(nlp, text))
    assert said in messages[0]["text"] and not messages[0]["custom"]
    assert journal.entries(SENDER) == []
    assert slots(events) == {"journal_step": "entry"}


def test_the_check_in_keeps_the_days_factors(nlp, journal):
    run(ActionJournalCheckin(), tracker(None, "no", "deny", {"journal_step": "checkin"}))
    for factor in ("caffeine", "stress"):
        run(ActionJournalCheckin(), tracker(None, "/journal_checkin", "journal_checkin",
                                            extra_entities=[{"entity": "journal_factor", "value": factor}]))
    [day] = journal.data(SENDER).checkins
    assert (day.twitching, day.factors) == (False, ("caffeine", "stress"))


def test_an_empty_journal_says_how_to_start(journal):
    said, _ = run(ActionJournalShow(), tracker(None, "show my journal", "journal_show"))
    assert "empty" in said[0]["text"]


def test_reminders_only_where_they_can_come_kept_in_the_journal_until_stopped(nlp, journal):
    said, events = run(ActionJournalRemindersOn(), tracker(None, "remind me", "journal_reminders_on"))
    assert events == [] and "Slack and Telegram" in said[0]["text"] and not _reminders(journal)
    _, events = run(ActionJournalRemindersOn(), tracker(None, "remind me", "journal_reminders_on", channel="telegram"))
    assert events == [] and _reminders(journal) == [(SENDER, "telegram")]
    said, events = run(ActionJournalCheckin(), tracker(None, "", "journal_checkin", extra_entities=[
        {"entity": "journal_reminder", "value": "daily"}]))
    assert "check-in" in said[0]["text"] and [e["event"] for e in events] == ["slot"]
    run(ActionJournalRemindersOff(), tracker(None, "stop reminders", "journal_reminders_off"))
    assert _reminders(journal) == []


def tap(payload_entities):
    return tracker(None, "/journal_checkin", "journal_checkin", extra_entities=payload_entities)


def test_done_asks_the_red_flags_in_plain_words_once_a_day(journal):
    said, _ = run(ActionJournalCheckin(), tap([{"entity": "journal_factor", "value": "done"}]))
    assert "have you noticed any of these" in said[0]["text"]
    titles = [b["title"] for b in said[0]["buttons"]]
    assert titles[1:5] == ["Loss of strength, like dropping things", "A muscle looking thinner",
                           "Numbness or tingling", "Speech or swallowing changes"]
    assert titles[-2:] == ["None of these", "Skip"]
    assert not any(w in " ".join(titles).lower() for w in ("test", "check", "compare", "squeeze"))
    said, _ = run(ActionJournalCheckin(), tap([{"entity": "symptom", "value": "none"}]))
    assert said[0]["text"].startswith("Thanks, that's today's check-in done")
    answers = journal.data(SENDER).red_flag_answers
    assert {(a.flag, a.value, a.source) for a in answers} == {
        (f, False, "check-in") for f in ("emergency_symptoms", "weakness", "atrophy", "sensory_symptoms",
                                         "bulbar_symptoms")}
    said, _ = run(ActionJournalCheckin(), tap([{"entity": "journal_factor", "value": "done"}]))
    assert said[0]["text"].startswith("Thanks, that's today's check-in done")  # not asked twice a day


def test_skip_stores_no_answer(journal):
    said, _ = run(ActionJournalCheckin(), tap([{"entity": "symptom", "value": "skip"}]))
    assert said[0]["text"].startswith("Thanks, that's today's check-in done")
    assert journal.data(SENDER).red_flag_answers == ()


@pytest.mark.parametrize("sign, how_soon", [("weakness", "within one to three weeks"),
                                            ("bulbar_symptoms", "within a day or two")])
def test_a_sign_noticed_is_kept_and_gets_the_triages_handling(journal, sign, how_soon):
    said, events = run(ActionJournalCheckin(), tap([{"entity": "symptom", "value": sign}]))
    assert how_soon in said[0]["text"]
    assert said[0]["buttons"][0] == {"title": "Check my symptoms", "payload": "/describe_symptoms"}
    assert slots(events)[sign] is True  # the triage takes it, not asking again
    [answer] = journal.data(SENDER).red_flag_answers
    assert (answer.flag, answer.value, answer.source) == (sign, True, "check-in")


def test_an_emergency_sign_in_the_check_in_gets_the_emergency_advice_first(journal):
    said, events = run(ActionJournalCheckin(), tap([{"entity": "symptom", "value": "emergency_symptoms"}]))
    assert said == []  # nothing before the emergency advice
    assert events == [{"event": "followup", "timestamp": None, "name": "action_emergency"}]
    [answer] = journal.data(SENDER).red_flag_answers
    assert (answer.flag, answer.value) == ("emergency_symptoms", True)


def _reminders(journal):
    import sqlalchemy as sa

    from journal.models import ReminderRow

    with journal.session() as session:
        return [tuple(r) for r in session.execute(sa.select(ReminderRow.conversation_id, ReminderRow.channel))]
