"""Where the channels keep what every instance must see (socket.io rooms and replay,
the platforms' delivery ids, the rate limits): Redis at REDIS_URL when it is set, else
this process's memory, which is right for one instance (`make run`)."""
from __future__ import annotations

import os
from typing import Optional

# Every key starts with this, and ends with the conversation id where it has one, so
# "forget me" finds it (privacy/store.py erases `twitch:*:<id>`).
PREFIX = "twitch"
# Long enough for any request; short enough that a dead Redis fails a request cleanly
# instead of holding it.
TIMEOUT_SECONDS = 5


def redis_url() -> Optional[str]:
    """REDIS_URL (`redis://host:port/db`), or None when the state stays in memory."""
    return os.environ.get("REDIS_URL") or None


def async_client(url: str):
    """A client for this process's event loop; it connects on first use."""
    from redis import asyncio as aioredis

    return aioredis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)


def sync_client(url: str):
    """For the erasers, which run inside the tracker store's save (privacy/erasers.py)."""
    import redis

    return redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
