"""The question data (content/questions.yml) and how group questions are chosen."""
import pytest

from twitch.findings import Reading
from twitch.questions import asked, content, group_of, grouped, next_question, read_group_answer
from twitch.triage import FLAG_VALUES, QUESTION_ORDER

BENIGN = {n: not v for n, v in FLAG_VALUES.items()}
FORBIDDEN = ("other side", "compare", "test your", "check your", "mirror", "press", "squeeze")


def every_text():
    yield from (q["text"] for q in content()["questions"].values())
    for g in content()["groups"].values():
        yield g["text"]
        yield g.get("again", "")
        yield from g["members"].values()


def test_every_finding_has_its_own_question_and_every_question_a_finding():
    assert set(content()["questions"]) == set(QUESTION_ORDER)


def test_a_groups_findings_are_asked_next_to_each_other():
    for name, g in content()["groups"].items():
        places = sorted(QUESTION_ORDER.index(m) for m in g["members"])
        assert places == list(range(places[0], places[0] + len(places))), name


@pytest.mark.parametrize("text", list(every_text()))
def test_no_question_asks_the_user_to_test_or_compare_their_muscles(text):
    assert not any(phrase in text.lower() for phrase in FORBIDDEN)


def test_picking_one_brings_back_only_what_can_still_change_the_outcome():
    f = {"twitch_location": "calf", "twitch_duration_days": 3}
    assert next_question(f).findings == ("weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms")
    f["atrophy"] = True  # urgent: the others still change what the result lists
    q = next_question(f)
    assert q.findings == ("weakness", "sensory_symptoms", "bulbar_symptoms") and "as well" in q.text


def test_a_group_with_one_finding_left_is_asked_as_that_finding():
    f = {"twitch_location": "calf", "twitch_duration_days": 3, "weakness": False, "atrophy": False,
         "sensory_symptoms": False}
    q = next_question(f)
    assert q.id == "bulbar_symptoms" and not q.is_group
    assert [b["title"] for b in q.buttons] == ["Yes", "No", "Not sure"]


@pytest.mark.parametrize("finding", ["weakness", "sensory_symptoms", "bulbar_symptoms"])
@pytest.mark.parametrize("value", [True, None])
def test_rapid_progression_follows_weakness_numbness_or_bulbar_signs(finding, value):
    f = {**BENIGN, "twitch_location": "calf", "twitch_duration_days": 3, finding: value}
    del f["rapid_progression"], f["medicine_reaction"]
    q = next_question(f, [finding] if value is None else [])
    assert q is not None and q.id == "rapid_progression"


def test_the_medicine_question_follows_a_medicine_change_only():
    f = {**BENIGN, "twitch_location": "calf", "twitch_duration_days": 3}
    del f["medicine_reaction"]
    assert next_question(f) is None
    assert next_question({**f, "medicine_change": True}).id == "medicine_reaction"


def test_group_of():
    assert group_of("stiffness") == "pattern" and group_of("clear_trigger") is None


@pytest.mark.parametrize("group, members, text, expected", [
    ("pattern", ("spreading", "worsening", "stiffness", "painful_cramps"), "it's about the same", {"worsening": False}),
    ("pattern", ("spreading", "worsening", "stiffness", "painful_cramps"), "only in my calf", {"spreading": False}),
    ("pattern", ("spreading", "worsening", "stiffness", "painful_cramps"), "occasionally at night", {"painful_cramps": True}),
    ("signs", ("weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms"), "sometimes", {}),
    ("signs", ("weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms"), "yes", {}),
    ("signs", ("weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms"), "nope, none", dict.fromkeys(
        ("weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms"), False)),
])
def test_a_reply_that_names_no_finding(group, members, text, expected):
    question = grouped(group, members)
    assert read_group_answer(question, Reading(), "describe_symptoms", text).slots == expected


@pytest.mark.parametrize("intent", ["emergency", "crisis", "stop"])
def test_a_hedged_emergency_or_a_crisis_answers_no_group_question(intent):
    question = asked("signs", {}, [])
    reading = read_group_answer(question, Reading(), intent, "not sure if im having a stroke, my face feels weird")
    assert reading.slots == {} and reading.unsure == []
