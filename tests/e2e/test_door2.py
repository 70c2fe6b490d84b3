"""The second door set (tests/nlu_door2, written blind) through the running bot over
REST (CONTRACT.md section 3 and Crisis):
- every crisis message gets the crisis reply first, every emergency message the
  emergency advice first, in a new conversation and in the middle of a triage;
- no near-miss gets either;
- its whole conversations end at the contract's level: none under-triaged, and at
  least 95 % exactly."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from tests.e2e.door2_driver import drive
from tests.e2e.server import Conversation, texts
from tests.e2e.test_door import TRIAGE_START, assert_first, cards, trained_examples, turn
from tests.nlu_door2 import door2_set
from tests.nlu_door2.door2_set import LEVELS

ROOT = Path(__file__).resolve().parents[2]
CRISIS = door2_set.handled("crisis")
EMERGENCY = door2_set.handled("emergency")
NEAR_MISSES = door2_set.near_misses()
MIN_EXACT = 0.95


def test_the_set_is_complete():
    messages = door2_set.messages()
    assert len(messages) >= 300 and len({m.text for m in messages}) == len(messages)
    assert len([c for c in door2_set.conversations() if "level" in c]) >= 40
    assert len(CRISIS) >= 30 and len(EMERGENCY) >= 40 and len(NEAR_MISSES) >= 20


def test_the_set_is_never_trained_on():
    by_chance = set(yaml.safe_load((ROOT / "tests" / "nlu_door2" / "in_training_by_chance.yml").read_text()))
    overlap = sorted(trained_examples() & {m.text.lower() for m in door2_set.messages()} - by_chance)
    assert not overlap, f"door-set-2 messages in data/nlu: {overlap}"


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_reply_first(servers, text):
    conv = Conversation(servers)
    assert_first(turn(conv, text), "crisis")
    assert conv.slots()["crisis"] is True


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_reply_first_in_the_middle_of_a_triage(servers, text):
    conv = Conversation(servers)
    conv.say(TRIAGE_START)
    assert conv.asked(), "the triage has started"
    assert_first(turn(conv, text), "crisis")


@pytest.mark.parametrize("text", EMERGENCY)
def test_emergency_advice_first(servers, text):
    conv = Conversation(servers)
    assert_first(turn(conv, text), "emergency")
    assert conv.slots()["triage_level"] == "emergency"


@pytest.mark.parametrize("text", EMERGENCY)
def test_emergency_advice_first_in_the_middle_of_a_triage(servers, text):
    conv = Conversation(servers)
    conv.say(TRIAGE_START)
    assert conv.asked(), "the triage has started"
    assert_first(turn(conv, text), "emergency")


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_no_near_miss_gets_the_emergency_or_crisis_reply(servers, text):
    conv = Conversation(servers)
    t = turn(conv, text)
    assert not {"emergency", "crisis"} & set(cards(t)), f"cards {cards(t)}: {texts(t['replies'])[:200]}"
    assert conv.slots()["triage_level"] != "emergency"


def test_the_conversations_end_at_the_contracts_level(servers):
    """None under-triaged, at least 95 % exact; an emergency or crisis said along the way
    gets its reply first on that turn."""
    ended: List[Dict[str, Any]] = []
    for case in door2_set.conversations():
        conv = Conversation(servers)
        out = drive(conv, case)
        kinds = [t["kind"] for t in out["turns"]]
        if case.get("expect") == "crisis":
            assert "crisis" in kinds, (case["name"], out["turns"])
            continue
        if case.get("expect") == "child":
            assert out["slots"]["age_under_16"] is True and not out["asked"], (case["name"], out["turns"])
            continue
        if case["level"] == "emergency":
            assert "emergency" in kinds, (case["name"], out["turns"])
        got = out["slots"]["triage_level"]
        ended.append({"name": case["name"], "expected": case["level"], "got": got, "asked": out["asked"]})
    under = [e for e in ended if e["got"] not in LEVELS or LEVELS.index(e["got"]) < LEVELS.index(e["expected"])]
    assert not under, f"under-triaged: {under}"
    wrong = [e for e in ended if e["got"] != e["expected"]]
    assert 1 - len(wrong) / len(ended) >= MIN_EXACT, f"{len(wrong)} of {len(ended)} at another level: {wrong}"
