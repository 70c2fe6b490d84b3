"""Properties of the triage that must hold for every combination of answers."""
from hypothesis import given, settings, strategies as st

from twitch.triage import FLAG_VALUES, MUST_ASK, QUESTION_ORDER, evaluate, level_rank, next_question

answers = st.sampled_from([True, False, None])
finding_sets = st.fixed_dictionaries(
    {name: answers for name in FLAG_VALUES}
    | {"twitch_duration_days": st.one_of(st.none(), st.floats(0, 400, allow_nan=False))}
)


@given(finding_sets, st.sampled_from(sorted(FLAG_VALUES)))
def test_adding_a_finding_never_lowers_the_level(findings, name):
    before = evaluate(findings).level
    after = evaluate({**findings, name: FLAG_VALUES[name]}).level
    assert level_rank(after) >= level_rank(before)


@given(finding_sets, st.floats(0, 400, allow_nan=False))
def test_a_longer_duration_never_lowers_the_level(findings, extra):
    days = findings["twitch_duration_days"] or 0
    before = evaluate({**findings, "twitch_duration_days": days}).level
    after = evaluate({**findings, "twitch_duration_days": days + extra}).level
    assert level_rank(after) >= level_rank(before)


@given(finding_sets)
def test_emergency_beats_everything(findings):
    assert evaluate({**findings, "emergency_symptoms": True}).level == "emergency"


@settings(max_examples=300)
@given(finding_sets, st.sets(st.sampled_from(QUESTION_ORDER)))
def test_the_questions_never_end_in_low_levels_without_the_red_flags(truth, unsure_ones):
    """Answer the questions from a hidden truth until the triage stops asking."""
    known, unsure = {}, []
    for _ in range(len(QUESTION_ORDER) + 1):
        slot = next_question(known, unsure)
        if slot is None:
            break
        if slot in unsure_ones:
            unsure.append(slot)
        else:
            value = truth.get(slot, "calf")
            if value is None:
                unsure.append(slot)
            else:
                known[slot] = value
    else:
        raise AssertionError("the triage kept asking")
    level = evaluate(known, unsure).level
    if level in ("self_care", "routine"):
        assert all(name in known or name in unsure for name in MUST_ASK)
    # the level reached is the level the whole truth gives, unknowns aside
    full = {k: v for k, v in truth.items() if k not in unsure}
    assert evaluate(known).level == evaluate({**full, **known}).level or level_rank(evaluate(known).level) >= level_rank("urgent")


def test_an_answered_question_is_not_asked_again():
    assert next_question({"twitch_location": "calf"}) == "twitch_duration_days"
    assert next_question({"twitch_location": "calf"}, ["twitch_duration_days"]) == "weakness"


def test_once_urgent_only_what_the_result_would_list_is_asked():
    f = {"twitch_location": "hand", "twitch_duration_days": 10, "atrophy": True}
    assert next_question(f) == "weakness"  # listed beside atrophy if present
    f.update(weakness=False, spreading=False, sensory_symptoms=False, bulbar_symptoms=False,
             family_history=False)
    assert next_question(f) is None  # cramps, triggers, worsening would change nothing
