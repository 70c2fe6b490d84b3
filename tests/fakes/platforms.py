"""Fake Slack and Telegram Web APIs, and the settings that point the bot at them."""
from __future__ import annotations

import itertools
import secrets
import time
from typing import Any, Dict, Mapping

from tests.fakes.platform_api import FakePlatformApi

TELEGRAM_BOT = {"id": 424242, "is_bot": True, "first_name": "Twitch Assistant", "username": "twitch_test_bot"}
# The bot's messages in each chat are numbered 1, 2, 3, ... in the order it sends them.
_message_ids: Dict[int, Any] = {}


def slack_answer(method: str, body: Mapping[str, Any]) -> Dict[str, Any]:
    if method == "auth.test":
        return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
    # chat.update keeps the message's ts; a new message gets a new one.
    ts = str(body.get("ts") or "") if method == "chat.update" else f"{time.time():.6f}"
    return {"ok": True, "channel": body.get("channel"), "ts": ts,
            "message": {"text": body.get("text", ""), "ts": ts, "bot_id": "BBOT"}}


def telegram_answer(method: str, body: Mapping[str, Any]) -> Dict[str, Any]:
    if method == "getMe":
        return {"ok": True, "result": TELEGRAM_BOT}
    if method in ("sendMessage", "editMessageReplyMarkup", "editMessageText"):
        chat_id = int(str(body.get("chat_id", "0")) or 0)
        # As in a private chat: a new message takes the chat's next id, an edit keeps its own.
        message_id = (next(_message_ids.setdefault(chat_id, itertools.count(1))) if method == "sendMessage"
                      else int(str(body.get("message_id", "0")) or 0))
        return {"ok": True, "result": {
            "message_id": message_id, "date": int(time.time()), "text": body.get("text", ""),
            "chat": {"id": chat_id, "type": "private"}, "from": TELEGRAM_BOT}}
    return {"ok": True, "result": True}


class Platforms:
    """Both fake APIs, with fresh secrets, as the bot's environment sees them."""

    def __init__(self) -> None:
        self.slack = FakePlatformApi(slack_answer)
        self.telegram = FakePlatformApi(telegram_answer)
        self.slack_signing_secret = secrets.token_hex(16)
        self.slack_token = "xoxb-test-" + secrets.token_hex(8)
        self.telegram_token = "123456789:" + secrets.token_urlsafe(24)
        self.telegram_secret = secrets.token_urlsafe(24)
        self.telegram_admin_token = secrets.token_urlsafe(24)

    def start(self) -> "Platforms":
        self.slack.start()
        self.telegram.start()
        return self

    def stop(self) -> None:
        self.slack.stop()
        self.telegram.stop()

    def env(self) -> Dict[str, str]:
        return {
            "SLACK_BOT_TOKEN": self.slack_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_API_URL": self.slack.url + "/api/",
            "TELEGRAM_TOKEN": self.telegram_token,
            "TELEGRAM_SECRET_TOKEN": self.telegram_secret,
            "TELEGRAM_API_URL": self.telegram.url,
            "TELEGRAM_WEBHOOK_URL": "",
            "TELEGRAM_ADMIN_TOKEN": self.telegram_admin_token,
        }
