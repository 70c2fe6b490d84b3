"""Telegram, as Rasa's Telegram connector with what it lacks for a real bot: no network
call at start-up, every update checked against the webhook's secret token, updates
without a message ignored instead of crashing (RasaHQ/rasa#11387), each update answered
once, inline buttons that stop spinning and cannot be pressed twice, and each bot
message rendered whole (text, buttons and card) as one Telegram message. Without a
token and a secret the channel is off and says so."""
from __future__ import annotations

import hmac
import html
import json
import logging
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Sequence, Text

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer, check_token
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError, ValidationError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels import telegram as rasa_telegram
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.constants import USER_INTENT_RESTART
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.message_checks import clean_text
from channels.rate_limits import take
from channels.recent_ids import recent_ids
from channels.webhook import guarded_blueprint, refuse_unreadable
from channels.reply import Button, Reply, from_rasa, sources_line
from privacy.erasers import hashed

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# Telegram's limits (core.telegram.org/bots/api): past them it refuses the message.
MAX_MESSAGE_UNITS = 4096
MAX_CALLBACK_BYTES = 64
MAX_ROW = 3
# Longer titles get cut off in a row of three on a phone, so those buttons go one per row.
MAX_ROW_TITLE = 12
REMEMBERED_UPDATES = 10_000
REQUEST_TIMEOUT = 30  # seconds; aiohttp's default is five minutes
GREETING = "hi"

OFF = "Telegram is not set up on this server."
NO_SECRET = f"The request has no {SECRET_HEADER} header."
WRONG_SECRET = f"The {SECRET_HEADER} header is wrong."
NO_ADMIN = "Set TELEGRAM_ADMIN_TOKEN on the server to register the webhook from here."
ADMIN_NEEDED = "Send the admin token: Authorization: Bearer $TELEGRAM_ADMIN_TOKEN."
ADMIN_WRONG = "The admin token is wrong."


# --- Rendering ------------------------------------------------------------------------

def escape(text: str) -> str:
    """Telegram's HTML mode reads &, < and >; these three are all it asks to escape."""
    return html.escape(text, quote=False)


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


# An escaped text's smallest parts: an escape or one character, never cut apart.
_ATOM = re.compile(r"&(?:amp|lt|gt);|.", re.S)


def _cut(escaped: str, limit: int) -> List[str]:
    """An escaped paragraph in pieces of at most limit units, cut after a space where
    there is one."""
    atoms, pieces = _ATOM.findall(escaped), []
    start = size = 0
    space = -1
    i = 0
    while i < len(atoms):
        width = units(atoms[i])
        if size + width > limit:
            end = space + 1 if space >= start else i
            pieces.append("".join(atoms[start:end]))
            start, size, space = end, sum(units(a) for a in atoms[end:i]), -1
            continue
        if atoms[i].isspace():
            space = i
        size += width
        i += 1
    pieces.append("".join(atoms[start:]))
    return [p.strip() for p in pieces if p.strip()]


def _styled(text: str, tag: Optional[str] = None) -> List[str]:
    if tag is None:
        return _cut(escape(text), MAX_MESSAGE_UNITS)
    wrap = len(f"<{tag}></{tag}>")
    return [f"<{tag}>{piece}</{tag}>" for piece in _cut(escape(text), MAX_MESSAGE_UNITS - wrap)]


def _header(reply: Reply) -> List[str]:
    """A result's, an emergency's or a crisis's emoji and label, in bold, as the first line."""
    if reply.label is None:
        return []
    emoji = reply.emoji
    return _styled(f"{emoji} {reply.label}" if emoji else reply.label, "b")


def _sources(reply: Reply) -> List[str]:
    return _styled(sources_line(reply.card or {}), "i") if reply.kind == "faq" else []


def _pack(pieces: Sequence[str]) -> List[str]:
    """Paragraphs joined into as few messages as fit, cut only between paragraphs."""
    parts: List[str] = []
    for piece in pieces:
        if parts and units(parts[-1]) + 2 + units(piece) <= MAX_MESSAGE_UNITS:
            parts[-1] += "\n\n" + piece
        else:
            parts.append(piece)
    return parts


def keyboard(buttons: Sequence[Button]) -> Optional[InlineKeyboardMarkup]:
    """The buttons as an inline keyboard whose callback data is each button's payload.
    A payload Telegram cannot carry is left out rather than cut into another meaning."""
    fitting = []
    for b in buttons:
        if 1 <= len(b.payload.encode()) <= MAX_CALLBACK_BYTES and b.title:
            fitting.append(b)
        else:
            logger.warning("Button %r left out: its payload %r is not 1 to %d bytes.",
                           b.title, b.payload, MAX_CALLBACK_BYTES)
    if not fitting:
        return None
    width = 1 if any(len(b.title) > MAX_ROW_TITLE for b in fitting) else MAX_ROW
    return InlineKeyboardMarkup(row_width=width).add(
        *(InlineKeyboardButton(b.title, callback_data=b.payload) for b in fitting))


