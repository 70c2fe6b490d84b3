"""The rules table, row by row, and the contract's worked examples."""
from pathlib import Path

import pytest
import yaml

from twitch.triage import FLAG_VALUES, LEVELS, evaluate, level_rank, load_table, rules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "contract" / "examples.yml"
SHARED_EXAMPLES = ROOT.parent / "shared" / "spec" / "examples.yml"

BENIGN = {name: not flag for name, flag in FLAG_VALUES.items()}
BENIGN.update(twitch_location="calf", twitch_duration_days=3)


def findings_for(when):
    """Benign findings changed just enough for one condition to hold, and the findings
    the user was not sure of."""
    f = dict(BENIGN)
    if "not_sure" in when:
        f[when["not_sure"]] = None
        return f, [when["not_sure"]]

    def set_flag(name):
        if name == "duration_over_two_weeks":
            f["twitch_duration_days"] = 21
        else:
            f[name] = FLAG_VALUES.get(name, True)

    if "finding" in when:
        name = when["finding"]
        if name == "duration_over_two_weeks":
            f["twitch_duration_days"] = 21
        else:
            f[name] = when.get("is", True)
    elif "all" in when:
        for name in when["all"]:
            set_flag(name)
    else:
        # pick the members that raise nothing on their own above this row's level
        for name in sorted(when["of"], key=lambda n: n not in ("duration_over_two_weeks", "family_history"))[: when["at_least"]]:
            set_flag(name)
    return f, []


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_each_row_sets_its_level(rule):
    result = evaluate(*findings_for(rule.when))
    assert rule.id in result.rules
    assert result.level == rule.level


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_each_row_is_reviewable(rule):
    assert rule.level in LEVELS
    assert rule.source.strip() and rule.why.strip()


def test_stroke_recognition_is_cited_to_ng128_not_ng127():
    """NICE NG127 section 1.1 is about blackouts; stroke recognition is NG128."""
    e1 = next(r for r in rules() if r.when == {"finding": "emergency_symptoms"})
    assert "NG128" in e1.source and "NG127 section 1.1" not in e1.source


@pytest.mark.parametrize("finding, level, flags", [
    ("rapid_progression", "urgent", ("rapid_progression",)),
    ("stiffness", "soon", ("stiffness",)),
    ("medicine_change", "routine", ("medicine_change",)),
    ("medicine_reaction", "emergency", ("emergency_symptoms",)),
])
def test_the_version_2_findings(finding, level, flags):
    result = evaluate({**BENIGN, finding: True})
    assert (result.level, result.red_flags) == (level, flags)


def test_rapid_progression_with_speech_or_swallowing_trouble_is_an_emergency():
    result = evaluate({**BENIGN, "rapid_progression": True, "bulbar_symptoms": True})
    assert result.level == "emergency"
    assert set(result.red_flags) == {"rapid_progression", "bulbar_symptoms"}


@pytest.mark.parametrize("name", ["weakness", "atrophy", "bulbar_symptoms"])
def test_not_sure_about_a_motor_sign_is_at_least_routine(name):
    result = evaluate({**BENIGN, name: None}, [name])
    assert result.level == "routine" and result.red_flags == (f"{name}_not_sure",)
    assert result.unknown == (name,)


@pytest.mark.parametrize("name", ["spreading", "sensory_symptoms", "family_history", "worsening",
                                  "stiffness", "medicine_change", "twitch_duration_days"])
def test_not_sure_about_anything_else_does_not_raise_the_level(name):
    assert evaluate({**BENIGN, name: None}, [name]).level == "self_care"


def test_the_table_names_every_level_with_its_advice():
    assert {row["level"] for row in load_table()["levels"]} == set(LEVELS)


def test_nothing_found_is_self_care():
    result = evaluate(BENIGN)
    assert result.level == "self_care" and result.red_flags == ()


def test_unknown_findings_never_make_a_finding_rule_hold():
    f = {**BENIGN, "weakness": None, "atrophy": None, "twitch_duration_days": None}
    result = evaluate(f, unsure=["weakness", "atrophy", "twitch_duration_days"])
    assert result.level == "routine"
    assert result.red_flags == ("weakness_not_sure", "atrophy_not_sure")
    assert result.unknown == ("twitch_duration_days", "weakness", "atrophy")
    assert evaluate(f).level == "self_care", "empty but never asked: nothing holds"


def test_exactly_fourteen_days_is_not_over_two_weeks():
    assert evaluate({**BENIGN, "twitch_duration_days": 14}).level == "self_care"
    assert evaluate({**BENIGN, "twitch_duration_days": 14.5}).level == "routine"


def test_lower_rules_are_listed_only_when_they_set_the_level():
    f = {**BENIGN, "weakness": True, "clear_trigger": False, "twitch_duration_days": 10}
    assert evaluate(f).red_flags == ("weakness",)
    f = {**BENIGN, "clear_trigger": False, "twitch_duration_days": 21}
    assert evaluate(f).red_flags == ("duration_over_two_weeks", "clear_trigger")


def load_examples():
    return yaml.safe_load(EXAMPLES.read_text())


@pytest.mark.parametrize("case", [c for c in load_examples() if "level" in c and "findings" in c],
                         ids=lambda c: c["name"])
def test_contract_examples(case):
    f = dict(BENIGN)
    f.update(case["findings"])
    # "Findings not listed were asked and answered no": no is the benign answer,
    # except for clear_trigger, whose "no" the example lists when it matters.
    unsure = [k for k, v in case["findings"].items() if v is None]
    result = evaluate(f, unsure)
    assert result.level == case["level"]
    assert sorted(result.red_flags) == sorted(case["red_flags"])
    if case.get("note"):
        assert result.unknown == tuple(unsure)


def test_vendored_examples_match_the_contract():
    if not SHARED_EXAMPLES.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert EXAMPLES.read_text() == SHARED_EXAMPLES.read_text()


def test_levels_are_ordered():
    assert [level_rank(level) for level in LEVELS] == list(range(len(LEVELS)))
