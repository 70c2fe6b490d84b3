"""What an incoming chat message must look like, and how its text is cleaned.
Pure, so every channel applies the same rules."""
from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, Optional, Tuple

# The same on every channel (REST, socket.io, Slack, Telegram and the widget's
# maxlength): a description of symptoms fits easily, and nothing longer is stored.
MAX_MESSAGE_CHARS = 4_000
MAX_SENDER_CHARS = 256
TOO_LONG = f"That message is too long for me. Please keep it under {MAX_MESSAGE_CHARS:,} characters."
# Control characters other than tab and newlines: PostgreSQL refuses NUL in text,
# and none of them carry meaning in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    return _CONTROL.sub(" ", text)


def too_long(text: str) -> bool:
    return len(text) > MAX_MESSAGE_CHARS


def payload_problem(payload: Any) -> Optional[Tuple[int, str]]:
    """Why a REST payload cannot be taken (the status and the reason), or None when it can."""
    if not isinstance(payload, dict):
        return HTTPStatus.BAD_REQUEST, "The body must be a JSON object like {\"sender\": \"me\", \"message\": \"hi\"}."
    message = payload.get("message")
    if not isinstance(message, str):
        return HTTPStatus.BAD_REQUEST, "\"message\" must be a string."
    # Without a sender Rasa would put the message in one conversation shared by everyone.
    sender = payload.get("sender")
    if not isinstance(sender, (str, int)) or isinstance(sender, bool):
        return HTTPStatus.BAD_REQUEST, "\"sender\" is required: a string that names the conversation."
    if not str(sender).strip() or len(str(sender)) > MAX_SENDER_CHARS:
        return HTTPStatus.BAD_REQUEST, f"\"sender\" must be 1 to {MAX_SENDER_CHARS} characters."
    if _CONTROL.search(str(sender)):  # PostgreSQL cannot store a NUL in a conversation id
        return HTTPStatus.BAD_REQUEST, "\"sender\" must not contain control characters."
    if too_long(message):
        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, TOO_LONG
    return None
