import itertools

import pytest
import textstat

from twitch import locale
from twitch.result_text import EMERGENCY_SIGNS, HEADLINES, NOT_A_DIAGNOSIS, SAFETY_LINE, compose, compose_under_16
from twitch.triage import FLAG_VALUES, LEVELS, evaluate

BASE = {"twitch_location": "calf", "twitch_duration_days": 3, **{n: not v for n, v in FLAG_VALUES.items()}}
LOCALES = ["gb", "us", "eu", "au", ""]


def result_for(triggers=("exercise",), **changes):
    f = {**BASE, **changes}
    return compose(evaluate(f, [k for k, v in changes.items() if v is None]), f, list(triggers))


def paragraphs(r):
    return r["text"].split("\n\n")


# Many combinations: each finding alone, each pair, not sure of each, and the places and
# durations that change the wording.
COMBINATIONS = (
    [{}]
    + [{n: FLAG_VALUES[n]} for n in FLAG_VALUES]
    + [{a: FLAG_VALUES[a], b: FLAG_VALUES[b]} for a, b in itertools.combinations(FLAG_VALUES, 2)]
    + [{n: None} for n in FLAG_VALUES]
    + [{"twitch_location": loc, "twitch_duration_days": days, **extra}
       for loc in ("left eyelid", "thigh", "arms, back and legs")
       for days in (1, 10, 21, 90, None)
       for extra in ({}, {"clear_trigger": False}, {"weakness": None}, {"medicine_change": True})]
    + [{"emergency_symptoms": True}]
)


def test_the_combinations_reach_every_level():
    assert {result_for(**c)["payload"]["level"] for c in COMBINATIONS} == set(LEVELS)


@pytest.mark.parametrize("locale_code", LOCALES)
def test_every_result_paragraph_reads_at_grade_8_or_below(monkeypatch, locale_code):
    monkeypatch.setenv("TWITCH_LOCALE", locale_code)
    texts = {p for c in COMBINATIONS for p in paragraphs(result_for(**c))}
    texts |= set(paragraphs(compose_under_16()))
    # The emergency wording is the crisis work's (localised there), checked there.
    texts -= {locale.fill(EMERGENCY_SIGNS), locale.fill(HEADLINES["emergency"])}
    hard = {p: textstat.flesch_kincaid_grade(p) for p in texts if textstat.flesch_kincaid_grade(p) > 8}
    assert not hard, hard


@pytest.mark.parametrize("changes", COMBINATIONS, ids=str)
def test_no_result_contradicts_itself_or_asks_for_a_muscle_check(changes):
    text = result_for(**changes)["text"].lower()
    assert NOT_A_DIAGNOSIS.lower() in text
    if (changes.get("twitch_duration_days") or 0) > 14:
        assert "if it lasts more than two weeks" not in text
        assert "after two weeks" not in text
    for phrase in ("other side", "compare", "test your", "check your muscle", "mirror"):
        assert phrase not in text
    assert "{" not in text, "every placeholder is filled"


def test_self_care_gives_tailored_advice_and_ends_with_one_short_safety_line(monkeypatch):
    monkeypatch.setenv("TWITCH_LOCALE", "gb")
    r = result_for()
    assert "salts" in r["text"] and "See your GP if you notice weakness" in r["text"]
    assert "very rarely a sign of anything serious" in r["text"]
    assert paragraphs(r)[-1] == locale.fill(SAFETY_LINE)
    assert len(paragraphs(r)[-1].split()) <= 20, "one short line"
    assert EMERGENCY_SIGNS not in r["text"], "not a paragraph of warnings"


def test_soon_names_the_finding_the_doctor_and_the_timeframe():
    r = result_for(weakness=True)
    assert "real loss of strength" in r["text"] and "neurologist" in r["text"]
    assert r["payload"]["level"] == "soon" and r["payload"]["timeframe"] == "within one to three weeks"


def test_rapid_progression_is_today_with_the_local_services(monkeypatch):
    monkeypatch.setenv("TWITCH_LOCALE", "gb")
    r = result_for(weakness=True, rapid_progression=True)
    assert r["payload"]["level"] == "urgent" and r["payload"]["timeframe"] == "today"
    assert "seen today" in r["text"] and "NHS 111" in r["text"] and "999" in r["text"]
    assert "over hours or days" in r["text"]
    monkeypatch.setenv("TWITCH_LOCALE", "us")
    text = result_for(weakness=True, rapid_progression=True)["text"]
    assert "urgent care" in text and "NHS" not in text and "GP" not in text


def test_a_medicine_change_says_ask_a_pharmacist_and_do_not_stop_it():
    r = result_for(medicine_change=True)
    assert r["payload"]["level"] == "routine"
    assert "pharmacist" in r["text"] and "Do not stop a prescribed medicine without advice" in r["text"]


def test_an_emergency_the_questions_find_is_shown_as_emergency_advice():
    r = result_for(medicine_change=True, medicine_reaction=True)
    assert r["payload"]["type"] == "emergency" and r["payload"]["red_flags"] == ["emergency_symptoms"]
    assert "Since a change in a medicine" in r["text"] and "fast heartbeat" in r["text"]
    assert "emergency" in paragraphs(r)[0].lower(), "the advice comes first"


def test_a_lasting_eyelid_twitch_goes_to_an_eye_doctor_without_contradiction():
    r = result_for(twitch_location="left eyelid", twitch_duration_days=20)
    assert r["payload"]["doctor"].startswith("an eye doctor")
    assert r["text"].startswith("There's no rush. As it has lasted over two weeks, book a normal visit with an eye doctor.")
    assert "if it lasts more than two weeks" not in r["text"]


def test_not_sure_is_named_as_something_to_watch():
    r = result_for(weakness=None)
    assert r["payload"]["level"] == "routine"
    assert "not sure if you have lost strength" in r["text"]
    assert "Keep an eye on any real loss of strength" in r["text"]
    assert r["payload"]["watch_for"] == ["weakness"]


def test_an_eyelid_twitch_gets_eyelid_advice():
    text = result_for(twitch_location="right eyelid")["text"]
    assert "warm compress" in text and "eye doctor if it lasts more than two weeks" in text


def test_under_16_is_kind_points_to_the_childs_doctor_and_keeps_the_emergency_advice(monkeypatch):
    monkeypatch.setenv("TWITCH_LOCALE", "gb")
    r = compose_under_16()
    assert "16 and over" in r["text"] and "child's GP" in r["text"] and "999" in r["text"]
    assert r["payload"] == {"type": "under_16"}
