"""What an incoming chat message must look like, and how its text is cleaned.
Pure, so every channel applies the same rules."""
from __future__ import annotations

import re
from typing import Any, Optional

MAX_MESSAGE_CHARS = 100_000
MAX_SENDER_CHARS = 256
# Control characters other than tab and newlines: PostgreSQL refuses NUL in text,
# and none of them carry meaning in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    return _CONTROL.sub(" ", text)


def payload_problem(payload: Any) -> Optional[str]:
    """Why a REST payload cannot be taken, or None when it can."""
    if not isinstance(payload, dict):
        return "The body must be a JSON object like {\"sender\": \"me\", \"message\": \"hi\"}."
    message = payload.get("message")
    if not isinstance(message, str):
        return "\"message\" must be a string."
    if len(message) > MAX_MESSAGE_CHARS:
        return f"\"message\" is longer than {MAX_MESSAGE_CHARS} characters."
    sender = payload.get("sender", "default")
    if not isinstance(sender, (str, int)) or isinstance(sender, bool):
        return "\"sender\" must be a string."
    if not str(sender).strip() or len(str(sender)) > MAX_SENDER_CHARS:
        return f"\"sender\" must be 1 to {MAX_SENDER_CHARS} characters."
    return None
