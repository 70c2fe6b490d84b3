"""Which deliveries a channel has already taken, so that a platform's re-delivery (a Slack
event_id, a Telegram update_id, a second press of one button) is answered once.

Without REDIS_URL (`make run`) the ids are in this process's memory, the last `size` of
them. With it they are in Redis, where every instance sees them, as
`twitch:seen:<name>:<id>:<conversation id>` for a day. Each id is kept with the
conversation it came from, so "forget me" erases it too (privacy/erasers.py)."""
from __future__ import annotations

from collections import OrderedDict
from typing import Tuple, Union

from privacy import erasers
from state.redis import PREFIX, async_client, redis_url, sync_client

# Telegram keeps an update it could not deliver for 24 hours; Slack retries within minutes.
KEEP_SECONDS = 24 * 3600


class MemoryIds:
    def __init__(self, size: int) -> None:
        self._ids: "OrderedDict[Tuple[str, str], None]" = OrderedDict()  # (conversation, id)
        self._size = size

    async def add(self, key: str, conversation: str = "") -> bool:
        """Remembers key within its conversation; False when it was already there."""
        if (conversation, key) in self._ids:
            return False
        self._ids[(conversation, key)] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True

    def forget(self, conversation: str) -> int:
        mine = [seen for seen in self._ids if seen[0] == conversation]
        for seen in mine:
            del self._ids[seen]
        return len(mine)


class RedisIds:
    def __init__(self, url: str, name: str) -> None:
        self._url, self._name = url, name
        self._red = async_client(url)
        self._sync = None

    def _key(self, key: str, conversation: str) -> str:
        return f"{PREFIX}:seen:{self._name}:{key}:{conversation}"

    async def add(self, key: str, conversation: str = "") -> bool:
        """Remembers key within its conversation, in one atomic step for every instance;
        False when it was already there."""
        return bool(await self._red.set(self._key(key, conversation), 1, nx=True, ex=KEEP_SECONDS))

    def forget(self, conversation: str) -> int:
        self._sync = self._sync or sync_client(self._url)
        pattern = f"{PREFIX}:seen:{erasers.glob_escape(self._name)}:*:{erasers.glob_escape(conversation)}"
        keys = list(self._sync.scan_iter(match=pattern, count=500))
        return int(self._sync.delete(*keys)) if keys else 0


RecentIds = Union[MemoryIds, RedisIds]


def recent_ids(name: str, size: int) -> RecentIds:
    """The ids of deliveries `name` ("slack events", ...) has taken, where REDIS_URL says;
    "forget me" erases a conversation's."""
    url = redis_url()
    ids: RecentIds = RedisIds(url, name.replace(" ", "-")) if url else MemoryIds(size)
    erasers.register(f"{name} ids", ids.forget)
    return ids
