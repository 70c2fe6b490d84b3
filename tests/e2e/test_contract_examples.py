"""Every worked case of the contract (tests/contract/examples.yml) as a conversation."""
from pathlib import Path

import pytest
import yaml

from tests.e2e.server import Conversation, custom, texts
from tests.e2e.triage_driver import answer_all

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "contract" / "examples.yml").read_text())
CONTRACT_SLOTS = ["twitch_location", "twitch_duration_days", "weakness", "atrophy", "spreading",
                  "sensory_symptoms", "bulbar_symptoms", "family_history", "painful_cramps",
                  "worsening", "clear_trigger", "triage_level", "red_flags", "faq_topic"]


@pytest.mark.parametrize("case", [c for c in CASES if "findings" in c], ids=lambda c: c["name"])
def test_example(servers, case):
    conv = Conversation(servers)
    conv.say(case.get("first_message", "I'd like to check a muscle twitch"))
    given_first = {k for k, v in conv.slots().items() if v is not None}
    asked = answer_all(conv, case["findings"])
    slots = conv.slots()
    assert slots["triage_level"] == case["level"], asked
    assert sorted(slots["red_flags"]) == sorted(case["red_flags"])
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
        elif name in asked or name in given_first:
            assert slots[name] == value, name
    result = conv.replies[-1]
    assert custom(result)["level"] == case["level"]
    assert "not a diagnosis" in texts(result)
    if case.get("note"):
        assert "weakness" in custom(result)["watch_for"]


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
