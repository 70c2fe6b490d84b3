"""The tests every blind door set gets through the running bot over REST (CONTRACT.md
section 3 and Crisis), made for one set by door_set_tests():
- every crisis message gets the crisis reply first, every emergency message the
  emergency advice first, in a new conversation and in the middle of a triage;
- no near-miss gets either;
- its whole conversations end at the contract's level: none under-triaged, and at
  least 95 % exactly;
- the set is complete and was never trained on."""
from __future__ import annotations

from typing import Any, Callable, Dict, List

import pytest
import yaml

from tests.door_sets import LEVELS, DoorSet
from tests.e2e.door2_driver import drive
from tests.e2e.server import Conversation, texts
from tests.e2e.test_door import TRIAGE_START, assert_first, cards, trained_examples, turn

MIN_EXACT = 0.95


def door_set_tests(door_set: DoorSet, messages: int, conversations: int, crisis: int,
                   emergency: int, near_misses: int) -> Dict[str, Callable]:
    """The test functions for door_set, with the least it must hold of each kind."""
    CRISIS = door_set.handled("crisis")
    EMERGENCY = door_set.handled("emergency")
    NEAR_MISSES = door_set.near_misses()

    def test_the_set_is_complete():
        found = door_set.messages
        assert len(found) >= messages and len({m.text for m in found}) == len(found)
        assert len([c for c in door_set.conversations if "level" in c]) >= conversations
        assert len(CRISIS) >= crisis and len(EMERGENCY) >= emergency and len(NEAR_MISSES) >= near_misses

    def test_the_set_is_never_trained_on():
        listed = door_set.folder / "in_training_by_chance.yml"
        by_chance = set(yaml.safe_load(listed.read_text())) if listed.exists() else set()
        overlap = sorted(trained_examples() & {m.text.lower() for m in door_set.messages} - by_chance)
        assert not overlap, f"{door_set.name} messages in data/nlu: {overlap}"

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
        """None under-triaged, at least 95 % exact; an emergency or crisis said along the
        way gets its reply first on that turn."""
        ended: List[Dict[str, Any]] = []
        for case in door_set.conversations:
            conv = Conversation(servers)
            out = drive(conv, case)
            kinds = [t["kind"] for t in out["turns"]]
            if case.get("expect") == "crisis":
                assert "crisis" in kinds, (case["name"], out["turns"])
                continue
            if case.get("expect") == "child":
                assert out["slots"]["age_under_16"] is True and not out["asked"], (case["name"], out["turns"])
                continue
            if case.get("expect") == "no_alarm":
                assert not {"emergency", "crisis"} & set(kinds), (case["name"], out["turns"])
                continue
            if case["level"] == "emergency":
                assert "emergency" in kinds, (case["name"], out["turns"])
            got = out["slots"]["triage_level"]
            ended.append({"name": case["name"], "expected": case["level"], "got": got, "asked": out["asked"]})
        under = [e for e in ended if e["got"] not in LEVELS or LEVELS.index(e["got"]) < LEVELS.index(e["expected"])]
        assert not under, f"under-triaged: {under}"
        wrong = [e for e in ended if e["got"] != e["expected"]]
        assert 1 - len(wrong) / len(ended) >= MIN_EXACT, f"{len(wrong)} of {len(ended)} at another level: {wrong}"

    return {name: f for name, f in locals().items() if name.startswith("test_")}
