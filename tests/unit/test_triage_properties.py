"""Properties of the triage that must hold for every combination of answers, and how
many questions it takes."""
from statistics import median

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from twitch.findings import read_message
from twitch.nlp_build import build
from twitch.nlp_read import entities
from twitch.questions import next_question
from twitch.triage import (FLAG_VALUES, FOLLOW_UPS, MUST_ASK, MUST_ASK_FOR_SELF_CARE, QUESTION_ORDER,
                           evaluate, level_rank, questions_needed)
from tests.unit.test_triage_rules import EXAMPLES

answers = st.sampled_from([True, False, None])
finding_sets = st.fixed_dictionaries(
    {name: answers for name in FLAG_VALUES}
    | {"twitch_duration_days": st.one_of(st.none(), st.floats(0, 400, allow_nan=False))}
)
unsure_sets = st.sets(st.sampled_from(sorted(FLAG_VALUES)))


def unsure_of(findings, names):
    """Only an empty finding can be "not sure"."""
    return [n for n in names if findings.get(n) is None]


@given(finding_sets, unsure_sets, st.sampled_from(sorted(FLAG_VALUES)))
def test_adding_a_finding_never_lowers_the_level(findings, names, name):
    unsure = unsure_of(findings, names)
    before = evaluate(findings, unsure).level
    after = evaluate({**findings, name: FLAG_VALUES[name]}, [n for n in unsure if n != name]).level
    assert level_rank(after) >= level_rank(before)


@given(finding_sets, unsure_sets, st.sampled_from(sorted(FLAG_VALUES)))
def test_being_unsure_of_one_more_finding_never_lowers_the_level(findings, names, name):
    findings = {**findings, name: None}
    unsure = unsure_of(findings, names)
    before = evaluate(findings, [n for n in unsure if n != name]).level
    after = evaluate(findings, unsure + [name]).level
    assert level_rank(after) >= level_rank(before)


@given(finding_sets, unsure_sets, st.sampled_from(["weakness", "atrophy", "bulbar_symptoms"]))
def test_not_sure_of_weakness_atrophy_or_bulbar_signs_is_at_least_routine(findings, names, name):
    findings = {**findings, name: None}
    result = evaluate(findings, unsure_of(findings, names) + [name])
    assert level_rank(result.level) >= level_rank("routine")
    if result.level == "routine":
        assert f"{name}_not_sure" in result.red_flags


@given(finding_sets, st.floats(0, 400, allow_nan=False))
def test_a_longer_duration_never_lowers_the_level(findings, extra):
    days = findings["twitch_duration_days"] or 0
    before = evaluate({**findings, "twitch_duration_days": days}).level
    after = evaluate({**findings, "twitch_duration_days": days + extra}).level
    assert level_rank(after) >= level_rank(before)


@given(finding_sets)
def test_emergency_beats_everything_and_ends_the_questions(findings):
    for emergency in ({"emergency_symptoms": True}, {"medicine_reaction": True},
                      {"rapid_progression": True, "bulbar_symptoms": True}):
        f = {**findings, **emergency}
        assert evaluate(f).level == "emergency"
        assert questions_needed(f) == []


def answer(question, truth, unsure_ones):
    """What a user with this hidden truth answers: a finding's own value, or for a group
    the first that is true (a button), "None of these" when all are false, else "Not sure"."""
    values = {n: (None if n in unsure_ones else truth.get(n, "calf")) for n in question.findings}
    if not question.is_group:
        return values
    picked = next((n for n, v in values.items() if v is True), None)
    if picked:
        return {picked: True}
    if all(v is False for v in values.values()):
        return values
    return {n: None for n in question.findings}


def run_triage(truth, unsure_ones=(), known=None):
    """Answers the questions until the triage stops; returns what it learned and asked."""
    known, unsure, asked = dict(known or {}), [], []
    for _ in range(len(QUESTION_ORDER) + 1):
        question = next_question(known, unsure)
        if question is None:
            return known, unsure, asked
        asked.append(question)
        for name, value in answer(question, truth, unsure_ones).items():
            if value is None:
                unsure.append(name)
            else:
                known[name] = value
    raise AssertionError("the triage kept asking")


