"""Slack, as Rasa's Slack connector with what it lacks for a real workspace: every
request verified first, Events API retries answered once, replies in the user's
thread, and each bot message rendered whole (text, buttons and card) as one Slack
message. Without a token and a signing secret the channel is off and says so."""
from __future__ import annotations

import asyncio
import json
import logging
import time
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Sequence, Text
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from channels.journal_media import FILENAME, chart_png
from channels.message_checks import clean_text
from channels.rate_limits import take
from channels.recent_ids import recent_ids
from channels.webhook import guarded_blueprint, refuse_unreadable
from channels.reply import Reply, from_rasa, sources_line

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
REMEMBERED_EVENTS = 10_000
# How long a stopping server waits for the turns Slack was already told were received
# (scripts/instance.sh and deploy/cluster.py wait 60 s for the whole server).
FINISH_TURNS_SECONDS = 45
# Slack's limits (api.slack.com/reference/block-kit): past them it refuses the message.
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BUTTONS = 25
MAX_BUTTON_TITLE = 75
# Marks a card's own block, so a reader of the message knows what it shows.
CARD_BLOCK = "card:"

OFF = "Slack is not set up on this server."
UNSIGNED = "The request is not signed by Slack."


# --- Signature ------------------------------------------------------------------------

class _At(Clock):
    """SignatureVerifier's clock, set to when the request arrived."""

    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def signature_ok(secret: str, timestamp: str, body: bytes, signature: str, now: float) -> bool:
    """Slack's v0 signature and its five-minute window against replays, checked by
    slack_sdk (api.slack.com/authentication/verifying-requests-from-slack)."""
    try:
        return SignatureVerifier(secret, clock=_At(now)).is_valid(body, timestamp, signature)
    except (ValueError, TypeError):  # a timestamp that is no integer, a signature that is not ASCII
        return False


# --- Rendering ------------------------------------------------------------------------

def escape(text: str) -> str:
    """Slack reads &, < and > as markup; these three are all it asks to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pieces(escaped: str) -> List[str]:
    """An escaped paragraph in parts that fit a section, cut at a space where there is one
    and never inside an escape."""
    out = []
    while len(escaped) > MAX_SECTION_CHARS:
        cut = escaped.rfind(" ", 1, MAX_SECTION_CHARS + 1)
        if cut == -1:
            cut = MAX_SECTION_CHARS
            amp = escaped.rfind("&", cut - 4, cut)
            cut = amp if amp > 0 else cut
        out.append(escaped[:cut])
        escaped = escaped[cut:].lstrip(" ")
    return out + [escaped]


def _fit(pieces: List[str], budget: int) -> List[str]:
    """At most budget section texts: paragraphs packed together when there are too many."""
    if len(pieces) <= budget:
        return pieces
    packed: List[str] = []
    for piece in pieces:
        if packed and len(packed[-1]) + 2 + len(piece) <= MAX_SECTION_CHARS:
            packed[-1] += "\n\n" + piece
        else:
            packed.append(piece)
    return packed[:budget]


def _plain(text: str, limit: int) -> Dict[str, Any]:
    text = text if len(text) <= limit else text[: limit - 1] + "\u2026"
    return {"type": "plain_text", "text": text, "emoji": True}


def _header(reply: Reply) -> List[Dict[str, Any]]:
    if reply.kind not in ("triage_result", "emergency", "crisis") or not reply.emoji:
        return []
    text = f"{reply.emoji} {reply.label}"
    return [{"type": "header", "block_id": CARD_BLOCK + reply.kind, "text": _plain(text, MAX_HEADER_CHARS)}]


def _actions(reply: Reply) -> List[Dict[str, Any]]:
    if not reply.buttons:
        return []
    return [{"type": "actions", "block_id": "buttons", "elements": [
        {"type": "button", "action_id": f"button-{i}", "value": b.payload,
         "text": _plain(b.title, MAX_BUTTON_TITLE)}
        for i, b in enumerate(reply.buttons[:MAX_BUTTONS])]}]


def _sources(reply: Reply) -> List[Dict[str, Any]]:
    if reply.kind != "faq":
        return []
    return [{"type": "context", "block_id": CARD_BLOCK + "faq",
             "elements": [{"type": "mrkdwn", "text": escape(sources_line(reply.card or {}))}]}]


def render(reply: Reply) -> Dict[str, Any]:
    """The chat.postMessage arguments (all but channel and thread) for one Reply.
    A result, emergency or crisis card goes in an attachment for its colour bar; its
    header stays on top so it is the first thing read."""
    head, tail = _header(reply), _actions(reply) + _sources(reply)
    pieces = [piece for p in reply.paragraphs for piece in _pieces(escape(p))]
    sections = [{"type": "section", "text": {"type": "mrkdwn", "text": t}}
                for t in _fit(pieces, MAX_BLOCKS - len(head) - len(tail))]
    out: Dict[str, Any] = {"text": escape("\n\n".join(reply.paragraphs))}
    colour = reply.colour
    if colour:
        out["blocks"] = head
        out["attachments"] = [{"color": colour, "blocks": sections + tail}]
    else:
        out["blocks"] = head + sections + tail
    return out


def chosen(message: Mapping[str, Any], action_id: str, title: str) -> Dict[str, Any]:
    """chat.update arguments (all but channel and ts) that show a clicked message with its
    buttons replaced by what the user chose, so old buttons cannot be clicked again."""
    def swap(blocks: Any) -> Any:
        if not isinstance(blocks, list):
            return blocks
        return [{"type": "context", "elements": [{"type": "mrkdwn", "text": f"You chose: *{escape(title)}*"}]}
                if isinstance(b, dict) and b.get("type") == "actions"
                and any(isinstance(e, dict) and e.get("action_id") == action_id for e in b.get("elements", []))
                else b for b in blocks]

    out: Dict[str, Any] = {"text": message.get("text", ""), "blocks": swap(message.get("blocks", []))}
    if isinstance(message.get("attachments"), list):
        out["attachments"] = [{**a, "blocks": swap(a["blocks"])} if isinstance(a, dict) and "blocks" in a else a
                              for a in message["attachments"]]
    return out


# --- Output ---------------------------------------------------------------------------

class SlackOutput(SlackBot):
    def __init__(self, token: Text, api_url: Text, channel: Optional[Text], thread_ts: Optional[Text]) -> None:
        super().__init__(token, channel, thread_ts)
        # Rasa's client always talks to slack.com; ours can be pointed elsewhere.
        self.client = AsyncWebClient(token, base_url=api_url)

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        reply = from_rasa(message)
        channel = self.slack_channel or recipient_id
        await self._post_message(channel=channel, **render(reply))
        png = await chart_png(reply)
        if png is not None:  # the journal's chart, as a file in the same place
            try:
                await self.client.files_upload_v2(channel=channel, thread_ts=self.thread_id, file=png,
                                                  filename=FILENAME, title=FILENAME, alt_txt=reply.text[:1000])
            except (SlackClientError, aiohttp.ClientError) as e:  # the text went out; the picture is extra
                logger.warning("Slack refused the journal chart: %s", e)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


# --- Input ----------------------------------------------------------------------------

class BadRequest(Exception):
    """The request is signed but cannot be read; its message says why."""


def _obj(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def bot_user_ids(body: Mapping[str, Any]) -> List[str]:
    """The bot's own user ids, as the Events API names them in each event."""
    authorizations = body.get("authorizations")
    ids = [_str(_obj(a).get("user_id")) for a in authorizations] if isinstance(authorizations, list) else []
    authed = body.get("authed_users")
    ids += [_str(u) for u in authed] if isinstance(authed, list) else []
    return [i for i in ids if i]


