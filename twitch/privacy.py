"""What the assistant keeps about a user, and when it lets go: pure functions, no Rasa.

A conversation id (a REST sender, a socket.io session, a Slack user, a Telegram chat id)
never goes into an audit line or an INFO log as it is: only its keyed hash, which is
stable (the same id always gives the same hash, so one user's lines can be found) but
cannot be reversed by trying every Telegram chat id without the key.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone
from typing import Iterable, List, Mapping, Optional, Tuple

# The reply to a confirmed "forget me": the turn that has it is erased instead of saved.
FORGET_ACTION = "utter_forgotten"
DEFAULT_RETENTION_DAYS = 30
DAY = 24 * 60 * 60


def id_hash(conversation_id: str, key: bytes) -> str:
    """A short keyed hash (HMAC-SHA256, 64 bits shown) of a conversation id."""
    return hmac.new(key, conversation_id.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def retention_days(value: Optional[str]) -> float:
    """RETENTION_DAYS as a number of days; unset or empty is the default. ValueError for
    anything that is not a positive number, so a typo never purges everything."""
    if value is None or not value.strip():
        return DEFAULT_RETENTION_DAYS
    days = float(value)
    if not days > 0 or days == float("inf"):
        raise ValueError(f"RETENTION_DAYS must be a positive number of days, not {value!r}")
    return days


def expired(last_seen: Iterable[Tuple[str, Optional[float]]], now: float, days: float) -> List[str]:
    """The conversations whose latest event is more than `days` old at `now` (Unix
    seconds). A conversation with no timestamp at all is old too: nothing says it is recent."""
    cutoff = now - days * DAY
    return [sender for sender, seen in last_seen if seen is None or seen < cutoff]


def forget_confirmed(turn: Iterable[Tuple[str, Optional[str]]]) -> bool:
    """Whether a turn's events, as (type name, action name) pairs from the newest back to
    the user's message, include the confirmed "forget me"."""
    for type_name, action in turn:
        if type_name == "user":
            return False
        if type_name == "action" and action == FORGET_ACTION:
            return True
    return False


def audit_line(at: datetime, hashed_id: str, reason: str, erased: Mapping[str, int],
               failed: Iterable[str] = ()) -> str:
    """One JSON line for the audit log: when, whose (hashed), why, and how much of what
    was deleted. Never any content."""
    record = {"at": at.astimezone(timezone.utc).isoformat(timespec="seconds"), "id_hash": hashed_id,
              "reason": reason, "erased": dict(erased)}
    failed = sorted(failed)
    if failed:
        record["failed"] = failed
    return json.dumps(record, sort_keys=True)