def render(reply: Reply) -> List[Dict[str, Any]]:
    """The sendMessage arguments (all but chat_id) for one Reply: one message, or several
    when it is longer than Telegram takes, with the buttons under the last."""
    pieces = _header(reply) + [p for para in reply.paragraphs for p in _styled(para)] + _sources(reply)
    messages: List[Dict[str, Any]] = [{"text": part, "parse_mode": "HTML"} for part in _pack(pieces)]
    markup = keyboard(reply.buttons)
    if messages and markup:
        messages[-1]["reply_markup"] = markup
    return messages


# --- Reading updates ------------------------------------------------------------------

@dataclass(frozen=True)
class Incoming:
    """What one update asks of the bot."""
    chat_id: Optional[str]  # the conversation; None when there is no one to answer
    texts: Sequence[str]  # the user messages to hand to Rasa, in order
    callback_id: Optional[str] = None  # a pressed inline button, to be answered
    message_id: Optional[int] = None  # the message whose button was pressed


def _obj(value: Any) -> Dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _chat_id(message: Mapping[str, Any]) -> Optional[str]:
    chat_id = _int(_obj(message.get("chat")).get("id"))
    return None if chat_id is None else str(chat_id)


def said(text: str) -> List[str]:
    """The user messages for what someone typed. /start (with or without a deep-link
    parameter) greets; /restart starts over and greets, as Rasa's connector does."""
    text = clean_text(text).strip()
    command = text.split(maxsplit=1)[0].split("@", 1)[0] if text.startswith("/") else None
    if command == "/start":
        return [GREETING]
    if command == INTENT_MESSAGE_PREFIX + USER_INTENT_RESTART:
        return [command, GREETING]
    return [text] if text else []


def incoming(update: Mapping[str, Any]) -> Optional[Incoming]:
    """What an update asks of the bot, or None when it carries nothing to answer: edits,
    stickers, photos, channel posts, membership changes, other bots."""
    query = _obj(update.get("callback_query"))
    if query:
        callback_id, data = query.get("id"), query.get("data")
        if not isinstance(callback_id, str) or not callback_id:
            return None
        message = _obj(query.get("message"))
        texts = [clean_text(data)] if isinstance(data, str) and data.strip() else []
        return Incoming(_chat_id(message), texts, callback_id, _int(message.get("message_id")))
    message = _obj(update.get("message"))
    text = message.get("text")
    if not isinstance(text, str) or _obj(message.get("from")).get("is_bot"):
        return None
    return Incoming(_chat_id(message), said(text))


def update_body(raw: bytes) -> Dict[str, Any]:
    """The update in a request body; ValueError says why it is not one."""
    try:
        update = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValueError("The body is not valid JSON.")
    if not isinstance(update, dict):
        raise ValueError("The body must be a JSON object (a Telegram update).")
    if _int(update.get("update_id")) is None:
        raise ValueError("The update has no integer update_id.")
    return update


# --- Output ---------------------------------------------------------------------------

class TelegramOutput(rasa_telegram.TelegramOutput):
    def __init__(self, access_token: Text, api_url: Text = DEFAULT_API_URL) -> None:
        # Rasa's output always talks to api.telegram.org; this one can be pointed elsewhere.
        Bot.__init__(self, access_token, timeout=REQUEST_TIMEOUT, server=TelegramAPIServer.from_base(api_url))

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        for fields in render(from_rasa(message)):
            try:
                await self.send_message(recipient_id, **fields)
            except TelegramAPIError as e:  # e.g. the user blocked the bot: the turn still counts
                logger.warning("Telegram refused a message to chat %s: %s", hashed(recipient_id), e)
                return

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def register_webhook(self, url: Text, secret: Text) -> Any:
        """setWebhook with the secret Telegram then sends on every update. aiogram 2's
        set_webhook predates secret_token, hence the raw call."""
        return await self.request("setWebhook", {
            "url": url, "secret_token": secret, "allowed_updates": json.dumps(ALLOWED_UPDATES)})

    async def close_buttons(self, incoming: Incoming) -> None:
        """Stops the pressed button's spinner and takes the keyboard off its message, so an
        old question cannot be answered again."""
        calls = [self.answer_callback_query(incoming.callback_id)]
        if incoming.chat_id and incoming.message_id is not None:
            calls.append(self.edit_message_reply_markup(incoming.chat_id, incoming.message_id))
        for call in calls:
            try:
                await call
            except TelegramAPIError as e:  # a stale query or message is no reason to drop the answer
                logger.warning("Telegram refused to close a pressed button: %s", e)


