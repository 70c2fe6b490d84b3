"""Fake Slack and Telegram Web APIs, and the settings that point the bot at them."""
from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
from typing import Any, Dict, Mapping

from tests.fakes.platform_api import FakePlatformApi

TELEGRAM_BOT = {"id": 424242, "is_bot": True, "first_name": "Twitch Assistant", "username": "twitch_test_bot"}
# The bot's messages in each chat are numbered 1, 2, 3, ... in the order it sends them.
_message_ids: Dict[int, Any] = {}
_photo_ids = itertools.count(1)
PHOTO_IDS = 10**6
# The path of the fake Slack's upload URLs; the fake reads its last part as the method.
UPLOAD_PREFIX = "upload."


def slack_answer(method: str, body: Mapping[str, Any], base_url: str = "") -> Dict[str, Any]:
    if method == "auth.test":
        return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
    # A file upload (files_upload_v2): a URL to send the bytes to, the bytes, then completion.
    if method == "files.getUploadURLExternal":
        file_id = "F" + secrets.token_hex(5).upper()
        return {"ok": True, "file_id": file_id, "upload_url": f"{base_url}/upload/{UPLOAD_PREFIX}{file_id}"}
    if method.startswith(UPLOAD_PREFIX):
        return {"ok": True}
    if method == "files.completeUploadExternal":
        files = body.get("files") or "[]"  # a JSON string in a form, a list in a JSON body
        files = json.loads(files) if isinstance(files, str) else files
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
    # chat.update keeps the message's ts; a new message gets a new one.
    ts = str(body.get("ts") or "") if method == "chat.update" else f"{time.time():.6f}"
    return {"ok": True, "channel": body.get("channel"), "ts": ts,
            "message": {"text": body.get("text", ""), "ts": ts, "bot_id": "BBOT"}}


def telegram_answer(method: str, body: Mapping[str, Any]) -> Dict[str, Any]:
    if method == "getMe":
        return {"ok": True, "result": TELEGRAM_BOT}
    if method == "sendPhoto":  # numbered apart, so the chat's text messages keep 1, 2, 3, ...
        chat_id = int(str(body.get("chat_id", "0")) or 0)
        return {"ok": True, "result": {
            "message_id": PHOTO_IDS + next(_photo_ids), "date": int(time.time()),
            "photo": [{"file_id": "p1", "file_unique_id": "p1", "width": 800, "height": 600}],
            "chat": {"id": chat_id, "type": "private"}, "from": TELEGRAM_BOT}}
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
        # Cleared, Slack's chat.postMessage waits until it is set again: a turn held in flight.
        self.slack_answers = threading.Event()
        self.slack_answers.set()

        def slack(method: str, body: Mapping[str, Any]) -> Dict[str, Any]:
            if method == "chat.postMessage":
                self.slack_answers.wait(timeout=120)
            return slack_answer(method, body, self.slack.url)

        self.slack = FakePlatformApi(slack)
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
