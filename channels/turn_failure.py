"""Whether this request's turn failed, for the channel to answer it honestly.

Rasa hides a failing tracker store: its FailSafeTrackerStore logs the error, starts an
empty conversation and keeps the turn in memory, and its REST handler answers 200
either way. The tracker store (privacy/store.py) and the REST channel (channels/rest.py)
mark and read the failure here. A request runs in one asyncio task, so the flag is its own.
"""
from __future__ import annotations

from contextvars import ContextVar

_failed: ContextVar[bool] = ContextVar("turn_failed", default=False)


def reset() -> None:
    _failed.set(False)


def mark() -> None:
    _failed.set(True)


def happened() -> bool:
    return _failed.get()
