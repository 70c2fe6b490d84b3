"""Every crisis and emergency message of the door set (tests/nlu_door) through REST,
socket.io, Slack and Telegram: on each channel the crisis reply or the emergency advice
is the first message the person receives (CONTRACT.md section 3 and Crisis). The four
channels of one message run at once, each as a new user, against one server set."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Tuple

import pytest

from tests.channels.slack_user import SlackUser
from tests.channels.telegram_user import TelegramUser
from tests.e2e.server import Conversation
from tests.e2e.socket_user import SocketUser
from tests.nlu_door import door_set

CASES = [(t, "crisis") for t in door_set.texts("crisis")] + [(t, "emergency") for t in door_set.texts("emergency")]


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def rest(servers, platforms, text) -> Tuple[str, List[Dict[str, Any]]]:
    conv = Conversation(servers)
    replies = conv.say(text)
    # Rasa's REST channel sends each paragraph, then the card, as messages of their own.
    first_card = next((i for i, r in enumerate(replies) if "custom" in r), len(replies))
    first = {"text": " ".join(r.get("text", "") for r in replies[:first_card]),
             "card": replies[first_card]["custom"].get("type") if first_card < len(replies) else None}
    return conv.sender, [first]


def socketio(servers, platforms, text):
    with SocketUser(servers) as user:
        events = user.send(text)
    return user.session_id, [{"text": e.get("text", ""), "card": (e.get("custom") or {}).get("type")} for e in events]


def slack(servers, platforms, text):
    user = SlackUser(servers, platforms)
    return user.user, [{"text": r["text"], "card": r["kind"]} for r in user.say(text)]


def telegram(servers, platforms, text):
    user = TelegramUser(servers, platforms)
    return str(user.chat_id), [{"text": r["text"], "card": r["kind"]} for r in user.say(text)]


CHANNELS = {"rest": rest, "socketio": socketio, "slack": slack, "telegram": telegram}
# Where the channel shows the card's type itself (REST and socket.io pass the payload on;
# Slack and Telegram draw the emergency card). Elsewhere the text tells which message it is.
SHOWS_CARD = {"rest": {"crisis", "emergency"}, "socketio": {"crisis", "emergency"},
              "slack": {"emergency"}, "telegram": {"emergency"}}


def first_bot_event(servers, sender: str) -> Dict[str, Any]:
    events = Conversation(servers, sender=sender).tracker()["events"]
    last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
    return next(e for e in events[last_user:] if e["event"] == "bot")


def check(servers, platforms, channel: str, text: str, kind: str) -> List[str]:
    """What is wrong on one channel: [] when the reply of this kind came first."""
    sender, shown = CHANNELS[channel](servers, platforms, text)
    bot = first_bot_event(servers, sender)
    problems = []
    if ((bot.get("data") or {}).get("custom") or {}).get("type") != kind:
        problems.append(f"{channel}: the first bot message is not the {kind} reply: {bot.get('text')!r}")
    first_paragraph = words((bot.get("text") or "").split("\n\n")[0])
    if not shown or first_paragraph not in words(shown[0]["text"]):
        problems.append(f"{channel}: the person first saw {shown[:1]}, not {first_paragraph!r}")
    elif kind in SHOWS_CARD[channel] and shown[0]["card"] != kind:
        problems.append(f"{channel}: the first message's card is {shown[0]['card']!r}, not {kind!r}")
    return problems


@pytest.mark.parametrize("text, kind", CASES)
def test_crisis_or_emergency_reply_first_on_every_channel(servers, platforms, text, kind):
    with ThreadPoolExecutor(len(CHANNELS)) as pool:
        found = pool.map(lambda channel: check(servers, platforms, channel, text, kind), CHANNELS)
        problems = [p for channel_problems in found for p in channel_problems]
    assert not problems, "\n".join(problems)
