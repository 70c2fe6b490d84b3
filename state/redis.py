"""Where the channels keep what every instance must see (socket.io rooms and replay,
the platforms' delivery ids, the rate limits): Redis at REDIS_URL when it is set, else
this process's memory, which is right for one instance (`make run`)."""
from __future__ import annotations

import os
from typing import Any, Dict, Optional

# Every key starts with this, and ends with the conversation id where it has one, so
# "forget me" finds it (privacy/store.py erases `twitch:*:<id>`).
PREFIX = "twitch"
# Long enough for any request; short enough that a dead Redis fails a request cleanly
# instead of holding it.
TIMEOUT_SECONDS = 5


def redis_url() -> Optional[str]:
    """REDIS_URL (`redis://host:port/db`), or None when the state stays in memory."""
    return os.environ.get("REDIS_URL") or None


def client_options() -> Dict[str, Any]:
    """For every client. A pooled connection that Redis closed (a restart) fails the
    first command sent on it, which redis-py does not check beforehand: that command is
    sent once more on a new connection (without it, the first turns after a Redis
    restart failed with a 503, tests/cluster). Redis ran none of it on the closed one;
    a connection that breaks mid-command can at worst leave the lock store a second
    ticket, which nobody renews and which is passed over after its lease."""
    from redis.exceptions import ConnectionError

    return {"socket_timeout": TIMEOUT_SECONDS, "socket_connect_timeout": TIMEOUT_SECONDS,
            "retry_on_error": [ConnectionError]}


def async_client(url: str):
    """A client for this process's event loop; it connects on first use."""
    from redis import asyncio as aioredis

    return aioredis.from_url(url, **client_options())


def sync_client(url: str):
    """For the erasers, which run inside the tracker store's save (privacy/erasers.py)."""
    import redis

    return redis.from_url(url, **client_options())
