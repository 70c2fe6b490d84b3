"""One scripted conversation through REST, socket.io, Slack and Telegram: every channel
must carry the same content on every turn (the same paragraphs, the same buttons, the
same cards) and end with the same triage in the tracker."""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Tuple

import pytest

from tests.channels.slack_user import SlackUser
from tests.channels.telegram_user import TelegramUser
from tests.e2e.server import Conversation
from tests.e2e.socket_user import SocketUser

# (what the person does, with what): "say" types, "click" presses a button by its title.
SCRIPT: List[Tuple[str, str]] = [
    ("say", "hi"),
    ("click", "Check my twitching"),
    ("say", "my left calf has been twitching for 4 days, I started running again"),
    ("say", "wait, can coffee cause twitching?"),
    *[("click", "None of these")] * 3,
    ("say", "what does benign fasciculation syndrome mean"),
    ("say", "oh no my arm suddenly went weak and my face is drooping"),
]


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Turn(dict):
    """A turn as the person receives it: paragraphs, buttons, cards."""


def turn_of(messages: List[Dict[str, Any]]) -> Turn:
    """Normalises a turn from the dicts every test client returns: text, buttons, and the
    card's kind and level."""
    return Turn(
        paragraphs=[words(p) for m in messages for p in (m.get("text") or "").split("\n\n") if p.strip()],
        buttons=[tuple(b) for m in messages for b in m.get("buttons") or []],
        cards=[(m.get("kind"), m.get("level")) for m in messages if m.get("kind")],
    )


def card_of(custom: Dict[str, Any]) -> Tuple[str, Any]:
    kind = custom.get("type")
    return kind, "emergency" if kind == "emergency" else custom.get("level")


class RestUser:
    def __init__(self, servers):
        self.conv = Conversation(servers)
        self.sender = self.conv.sender
        self.last: List[Dict[str, Any]] = []

    def say(self, text: str) -> List[Dict[str, Any]]:
        replies = self.conv.say(text)
        self.last = replies
        # Rasa's REST channel splits a text on blank lines and sends a card on its own;
        # put each message back together as the other channels send it.
        merged: List[Dict[str, Any]] = []
        for r in replies:
            if "custom" in r:
                kind, level = card_of(r["custom"])
                merged[-1].update(kind=kind, level=level)
            else:
                merged.append({"text": r.get("text", ""),
                               "buttons": [(b["title"], b["payload"]) for b in r.get("buttons", [])]})
        return merged

    def click(self, title: str) -> List[Dict[str, Any]]:
        payload = next(b["payload"] for r in reversed(self.last) for b in r.get("buttons", []) if b["title"] == title)
        return self.say(payload)


class SocketChannelUser:
    def __init__(self, servers):
        self.socket = SocketUser(servers).__enter__()
        self.sender = self.socket.session_id
        self.last: List[Dict[str, Any]] = []

    def say(self, text: str) -> List[Dict[str, Any]]:
        self.last = self.socket.send(text)
        out = []
        for event in self.last:
            kind, level = card_of(event["custom"]) if event.get("custom") else (None, None)
            out.append({"text": event.get("text", ""), "kind": kind, "level": level,
                        "buttons": [(b["title"], b["payload"]) for b in event.get("quick_replies", [])]})
        return out

    def click(self, title: str) -> List[Dict[str, Any]]:
        payload = next(b["payload"] for e in reversed(self.last) for b in e.get("quick_replies", []) if b["title"] == title)
        return self.say(payload)

    def close(self) -> None:
        self.socket.__exit__(None, None, None)


CHANNELS: Dict[str, Callable[[Any, Any], Any]] = {
    "rest": lambda servers, platforms: RestUser(servers),
    "socketio": lambda servers, platforms: SocketChannelUser(servers),
    "slack": lambda servers, platforms: SlackUser(servers, platforms),
    "telegram": lambda servers, platforms: TelegramUser(servers, platforms),
}


def sender_of(user: Any) -> str:
    for attr in ("sender", "user", "chat_id"):
        if hasattr(user, attr):
            return str(getattr(user, attr))
    raise AttributeError("no sender id")


@pytest.fixture(scope="module")
def transcripts(servers, platforms):
    """Runs the script once per channel: the turns each person saw, and the final slots."""
    out = {}
    for name, make in CHANNELS.items():
        user = make(servers, platforms)
        try:
            turns = [turn_of(getattr(user, action)(arg)) for action, arg in SCRIPT]
        finally:
            getattr(user, "close", lambda: None)()
        out[name] = (turns, Conversation(servers, sender=sender_of(user)).slots())
    return out


@pytest.mark.parametrize("channel", ["socketio", "slack", "telegram"])
def test_every_turn_carries_the_same_content_as_rest(transcripts, channel):
    rest, _ = transcripts["rest"]
    other, _ = transcripts[channel]
    assert len(other) == len(rest)
    for (action, arg), want, got in zip(SCRIPT, rest, other):
        where = f"{channel}, after {action} {arg!r}"
        assert want["paragraphs"], f"rest said nothing {where}"
        shown = " ".join(got["paragraphs"])
        missing = [p for p in want["paragraphs"] if p not in shown]
        assert not missing, f"{where}: missing {missing}"
        assert got["buttons"] == want["buttons"], where
        assert got["cards"] == want["cards"], where


@pytest.mark.parametrize("channel", ["socketio", "slack", "telegram"])
def test_every_channel_ends_with_the_same_triage(transcripts, channel):
    _, rest = transcripts["rest"]
    _, other = transcripts[channel]
    for slot in ("twitch_location", "twitch_duration_days", "weakness", "triage_level", "red_flags", "faq_topic"):
        assert other[slot] == rest[slot], slot
    assert rest["triage_level"] == "emergency" and rest["faq_topic"] == "bfs"


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_the_script_reaches_a_result_card_and_the_emergency_advice_first(transcripts, channel):
    turns, _ = transcripts[channel]
    assert ("triage_result", "self_care") in [c for t in turns for c in t["cards"]]
    assert turns[-1]["cards"][0] == ("emergency", "emergency")
    assert "emergency" in turns[-1]["paragraphs"][0].lower(), "the advice comes first"