@settings(max_examples=400)
@given(finding_sets, st.sets(st.sampled_from(QUESTION_ORDER)))
def test_the_questions_never_end_in_low_levels_without_the_must_ask_findings(truth, unsure_ones):
    known, unsure, asked = run_triage(truth, unsure_ones)
    level = evaluate(known, unsure).level
    told = set(known) | set(unsure)
    if level in ("self_care", "routine"):
        assert set(MUST_ASK) <= told
    if level == "self_care":
        assert set(MUST_ASK_FOR_SELF_CARE) <= told
    # the follow-ups are asked exactly when due
    if any(known.get(n) is True or (n in unsure and n not in known)
           for n in ("weakness", "sensory_symptoms")) and level != "emergency":
        assert "rapid_progression" in told
    if known.get("medicine_change") is True and level != "emergency":
        assert "medicine_reaction" in told
    # the level reached is the level the whole truth gives, unknowns and follow-ups
    # that were not due aside
    full = {k: v for k, v in truth.items() if k not in unsure and (k not in FOLLOW_UPS or k in told)}
    assert level == evaluate({**full, **known}, unsure).level or level_rank(level) >= level_rank("urgent")


def test_an_answered_question_is_not_asked_again():
    assert next_question({"twitch_location": "calf"}).id == "twitch_duration_days"
    assert next_question({"twitch_location": "calf"}, ["twitch_duration_days"]).id == "signs"


def test_once_urgent_only_what_the_result_would_list_is_asked():
    f = {"twitch_location": "hand", "twitch_duration_days": 10, "atrophy": True}
    assert next_question(f).findings == ("weakness", "sensory_symptoms", "bulbar_symptoms")
    f.update(weakness=False, spreading=False, sensory_symptoms=False, bulbar_symptoms=False,
             family_history=False, stiffness=False)
    assert next_question(f) is None  # cramps, triggers, worsening, medicines change nothing


# --- How many questions -----------------------------------------------------------------

# First messages as people write them, with the truth behind them ("asked and answered
# no" for the rest, as in the contract's examples).
FIRST_MESSAGES = [
    ("my left calf has been twitching for three weeks", {}),
    ("eyelid twitching for 2 days, I've been drinking loads of coffee", {"clear_trigger": True}),
    ("muscle twitching", {}),
    ("is my twitching serious?", {}),
    ("my thigh keeps twitching when I sit still", {}),
    ("twitches all over my body for a month", {"spreading": True}),
    ("my thumb twitches since last week and my grip feels weaker", {"weakness": True}),
    ("random twitches in my arms and legs, very anxious it's ALS", {"spreading": True}),
    ("my bicep has been jumping for a few days after the gym", {"clear_trigger": True}),
    ("my foot twitches at night, started a new antidepressant last week", {"medicine_change": True}),
    ("I've noticed my calf twitching", {"clear_trigger": True}),
    ("twitching under my eye for weeks", {"clear_trigger": True}),
]
BENIGN_ANSWERS = {"clear_trigger": True, "twitch_location": "calf", "twitch_duration_days": 5}


@pytest.fixture(scope="module")
def nlp():
    return build()


def given_first(nlp, text):
    return read_message("describe_symptoms", entities(nlp(text))).slots


def question_counts(nlp):
    cases = [(c.get("first_message"), c["findings"]) for c in yaml.safe_load(EXAMPLES.read_text())
             if "findings" in c and "level" in c]
    counts = []
    for text, truth in cases + FIRST_MESSAGES:
        truth = {**{n: not v for n, v in FLAG_VALUES.items()}, **BENIGN_ANSWERS, **truth}
        unsure_ones = {n for n, v in truth.items() if v is None}
        _, _, asked = run_triage(truth, unsure_ones, given_first(nlp, text) if text else {})
        counts.append(len(asked))
    return counts


def test_the_median_triage_asks_seven_questions_or_fewer(nlp):
    counts = question_counts(nlp)
    assert median(counts) <= 7, counts
    assert max(counts) <= 10, counts
