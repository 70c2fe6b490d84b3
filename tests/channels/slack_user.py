"""A person on Slack, for end-to-end tests: posts real signed Events API and
interactivity requests to the Rasa server, and reads the bot's answers back from the
calls it made to the fake Slack API."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlencode

import requests

from channels.reply import LEVEL_COLOURS
from channels.slack import CARD_BLOCK, escape
from tests.e2e.server import Conversation

BOT_USER = "UBOT"  # the bot's user id, as the fake's auth.test names it
_LEVELS = {colour: level for level, colour in LEVEL_COLOURS.items()}


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 signature, by its recipe: slack_sdk's signer takes only UTF-8 bodies, and
    these tests sign other bytes too."""
    return "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()


def new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:10].upper()


def blocks_of(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    """A message's blocks in reading order: its own, then its attachments'."""
    return list(message.get("blocks") or []) + [
        b for a in message.get("attachments") or [] for b in a.get("blocks") or []]


def buttons_of(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [e for b in blocks_of(message) if b.get("type") == "actions" for e in b["elements"]]


class SlackUser:
    def __init__(self, servers: Any, platforms: Any, user: Optional[str] = None, channel: Optional[str] = None):
        self.user = user or new_id("U")
        self.channel = channel or new_id("D")  # a direct-message channel
        self.url = f"{servers.url}/webhooks/slack/webhook"
        self.fake = platforms.slack
        self.secret = platforms.slack_signing_secret
        self.conversation = Conversation(servers, sender=self.user)

    # --- What the person does ---------------------------------------------------------

    def say(self, text: str, thread_ts: Optional[str] = None) -> List[Dict[str, Any]]:
        return self.deliver(self.event_body(self.message_event(text, thread_ts)))

    def click(self, title: str) -> List[Dict[str, Any]]:
        """Clicks the button with this title on the bot's latest message with buttons."""
        ts, message = next(((ts, m) for ts, m in reversed(self.messages()) if buttons_of(m)), (None, None))
        if message is None:
            raise AssertionError("no bot message with buttons to click")
        button = next((b for b in buttons_of(message) if b["text"]["text"] == title), None)
        if button is None:
            raise AssertionError(f"no button {title!r}; there are {[b['text']['text'] for b in buttons_of(message)]}")
        shown = {k: message[k] for k in ("text", "blocks", "attachments", "thread_ts") if k in message}
        payload = {
            "type": "block_actions",
            "user": {"id": self.user},
            "channel": {"id": self.channel},
            "container": {"type": "message", "message_ts": ts, "channel_id": self.channel},
            "message": {**shown, "type": "message", "ts": ts, "bot_id": "BBOT", "user": BOT_USER},
            "actions": [{**button, "action_ts": f"{time.time():.6f}"}],
            "trigger_id": uuid.uuid4().hex,
        }
        return self.turn(lambda: self.post_form(payload))

    # --- Requests, as Slack makes them ------------------------------------------------

    def message_event(self, text: str, thread_ts: Optional[str] = None) -> Dict[str, Any]:
        event = {"type": "message", "channel_type": "im", "channel": self.channel, "user": self.user,
                 "text": escape(text), "ts": f"{time.time():.6f}"}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return event

    def event_body(self, event: Dict[str, Any], event_id: Optional[str] = None) -> Dict[str, Any]:
        return {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event": event,
                "event_id": event_id or new_id("Ev"), "event_time": int(time.time()),
                "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}]}

    def post(self, body: bytes, content_type: str = "application/json", signed: bool = True,
             timestamp: Optional[int] = None, headers: Optional[Dict[str, str]] = None) -> requests.Response:
        """One request to the webhook, signed with the real secret unless told otherwise."""
        sent = {"Content-Type": content_type}
        if signed:
            ts = str(int(time.time()) if timestamp is None else timestamp)
            sent.update({"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature(self.secret, ts, body)})
        sent.update(headers or {})
        return requests.post(self.url, data=body, headers=sent, timeout=60)

    def post_json(self, body: Dict[str, Any], **kwargs: Any) -> requests.Response:
        return self.post(json.dumps(body).encode(), **kwargs)

    def post_form(self, payload: Dict[str, Any], **kwargs: Any) -> requests.Response:
        return self.post(urlencode({"payload": json.dumps(payload)}).encode(),
                         "application/x-www-form-urlencoded", **kwargs)

    def deliver(self, body: Dict[str, Any], headers: Optional[Dict[str, str]] = None) -> List[Dict[str, Any]]:
        """Posts an Events API body and returns the bot's replies to it."""
        return self.turn(lambda: self.post_json(body, headers=headers))

    # --- What the person sees ---------------------------------------------------------

    def posts(self) -> List[Any]:
        """The bot's chat.postMessage calls to this channel, in order."""
        return [c for c in self.fake.snapshot()
                if c.method == "chat.postMessage" and c.body.get("channel") == self.channel]

    def updates(self) -> List[Any]:
        return [c for c in self.fake.snapshot()
                if c.method == "chat.update" and c.body.get("channel") == self.channel]

    def messages(self) -> List[Any]:
        """(ts, message) for each bot message in this channel as it looks now, chat.update
        applied. The fake API does not record the ts it gave, so each gets its own here."""
        shown = {f"{1_600_000_000 + i}.000100": dict(c.body) for i, c in enumerate(self.posts())}
        for update in self.updates():
            if update.body.get("ts") in shown:
                shown[update.body["ts"]].update({k: v for k, v in update.body.items() if k not in ("channel", "ts")})
        return list(shown.items())

    @staticmethod
    def reply_of(message: Dict[str, Any]) -> Dict[str, Any]:
        kinds = [b["block_id"][len(CARD_BLOCK):] for b in blocks_of(message)
                 if str(b.get("block_id", "")).startswith(CARD_BLOCK)]
        colours = [a.get("color") for a in message.get("attachments") or []]
        return {
            "text": unescape(message.get("text", "")),
            "buttons": [(b["text"]["text"], b["value"]) for b in buttons_of(message)],
            "kind": kinds[0] if kinds else None,
            "level": next((_LEVELS[c] for c in colours if c in _LEVELS), None),
            "thread_ts": message.get("thread_ts"),
        }

    def turn(self, send: Callable[[], requests.Response], limit: float = 90) -> List[Dict[str, Any]]:
        """Sends, then waits until the bot has finished the turn: the tracker has the new
        user message and is listening again, and Slack got one message per bot event."""
        users_before = self.conversation.users()
        posts_before = len(self.posts())
        r = send()
        assert r.status_code == 200, (r.status_code, r.text)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            bots = self.conversation.finished_turn(users_before)
            if bots is not None:
                shown = self.messages()[posts_before:]
                assert len(shown) <= len(bots), f"more Slack messages than bot events: {shown}"
                if len(shown) == len(bots):
                    return [self.reply_of(m) for _, m in shown]
            time.sleep(0.1)
        events = self.conversation.tracker()["events"]
        raise AssertionError(f"the turn did not complete; tracker events: "
                             f"{[(e['event'], e.get('name') or e.get('text')) for e in events]}; "
                             f"Slack messages: {[m.get('text') for _, m in self.messages()]}")

