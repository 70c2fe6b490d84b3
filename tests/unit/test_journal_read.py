"""Journal entries read by the triage's own spaCy rules and duration parser."""
from datetime import date, timedelta

import pytest

from twitch.journal_read import correct, read_entry
from twitch.nlp_build import build
from twitch.nlp_read import door_intent, entities

SUNDAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def nlp():
    return build()


def entry(nlp, text, today=SUNDAY):
    return read_entry(entities(nlp(text), today), text, today)


def test_the_issue_example(nlp):
    e = entry(nlp, "left calf again after my run, about 10 minutes")
    assert (e.place, e.minutes, e.factors, e.day) == ("left calf", 10, ("exercise",), SUNDAY)


@pytest.mark.parametrize("text, place, minutes, times, factors, day", [
    ("add to my journal: right eyelid after two coffees this morning", "right eyelid", None, None, ("caffeine",), SUNDAY),
    ("thumb twitched five times yesterday, I slept badly", "thumb", None, 5, ("poor_sleep",), SUNDAY - timedelta(1)),
    ("left thigh last night for half an hour after drinking", "left thigh", 30, None, ("alcohol",), SUNDAY - timedelta(1)),
    ("log: eyelid on monday, a few seconds, stressed at work", "eyelid", 0.1, None, ("stress",), date(2026, 11, 16)),
    ("my calf twitched 2 days ago for 3 minutes", "calf", 3, None, (), SUNDAY - timedelta(2)),
    ("right calf, 20 min, started new meds last week", "right calf", 20, None, ("medicine_change",), SUNDAY),
])
def test_entries(nlp, text, place, minutes, times, factors, day):
    e = entry(nlp, text)
    assert e.place == place
    assert (e.minutes is None) == (minutes is None) and (minutes is None or abs(e.minutes - minutes) < 0.5)
    assert (e.times, e.factors, e.day) == (times, factors, day)


def test_a_factor_said_not_to_be_there_is_not_taken(nlp):
    assert entry(nlp, "left calf 5 minutes, no coffee today").factors == ()


def test_a_length_of_days_is_not_one_bout(nlp):
    assert entry(nlp, "left calf, it has been going for three weeks").minutes is None


@pytest.mark.parametrize("text", ["left calf tomorrow", "my eyelid next monday", "calf on 30 december",
                                  "calf in two days"])
def test_a_day_still_to_come_is_in_the_future(nlp, text):
    assert entry(nlp, text).day > SUNDAY


@pytest.mark.parametrize("text", ["log a twitch", "😬😬😬", "it happened again for 10 minutes", ""])
def test_no_place(nlp, text):
    assert entry(nlp, text).place is None


def test_a_correction_changes_only_what_it_says(nlp):
    before = entry(nlp, "left calf yesterday after my run, about 10 minutes")
    after = correct(before, entry(nlp, "no, it was my right calf"))
    assert (after.place, after.minutes, after.day, after.factors) == ("right calf", 10, before.day, ("exercise",))
    assert correct(before, entry(nlp, "it was 5 minutes")).minutes == 5


def test_the_door_keeps_a_journal_message_that_names_the_journal(nlp):
    assert door_intent(nlp("add to my journal: left calf twitching after coffee"), "journal_log") is None
    assert door_intent(nlp("log a twitch"), "journal_log") is None
    # Without the journal named, a twitch description starts the triage (contract 3).
    assert door_intent(nlp("my left calf has been twitching for 3 weeks"), "journal_log") == "describe_symptoms"