# --- Input ----------------------------------------------------------------------------

def _token_ok(token: Text) -> bool:
    try:
        return bool(token) and check_token(token)
    except ValidationError:
        logger.error("TELEGRAM_TOKEN is not a Telegram bot token; the Telegram channel is off.")
        return False


class TelegramChannel(rasa_telegram.TelegramInput):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramChannel":
        credentials = credentials or {}
        return cls(credentials.get("access_token") or "", credentials.get("secret_token") or "",
                   credentials.get("webhook_url") or "", credentials.get("api_url") or DEFAULT_API_URL,
                   credentials.get("admin_token") or "")

    def __init__(self, access_token: Text, secret_token: Text, webhook_url: Text = "",
                 api_url: Text = DEFAULT_API_URL, admin_token: Text = "") -> None:
        super().__init__(access_token, None, webhook_url, debug_mode=False)
        self.secret_token = secret_token
        # The operator's: Telegram sends secret_token with every update, so it must not
        # also be what lets someone point the bot's webhook elsewhere.
        self.admin_token = admin_token
        self.is_on = bool(secret_token) and _token_ok(access_token)
        # Made here without a network call; its HTTP session opens on first use.
        self._out = TelegramOutput(access_token, api_url) if self.is_on else None
        self._updates = recent_ids("telegram updates", REMEMBERED_UPDATES)
        self._pressed = recent_ids("telegram presses", REMEMBERED_UPDATES)

    def get_output_channel(self) -> Optional[TelegramOutput]:
        return self._out

    def _secret_refusal(self, request: Request) -> Optional[HTTPResponse]:
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return response.json({"error": NO_SECRET}, status=HTTPStatus.UNAUTHORIZED)
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.secret_token.encode()):
            return response.json({"error": WRONG_SECRET}, status=HTTPStatus.FORBIDDEN)
        return None

    def _admin_refusal(self, request: Request) -> Optional[HTTPResponse]:
        """Only the operator (TELEGRAM_ADMIN_TOKEN, as a bearer token) may register the webhook."""
        if not self.admin_token:
            return response.json({"error": NO_ADMIN}, status=HTTPStatus.FORBIDDEN)
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            return response.json({"error": ADMIN_NEEDED}, status=HTTPStatus.UNAUTHORIZED)
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.admin_token.encode()):
            return response.json({"error": ADMIN_WRONG}, status=HTTPStatus.FORBIDDEN)
        return None

    async def _handle(self, todo: Incoming, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        out = self._out
        if todo.callback_id:
            await out.close_buttons(todo)
            # A second press on the same message (a double tap) arrives before the
            # keyboard is gone; only the first one answers.
            if todo.message_id is not None and not await self._pressed.add(str(todo.message_id), todo.chat_id or ""):
                return
        if todo.chat_id is None:
            return
        for text in todo.texts:
            try:
                await take(UserMessage(text, out, todo.chat_id, input_channel=self.name()), on_new_message)
            except Exception:  # noqa: BLE001 - Telegram would re-deliver, and fail again
                logger.exception("Could not handle a Telegram message from chat %s.", hashed(todo.chat_id))
                return

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = guarded_blueprint("telegram_webhook", lambda: self.is_on, OFF)

        @bp.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            refusal = (request.method == "POST" and self._secret_refusal(request)) \
                or refuse_unreadable(request, "Telegram posts its updates here.")
            if refusal:
                return refusal
            try:
                update = update_body(request.body)
            except ValueError as e:
                return response.json({"error": str(e)}, status=HTTPStatus.BAD_REQUEST)
            # Telegram re-delivers an update it saw no 200 for; answer it once.
            todo = incoming(update)
            if todo and await self._updates.add(str(update["update_id"]), todo.chat_id or ""):
                await self._handle(todo, on_new_message)
            return response.json({"ok": True})

        @bp.route("/set_webhook", methods=["GET", "POST"])
        async def set_webhook(request: Request) -> HTTPResponse:
            if request.method != "POST":
                return response.json({"error": "POST here to register the webhook with Telegram."},
                                     status=HTTPStatus.METHOD_NOT_ALLOWED)
            refusal = self._admin_refusal(request)
            if refusal:
                return refusal
            if not self.webhook_url:
                return response.json({"error": "Set TELEGRAM_WEBHOOK_URL to the public https address "
                                               "of /webhooks/telegram/webhook first."},
                                     status=HTTPStatus.BAD_REQUEST)
            try:
                await self._out.register_webhook(self.webhook_url, self.secret_token)
            except TelegramAPIError as e:
                return response.json({"error": f"Telegram refused the webhook: {e}"}, status=HTTPStatus.BAD_GATEWAY)
            return response.json({"ok": True, "url": self.webhook_url})

        return bp
