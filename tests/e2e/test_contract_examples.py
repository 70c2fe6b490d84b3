"""Every worked case of the contract (tests/contract/examples.yml) as a conversation."""
from pathlib import Path

import pytest
import yaml

from tests.e2e.server import Conversation, custom, texts
from tests.e2e.triage_driver import answer_all, group_findings

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "contract" / "examples.yml").read_text())
CONTRACT_SLOTS = ["twitch_location", "twitch_duration_days", "weakness", "atrophy", "spreading",
                  "sensory_symptoms", "bulbar_symptoms", "family_history", "painful_cramps",
                  "worsening", "clear_trigger", "triage_level", "red_flags", "faq_topic",
                  "rapid_progression", "stiffness", "medicine_change", "age_under_16", "crisis"]
MAX_QUESTIONS = 10


@pytest.mark.parametrize("case", [c for c in CASES if "findings" in c and "level" in c], ids=lambda c: c["name"])
def test_example(servers, case):
    conv = Conversation(servers)
    conv.say(case.get("first_message", "I'd like to check a muscle twitch"))
    given_first = {k for k, v in conv.slots().items() if v is not None}
    asked = answer_all(conv, case["findings"])
    assert len(asked) <= MAX_QUESTIONS, asked
    slots = conv.slots()
    assert slots["triage_level"] == case["level"], asked
    assert sorted(slots["red_flags"]) == sorted(case["red_flags"]), asked
    assert all(name in slots for name in CONTRACT_SLOTS)
    # what the first message said is taken, not asked again
    assert not given_first & set(asked)
    if "first_message" in case:
        assert "twitch_location" in given_first
    for name, value in case["findings"].items():
        if name == "twitch_duration_days" and "first_message" in case:
            continue  # "since Monday" depends on today's date
        if name == "twitch_location":
            assert value.split()[-1] in slots[name]
        elif slots[name] is not None or value is None:
            assert slots[name] == value, name
    result = conv.replies[-1]
    assert custom(result)["level"] == case["level"]
    assert "not a diagnosis" in texts(result)
    if case.get("note"):
        assert "weakness" in custom(result)["watch_for"]


@pytest.mark.parametrize("case", [c for c in CASES if "first_message" in c and c.get("level") == "emergency"],
                         ids=lambda c: c["name"])
def test_emergency_example(servers, case):
    conv = Conversation(servers)
    replies = conv.say(case["first_message"])
    assert "emergency" in replies[0]["text"].lower(), "the advice comes first"
    assert custom(replies)["type"] == "emergency"
    assert conv.slots()["triage_level"] == "emergency"
    assert conv.slots()["red_flags"] == case["red_flags"]


def test_a_child(servers):
    case = next(c for c in CASES if c.get("findings") == {"age_under_16": True})
    conv = Conversation(servers)
    replies = conv.say(case["first_message"])
    assert conv.slots()["age_under_16"] is True
    assert conv.asked() is None, "no triage questions"
    assert "16 and over" in texts(replies) and "doctor" in texts(replies)
    assert conv.slots()["triage_level"] is None
    replies = conv.say("now he suddenly can't breathe properly")
    assert "emergency" in replies[0]["text"].lower(), "emergency signs still get the advice first"
    assert custom(replies)["type"] == "emergency"


def test_stroke_signs_mid_conversation(servers):
    conv = Conversation(servers)
    first = conv.say("my forearm has been twitching for a week")
    assert conv.asked() is not None, first
    replies = conv.say("hang on, my face suddenly feels droopy on one side and I can't get words out")
    assert "emergency" in replies[0]["text"].lower()
    assert custom(replies)["type"] == "emergency"
    slots = conv.slots()
    assert slots["triage_level"] == "emergency"
    assert slots["red_flags"] == ["emergency_symptoms"]
    assert conv.asked() is None


def test_a_medicine_change_asks_about_a_reaction_and_a_yes_is_an_emergency(servers):
    conv = Conversation(servers)
    conv.say("my thumb has been twitching for 4 days")
    for _ in range(6):
        asked = conv.asked()
        if asked in (None, "medicine_reaction"):
            break
        medicine = group_findings(conv).get("medicine_change")
        conv.say(medicine or ("yes" if asked == "clear_trigger" else "no"))
    assert conv.slots()["medicine_change"] is True
    assert conv.asked() == "medicine_reaction"
    replies = conv.say("yes, I've been sweating a lot and my heart is racing")
    assert custom(replies)["type"] == "emergency"
    assert "emergency" in replies[0]["text"].lower(), "the advice comes first"
    assert conv.slots()["triage_level"] == "emergency"
    assert conv.slots()["red_flags"] == ["emergency_symptoms"]


def test_a_group_question_answered_in_free_text(servers):
    conv = Conversation(servers)
    conv.say("my calf has been twitching for 4 days after the gym")
    assert conv.asked() == "signs"
    conv.say("just the tingling")
    slots = conv.slots()
    assert slots["sensory_symptoms"] is True
    assert (slots["weakness"], slots["atrophy"], slots["bulbar_symptoms"]) == (False, False, False)
    assert conv.asked() == "rapid_progression"
