"""The widget's replay on reconnect: the last bot events of each session, each with a
sequence number, so a page that was reconnecting while a reply went out still gets it.

Without REDIS_URL (`make run`) they are in this process's memory. With it they are in
Redis, `twitch:replay:<session id>`, so a page that reconnects to another instance gets
what the first one sent. Either way "forget me" erases a session's (privacy/erasers.py)."""
from __future__ import annotations

import json
import time
from collections import OrderedDict, deque
from typing import Any, Deque, Dict, List, Union

from privacy import erasers
from state.redis import PREFIX, async_client, redis_url, sync_client

PER_SESSION = 30
# A page reconnects within seconds; an hour after a session's last reply its replay goes.
KEEP_SECONDS = 3600


class MemoryReplay:
    """In bounded memory: the last `per_session` events of the last `sessions` sessions."""

    def __init__(self, sessions: int = 10_000, per_session: int = PER_SESSION) -> None:
        self._events: "OrderedDict[str, Deque[Dict[str, Any]]]" = OrderedDict()
        self._sessions, self._per_session = sessions, per_session

    async def record(self, session: str, event: Dict[str, Any]) -> Dict[str, Any]:
        """The event with its `seq`: increasing within a session, and across restarts
        too (it starts from the clock), so a page never mistakes a new event for one it has."""
        events = self._events.pop(session, None) or deque(maxlen=self._per_session)
        last = events[-1]["seq"] if events else 0
        event = {**event, "seq": max(last + 1, time.time_ns() // 1000)}
        events.append(event)
        self._events[session] = events
        if len(self._events) > self._sessions:
            self._events.popitem(last=False)
        return event

    async def since(self, session: str, seq: int) -> List[Dict[str, Any]]:
        return [e for e in self._events.get(session, ()) if e["seq"] > seq]

    def forget(self, session: str) -> int:
        """Drops a session's events ("forget me"); returns how many there were."""
        return len(self._events.pop(session, ()))


def _seq(entry_id: Union[bytes, str]) -> int:
    """A Redis stream entry id `<ms>-<n>` as one number, on the same scale as the
    memory's (microseconds): one session never gets a thousand replies in a millisecond."""
    ms, n = (entry_id.decode() if isinstance(entry_id, bytes) else entry_id).split("-")
    return int(ms) * 1000 + int(n)


class RedisReplay:
    """A Redis stream per session: Redis numbers the entries in order, whichever
    instance adds them, and keeps numbering upwards after old entries are trimmed."""

    def __init__(self, url: str, per_session: int = PER_SESSION, keep_seconds: int = KEEP_SECONDS) -> None:
        self._url, self._per_session, self._keep = url, per_session, keep_seconds
        self._red = async_client(url)
        self._sync = None

    @staticmethod
    def _key(session: str) -> str:
        return f"{PREFIX}:replay:{session}"

    async def record(self, session: str, event: Dict[str, Any]) -> Dict[str, Any]:
        async with self._red.pipeline(transaction=True) as pipe:
            pipe.xadd(self._key(session), {"event": json.dumps(event)}, maxlen=self._per_session, approximate=False)
            pipe.expire(self._key(session), self._keep)
            entry_id, _ = await pipe.execute()
        return {**event, "seq": _seq(entry_id)}

    async def since(self, session: str, seq: int) -> List[Dict[str, Any]]:
        entries = await self._red.xrange(self._key(session), min=f"({seq // 1000}-{seq % 1000}")
        return [{**json.loads(fields[b"event"]), "seq": _seq(entry_id)} for entry_id, fields in entries]

    def forget(self, session: str) -> int:
        self._sync = self._sync or sync_client(self._url)
        with self._sync.pipeline() as pipe:
            pipe.xlen(self._key(session))
            pipe.delete(self._key(session))
            count, _ = pipe.execute()
        return int(count)


Replay = Union[MemoryReplay, RedisReplay]


def replay() -> Replay:
    """The replay where REDIS_URL says; "forget me" erases a session's."""
    url = redis_url()
    history: Replay = RedisReplay(url) if url else MemoryReplay()
    erasers.register("socket.io replay buffer", history.forget)
    return history
