"""A person on Telegram: sends real, secret-bearing updates to the Rasa server and reads
the bot's replies back from what it sent to the fake Telegram API."""
from __future__ import annotations

import html
import itertools
import json
import re
import secrets
import time
from typing import Any, Dict, List, Optional, Tuple

import requests

from channels.reply import CRISIS_EMOJI, LEVEL_EMOJI
from channels.telegram import SECRET_HEADER
from tests.e2e.server import Conversation, Servers
from tests.fakes.platform_api import Call
from tests.fakes.platforms import TELEGRAM_BOT, Platforms

WEBHOOK = "/webhooks/telegram/webhook"
TURN_LIMIT = 60  # seconds a turn may take before the test gives up
_LEVEL_OF_EMOJI = {emoji: level for level, emoji in LEVEL_EMOJI.items()}
# The rendered card lines: a bold emoji and label on top, an italic sources line below.
_HEADER = re.compile(r"<b>(\S+) .*</b>")
_SOURCES = re.compile(r"<i>Sources: .*</i>", re.S)
_TAG = re.compile(r"</?[a-z]+>")
# Update ids are unique across every user of a test run, as Telegram's are across a bot.
_update_ids = itertools.count(secrets.randbelow(10**6) * 1000)


def plain(markup: str) -> str:
    """What the user reads in an HTML-mode message."""
    return html.unescape(_TAG.sub("", markup))


def buttons_of(call: Call) -> List[Tuple[str, str]]:
    markup = call.body.get("reply_markup")
    rows = json.loads(markup)["inline_keyboard"] if markup else []
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


def read(parts: List[Call]) -> Dict[str, Any]:
    """One bot message, from the sendMessage calls it took (one unless it was split)."""
    paragraphs = [p for call in parts for p in call.body["text"].split("\n\n")]
    kind = level = None
    header = _HEADER.fullmatch(paragraphs[0])
    if header and header.group(1) in _LEVEL_OF_EMOJI:
        level = _LEVEL_OF_EMOJI[header.group(1)]
        kind = "emergency" if level == "emergency" else "triage_result"
        paragraphs = paragraphs[1:]
    elif header and header.group(1) == CRISIS_EMOJI:
        kind = "crisis"
        paragraphs = paragraphs[1:]
    elif _SOURCES.fullmatch(paragraphs[-1]):
        kind = "faq"
        paragraphs = paragraphs[:-1]
    return {"text": "\n\n".join(plain(p) for p in paragraphs), "buttons": buttons_of(parts[-1]),
            "kind": kind, "level": level}


def _words(text: str) -> str:
    return " ".join(text.split())


class TelegramUser:
    def __init__(self, servers: Servers, platforms: Platforms, chat_id: Optional[int] = None):
        self.servers, self.platforms = servers, platforms
        self.chat_id = chat_id if chat_id is not None else 10**9 + secrets.randbelow(10**12)
        self.conversation = Conversation(servers, sender=str(self.chat_id))
        self._callback_ids = itertools.count(1)

    # --- what the user does -----------------------------------------------------------

    def say(self, text: str) -> List[Dict[str, Any]]:
        return self._turn({"message": {
            "message_id": secrets.randbelow(10**6), "date": int(time.time()), "text": text,
            "from": self._user(), "chat": {"id": self.chat_id, "type": "private"}}})

    def click(self, title: str) -> List[Dict[str, Any]]:
        """Presses the button with this title on the bot's latest message with buttons."""
        # The fake numbers the bot's messages in a chat 1, 2, 3, ... as Telegram does.
        with_buttons = [(i, c) for i, c in enumerate(self.sent(), start=1) if buttons_of(c)]
        if not with_buttons:
            raise AssertionError("the bot has sent no message with buttons")
        message_id, call = with_buttons[-1]
        data = dict(buttons_of(call)).get(title)
        if data is None:
            raise AssertionError(f"no button {title!r}; the buttons are {buttons_of(call)}")
        return self._turn({"callback_query": {
            "id": f"{self.chat_id}-{next(self._callback_ids)}", "from": self._user(),
            "chat_instance": str(self.chat_id), "data": data,
            "message": {"message_id": message_id, "date": int(time.time()), "text": plain(call.body["text"]),
                        "from": TELEGRAM_BOT, "chat": {"id": self.chat_id, "type": "private"},
                        "reply_markup": json.loads(call.body["reply_markup"])}}})

    def post(self, update: Dict[str, Any], headers: Optional[Dict[str, str]] = None) -> requests.Response:
        """Posts an update as Telegram would: a fresh update_id unless it has one, and the
        secret header unless other headers are given."""
        update = {"update_id": next(_update_ids), **update}
        if headers is None:
            headers = {SECRET_HEADER: self.platforms.telegram_secret}
        return requests.post(self.servers.url + WEBHOOK, json=update, headers=headers, timeout=TURN_LIMIT)

    # --- what the bot did -------------------------------------------------------------

    def calls(self, method: str) -> List[Call]:
        """The bot's calls of one Telegram method for this chat, oldest first."""
        return [c for c in self.platforms.telegram.snapshot()
                if c.method == method and str(c.body.get("chat_id")) == str(self.chat_id)]

    def sent(self) -> List[Call]:
        return self.calls("sendMessage")

    def _user(self) -> Dict[str, Any]:
        return {"id": self.chat_id, "is_bot": False, "first_name": "Test", "language_code": "en"}

    def _turn(self, update: Dict[str, Any]) -> List[Dict[str, Any]]:
        before, users_before = len(self.sent()), self.conversation.users()
        r = self.post(update)
        assert r.status_code == 200, (r.status_code, r.text)
        deadline = time.monotonic() + TURN_LIMIT
        while time.monotonic() < deadline:
            replies = self._replies(before, users_before)
            if replies is not None:
                return replies
            time.sleep(0.1)
        raise AssertionError(f"the turn did not complete; tracker: {self.conversation.tracker()['events'][-5:]}")

    def _replies(self, before: int, users_before: int) -> Optional[List[Dict[str, Any]]]:
        """The turn's replies once it is over: Rasa has finished the turn, and each of its
        bot messages has reached Telegram."""
        bots = self.conversation.finished_turn(users_before)
        if bots is None:
            return None
        texts = [e.get("text") for e in bots if (e.get("text") or "").strip()]
        parts, replies = self.sent()[before:], []
        for text in texts:  # a message split in parts is read back as one
            for taken in range(1, len(parts) + 1):
                reply = read(parts[:taken])
                if len(_words(reply["text"])) >= len(_words(text)):
                    break
            else:
                return None  # a part is still on its way
            replies.append(reply)
            parts = parts[taken:]
        return replies