def user_message(event: Mapping[str, Any], bot_ids: Sequence[str]) -> bool:
    """Whether an event is a person talking to the bot: a direct message or a mention.
    Edits, deletions and other subtypes, and anything a bot (this one too) said, are not."""
    talking = event.get("type") == "app_mention" or (
        event.get("type") == "message" and event.get("channel_type") == "im")
    user = _str(event.get("user"))
    return (talking and not event.get("subtype") and not event.get("bot_id")
            and user is not None and user not in bot_ids
            and _str(event.get("channel")) is not None and isinstance(event.get("text"), str))


def _json_body(raw: bytes) -> Dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadRequest("The body is not valid JSON.")
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object.")
    return body


def _form_payload(raw: bytes) -> Dict[str, Any]:
    try:
        payload = parse_qs(raw.decode("utf-8")).get("payload")
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("The body is not a readable form.")
    if not payload:
        raise BadRequest("The form has no payload.")
    return _json_body(payload[0].encode())


class SlackChannel(SlackInput):
    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SlackChannel":
        credentials = credentials or {}
        return cls(credentials.get("slack_token") or "", credentials.get("slack_signing_secret") or "",
                   credentials.get("api_url") or DEFAULT_API_URL)

    def __init__(self, slack_token: Text, slack_signing_secret: Text, api_url: Text = DEFAULT_API_URL) -> None:
        super().__init__(slack_token, slack_signing_secret=slack_signing_secret)
        self.api_url = api_url
        self._events = recent_ids("slack events", REMEMBERED_EVENTS)

    def _validate_credentials(self) -> None:
        """Rasa refuses to start without a signing secret; here the channel is off instead."""

    @property
    def is_on(self) -> bool:
        return bool(self.slack_token and self.slack_signing_secret)

    def is_request_from_slack_authentic(self, request: Request) -> bool:
        return signature_ok(self.slack_signing_secret, request.headers.get("X-Slack-Request-Timestamp", ""),
                            request.body, request.headers.get("X-Slack-Signature", ""), time.time())

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return SlackOutput(self.slack_token, self.api_url, channel or self.slack_channel, thread_id)

    def _start(self, work: Awaitable[Any]) -> None:
        """Runs work in the background: Slack wants its answer within three seconds."""
        task = asyncio.create_task(work)
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    def _typed(self, text: str, bot_ids: Sequence[str]) -> str:
        """What the user typed, without the bot's mention and Slack's escapes, cleaned."""
        text = self._sanitize_user_message(text, list(bot_ids))
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        return clean_text(text)

    def _message(self, text: str, user: str, channel: str, thread_ts: Optional[str],
                 bot_ids: Sequence[str]) -> UserMessage:
        metadata = {"out_channel": channel, "thread_id": thread_ts, "users": list(bot_ids)}
        return UserMessage(text, self.get_output_channel(channel, thread_ts),
                           self._get_conversation_id(user, channel, thread_ts),
                           input_channel=self.name(), metadata=metadata)

    async def _on_event(self, body: Dict[str, Any],
                        on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if body.get("type") == "url_verification":
            if not _str(body.get("challenge")):
                raise BadRequest("url_verification needs a challenge.")
            return response.json({"challenge": body["challenge"]})
        if body.get("type") != "event_callback":
            return response.text("")
        event = body.get("event")
        if not isinstance(event, dict):
            raise BadRequest("event_callback needs an event object.")
        event_id = _str(body.get("event_id"))
        user, channel = _str(event.get("user")), _str(event.get("channel"))
        conversation = self._get_conversation_id(user, channel, _str(event.get("thread_ts"))) if user and channel else ""
        if event_id and not await self._events.add(event_id, conversation or ""):
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        bot_ids = bot_user_ids(body)
        text = self._typed(event["text"], bot_ids) if user_message(event, bot_ids) else ""
        if text:
            self._start(take(
                self._message(text, event["user"], event["channel"], _str(event.get("thread_ts")), bot_ids),
                on_new_message))
        return response.text("")

    def _on_click(self, payload: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        actions = payload.get("actions")
        action = _obj(actions[0]) if isinstance(actions, list) and actions else {}
        value = _str(action.get("value"))
        if payload.get("type") != "block_actions" or action.get("type") != "button" or value is None:
            return response.text("")  # link buttons and other widgets carry nothing to say
        container, clicked = _obj(payload.get("container")), _obj(payload.get("message"))
        user = _str(_obj(payload.get("user")).get("id"))
        channel = _str(_obj(payload.get("channel")).get("id")) or _str(container.get("channel_id"))
        if user is None or channel is None:
            raise BadRequest("block_actions needs user.id and channel.id.")
        thread_ts = _str(clicked.get("thread_ts")) or _str(container.get("thread_ts"))
        message = self._message(clean_text(value), user, channel, thread_ts, [])
        ts = _str(container.get("message_ts")) or _str(clicked.get("ts"))
        title = _str(_obj(action.get("text")).get("text")) or value
        update = {"channel": channel, "ts": ts, **chosen(clicked, _str(action.get("action_id")) or "", title)}
        self._start(self._answer_click(message, update if ts and clicked else None, on_new_message))
        return response.text("")

    async def _answer_click(self, message: UserMessage, update: Optional[Dict[str, Any]],
                            on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if update:
            try:
                await AsyncWebClient(self.slack_token, base_url=self.api_url).chat_update(**update)
            except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as e:
                # A message Slack will not update is no reason to leave the click unanswered.
                logger.warning("Could not update the clicked Slack message: %s", e)
        await take(message, on_new_message)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = guarded_blueprint("slack_webhook", lambda: self.is_on, OFF)

        @bp.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if request.method == "POST" and not self.is_request_from_slack_authentic(request):
                return response.json({"error": UNSIGNED}, status=HTTPStatus.UNAUTHORIZED)
            refusal = refuse_unreadable(request, "Slack posts its events here.")
            if refusal:
                return refusal
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                if content_type == "application/json":
                    return await self._on_event(_json_body(request.body), on_new_message)
                if content_type == "application/x-www-form-urlencoded":
                    return self._on_click(_form_payload(request.body), on_new_message)
            except BadRequest as e:
                return response.json({"error": str(e)}, status=HTTPStatus.BAD_REQUEST)
            return response.json({"error": "Slack sends JSON or a form."}, status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

        @bp.listener("before_server_stop")
        async def finish_turns(*_: Any) -> None:
            """Slack got its 200 and will not send these again: a stop lets them finish.
            Sanic waits only for open connections, and then closes the loop under them."""
            if self._background_tasks:
                logger.info("Finishing %d Slack turns before stopping.", len(self._background_tasks))
                await asyncio.wait(set(self._background_tasks), timeout=FINISH_TURNS_SECONDS)

        return bp
