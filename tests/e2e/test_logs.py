"""At INFO, no process's log carries what the user said, a slot value or a chat id:
a conversation full of symptoms over REST and an update over Telegram, then every line
the servers wrote (Rasa, the action server, the web page, the purge) is searched."""
from __future__ import annotations

import json

from tests.channels.telegram_user import TelegramUser
from tests.e2e.server import Conversation

SAID = [
    "my right thigh and left calf have been twitching for three weeks",
    "I have numbness and tingling in my toes",
    "my grip feels weaker and I struggle with stairs",
    "it started after I switched to decaf espresso",
]
# Words of those messages (and the slot values they set) that no log line has reason to hold.
WORDS = ["thigh", "calf", "numbness", "tingling", "toes", "grip", "weaker", "stairs", "decaf", "espresso",
         "eyebrow", "tuesday"]


def test_info_logs_hold_no_message_text_slot_value_or_id(servers, platforms):
    assert servers.env().get("LOG_LEVEL", "INFO").upper() == "INFO"
    c = Conversation(servers)
    for text in SAID:
        c.say(text)
    assert c.slots()["twitch_location"]  # the words were read, so they were there to leak
    tg = TelegramUser(servers, platforms)
    tg.say("my eyebrow has been twitching since tuesday")
    assert tg.sent(), "the Telegram update was answered"

    log = servers.log.read_text(errors="replace")
    lowered = log.lower()
    leaked = [w for w in WORDS if w in lowered]
    assert not leaked, f"words the user said are in the logs: {leaked}"
    assert c.sender not in log, "a REST sender id is in the logs"
    assert str(tg.chat_id) not in log, "a Telegram chat id is in the logs"

    records = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    loggers = {r.get("logger", "") for r in records}
    assert any(name.startswith("rasa") for name in loggers), "Rasa's lines are not JSON"
    assert any(name.startswith("rasa_sdk") for name in loggers), "the action server's lines are not JSON"
    assert all({"level", "timestamp", "event"} <= r.keys() for r in records)
