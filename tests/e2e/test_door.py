"""The door set (tests/nlu_door) through the running bot over REST, each message in a
fresh conversation (CONTRACT.md section 3 and Crisis):
- every crisis message gets the crisis reply first, every emergency message the
  emergency advice first, also in the middle of a triage;
- no near-miss gets either;
- every twitch description starts the triage: never the fallback, never an FAQ answer."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml

from tests.e2e.server import Conversation, texts
from tests.nlu_door import door_set

CRISIS = door_set.texts("crisis")
EMERGENCY = door_set.texts("emergency")
NEAR_MISSES = [n["text"] for n in door_set.near_misses()]
TWITCH = door_set.twitch_descriptions()
# The first twitch description of a triage that a crisis or an emergency interrupts.
TRIAGE_START = "my calf has been twitching for 4 days"
FALLBACK = "didn't understand"


def turn(conv: Conversation, text: str) -> Dict[str, Any]:
    """Says text and returns what the tracker shows of the turn: its bot events, its
    actions, and the REST replies."""
    users = conv.users()
    replies = conv.say(text)
    events = conv.tracker("ALL")["events"]
    users_at = [i for i, e in enumerate(events) if e["event"] == "user"]
    assert len(users_at) > users, f"the tracker has no new user message for {text!r}"
    events = events[users_at[-1]:]
    return {"bots": [e for e in events if e["event"] == "bot"],
            "actions": [e["name"] for e in events if e["event"] == "action"],
            "replies": replies}


def card(bot: Dict[str, Any]) -> Optional[str]:
    return ((bot.get("data") or {}).get("custom") or {}).get("type")


def cards(t: Dict[str, Any]) -> List[Optional[str]]:
    return [card(b) for b in t["bots"]]


def assert_first(t: Dict[str, Any], kind: str) -> None:
    """The turn's first bot message carries {"type": kind}, and REST delivers it first."""
    assert t["bots"], "the bot said nothing"
    assert card(t["bots"][0]) == kind, f"first message {t['bots'][0].get('text')!r} with cards {cards(t)}"
    first_custom = next((r["custom"] for r in t["replies"] if "custom" in r), {})
    assert first_custom.get("type") == kind, f"REST replies {t['replies']}"
    first_text = (t["bots"][0].get("text") or "").strip()
    assert first_text.startswith((t["replies"][0].get("text") or "").strip()), "REST starts with another message"


def test_the_door_set_is_complete_and_its_near_misses_agree():
    """door_nlu.yml and near_misses.yml list the same near-misses with the same intents."""
    examples = door_set.examples()
    assert len(examples) >= 350 and len({e.text for e in examples}) == len(examples)
    in_set = {e.text: e.intent for e in examples if e.style == "near_miss"}
    listed = {n["text"]: n["intent"] for n in door_set.near_misses()}
    assert in_set == listed
    assert all(n.get("why") and n.get("kind") for n in door_set.near_misses())


def trained_examples() -> set:
    """Every training example in data/nlu, lowercased (the door sets must not be there)."""
    root = Path(__file__).resolve().parents[2]
    return {line.strip()[2:].strip().lower()
            for path in (root / "data" / "nlu").glob("*.yml")
            for block in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []
            for line in str(block.get("examples", "")).splitlines() if line.strip()}


def test_the_door_set_is_never_trained_on():
    overlap = sorted(trained_examples() & {e.text.lower() for e in door_set.examples()})
    assert not overlap, f"door-set messages in data/nlu: {overlap}"


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
    t = turn(conv, text)
    assert_first(t, "crisis")
    asked = [a for a in t["actions"] if a.startswith(("action_ask_", "utter_ask_"))]
    assert not asked, f"straight back to the triage: {asked}"


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
    assert conv.slots()["triage_level"] == "emergency"


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_no_near_miss_gets_the_emergency_or_crisis_reply(servers, text):
    conv = Conversation(servers)
    t = turn(conv, text)
    assert not {"emergency", "crisis"} & set(cards(t)), f"cards {cards(t)}: {texts(t['replies'])[:200]}"
    slots = conv.slots()
    assert slots["triage_level"] != "emergency" and not slots["crisis"]


@pytest.mark.parametrize("text", TWITCH)
def test_every_twitch_description_starts_the_triage(servers, text):
    conv = Conversation(servers)
    t = turn(conv, text)
    said = texts(t["replies"])
    assert FALLBACK not in said, "the fallback"
    assert "faq" not in cards(t) and not conv.slots()["faq_topic"], f"an FAQ answer ({conv.slots()['faq_topic']})"
    assert conv.asked() or "triage_result" in cards(t), f"no triage question or result: {said[:200]}"
