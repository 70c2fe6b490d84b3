"""How people really answer each triage question, read into the right slot."""
import pytest

from tests.e2e.server import Conversation

# The questions after where and how long; some ask several findings at once
# (content/questions.yml), so an answer is checked on the slot it speaks to.
ORDER = ["signs", "rapid_progression", "pattern", "clear_trigger", "background"]
QUESTION_OF = {"weakness": "signs", "atrophy": "signs", "sensory_symptoms": "signs",
               "bulbar_symptoms": "signs", "spreading": "pattern", "worsening": "pattern",
               "painful_cramps": "pattern", "family_history": "background"}
UNSURE = "unsure"

CASES = [
    ("twitch_location", "hmm it's mostly my left quad", "left quad"),
    ("twitch_location", "right around my knee", "knee"),
    ("twitch_location", "the webbing between my toes", "toes"),
    ("twitch_location", "webbing of the hand thing", "hand"),
    ("twitch_duration_days", "since last week", 7),
    ("twitch_duration_days", "a good few weeks now", 21),
    ("twitch_duration_days", "months", 60),
    ("twitch_duration_days", "like 2 or 3 days", 3),
    ("twitch_duration_days", "ages", 30),
    ("twitch_duration_days", "no idea", UNSURE),
    ("weakness", "yeah i keep dropping my phone", True),
    ("weakness", "nope strength is fine", False),
    ("atrophy", "I don't think so", False),
    ("atrophy", "maybe? hard to tell", UNSURE),
    ("atrophy", "yes my left calf looks smaller", True),
    ("spreading", "only in my calf", False),
    ("spreading", "it moves around, arms and legs", True),
    ("spreading", "just the one spot", False),
    ("sensory_symptoms", "some tingling in my toes", True),
    ("sensory_symptoms", "no numbness no", False),
    ("bulbar_symptoms", "no my speech is fine", False),
    ("bulbar_symptoms", "nothing like that", False),
    ("clear_trigger", "yes after the gym mostly", True),
    ("clear_trigger", "it happens when I'm just sitting", False),
    ("clear_trigger", "lots of coffee lately", True),
    ("worsening", "it's about the same", False),
    ("worsening", "yes it's more frequent now", True),
    ("painful_cramps", "yes I get cramps with it", True),
    ("painful_cramps", "no pain at all", False),
    ("painful_cramps", "occasionally at night", True),
    ("family_history", "my grandad had MND", True),
    ("family_history", "not that I know of", False),
    ("family_history", "no idea, I'm adopted", UNSURE),
]


def reach(servers, slot):
    slot = QUESTION_OF.get(slot, slot)
    conv = Conversation(servers)
    conv.say("I'd like to check a twitch")
    if slot == "twitch_location":
        return conv
    conv.say("my calf")
    if slot == "twitch_duration_days":
        return conv
    conv.say("5 days")
    for question in ORDER:
        if conv.asked() == slot:
            break
        conv.say("yes" if conv.asked() == "clear_trigger" else "no")
    return conv


@pytest.mark.parametrize("slot, text, expected", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_answer(servers, slot, text, expected):
    conv = reach(servers, slot)
    question = QUESTION_OF.get(slot, slot)
    assert conv.asked() == question
    conv.say(text)
    slots = conv.slots()
    if expected == UNSURE:
        assert slots[slot] is None and slot in slots["unsure_findings"]
    elif isinstance(expected, bool) or isinstance(expected, str):
        assert slots[slot] == expected
    else:
        assert slots[slot] == pytest.approx(expected)
    if question == slot:
        assert conv.asked() != slot, "an answered question is not asked again"
