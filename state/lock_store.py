"""A conversation lock that holds across Rasa instances: a ticket lock in Redis.

Rasa takes a conversation's lock around each turn, so two messages of one conversation
are handled one after the other. Its RedisLockStore reads the whole lock, changes it and
writes it back, so two instances can both take the same conversation at once
(RasaHQ/rasa#11256; the fix was reverted in #11428). Here each step is one atomic
Redis operation:

- a ticket's number comes from INCR on `<prefix>:ticket:<id>`; the ticket waits in the
  sorted set `<prefix>:lock:<id>` (scored by its number), and its deadline is in
  `<prefix>:lease:<id>`;
- the holder is the lowest number in the queue. One Lua script drops the tickets past
  their deadline, by Redis's clock (the same for every instance), renews the caller's,
  and says how many tickets are ahead of it;
- a live ticket keeps renewing its deadline (a waiter each time it looks, the holder from
  a background task), so the ticket of a process that died is passed over after
  `lease_seconds`, and a live holder is never overtaken within Rasa's lock lifetime
  (TICKET_LOCK_LIFETIME, default 60 s), after which its lock lapses as Rasa's does.

Every key ends in the conversation id, so "forget me" erases them with the other Redis
keys (privacy/store.py), and every key expires by itself.

Loaded by module path (endpoints.production.yml):

    lock_store:
      type: state.lock_store.TicketLockStore
      url: <host, or a redis:// URL>
      port: 6379
      key_prefix: twitch
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from contextlib import asynccontextmanager, suppress
from typing import Any, AsyncGenerator, List, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError

from state.redis import PREFIX, client_options

logger = logging.getLogger(__name__)

# Redis's clock in ms, and the tickets past their deadline dropped: the start of each
# script below.
_SWEEP = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
if #dead > 0 then
  redis.call('ZREM', KEYS[1], unpack(dead))
  redis.call('ZREM', KEYS[2], unpack(dead))
end
local function keep(ms)
  for _, key in ipairs(KEYS) do
    if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
  end
end
"""

# Renews ARGV[1]'s deadline to ARGV[2] ms from now and answers how many tickets are
# ahead of it (0: it holds the lock), or -1 when it was passed over.
CHECK_IN = _SWEEP + """
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return -1 end
local ms = tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], 'XX', now + ms, ARGV[1])
keep(ms)
return redis.call('ZRANK', KEYS[1], ARGV[1])
"""

# Takes a number (INCR) and queues the ticket `<number>:<ARGV[1]>` with a deadline
# ARGV[2] ms away; answers the ticket and how many are ahead of it. The random part
# keeps a ticket its own after the counter starts over.
ISSUE = _SWEEP + """
local ms = tonumber(ARGV[2])
local number = redis.call('INCR', KEYS[3])
local ticket = number .. ':' .. ARGV[1]
redis.call('ZADD', KEYS[1], number, ticket)
redis.call('ZADD', KEYS[2], now + ms, ticket)
keep(ms)
return {ticket, redis.call('ZRANK', KEYS[1], ticket)}
"""

# Removes a ticket; the last one out deletes the conversation's keys.
RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
return 0
"""


class TicketLockStore(LockStore):
    """Rasa's LockStore with `lock()` made of atomic Redis steps.

    Rasa 3.6 takes locks only through `lock()`. The step-by-step methods of the base
    class (get_lock, save_lock, issue_ticket, ...) are the read-change-write protocol
    this store replaces, so they are not offered.
    """

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **options: Any) -> None:
        from redis import asyncio as aioredis

        settings = {**(endpoint_config.kwargs if endpoint_config else {}), **options}
        url = str(settings.pop("url", None) or (endpoint_config.url if endpoint_config else None) or "localhost")
        if "://" in url:
            self.red = aioredis.from_url(url, **client_options())
        else:
            self.red = aioredis.Redis(host=url, port=int(settings.get("port") or 6379),
                                      db=int(settings.get("db") or 0),
                                      password=settings.get("password") or None, **client_options())
        self.prefix = str(settings.get("key_prefix") or PREFIX)
        # How long a ticket lives without being renewed: how long a dead process can
        # hold up a conversation.
        self.lease_seconds = float(settings.get("lease_seconds") or 10)
        # How often a waiting ticket looks whether its turn has come.
        self.poll_seconds = float(settings.get("poll_seconds") or 0.02)
        self._check_in = self.red.register_script(CHECK_IN)
        self._issue = self.red.register_script(ISSUE)
        self._release = self.red.register_script(RELEASE)
        super().__init__()

    def keys(self, conversation_id: Text) -> List[str]:
        return [f"{self.prefix}:{name}:{conversation_id}" for name in ("lock", "lease", "ticket")]

    async def take_ticket(self, conversation_id: Text) -> Tuple[str, int]:
        """Queues a new ticket, which must check in within `lease_seconds`; the ticket
        and how many tickets are ahead of it (0: it holds the lock)."""
        ticket, ahead = await self._issue(keys=self.keys(conversation_id),
                                          args=[secrets.token_hex(8), int(self.lease_seconds * 1000)])
        return ticket.decode(), int(ahead)

    async def check_in(self, conversation_id: Text, ticket: str, lease_seconds: Optional[float] = None) -> int:
        """Renews the ticket; how many tickets are ahead of it (0: it holds the lock),
        or -1 when it was passed over (it expired)."""
        ms = int((self.lease_seconds if lease_seconds is None else lease_seconds) * 1000)
        return int(await self._check_in(keys=self.keys(conversation_id)[:2], args=[ticket, max(ms, 1)]))

    async def release(self, conversation_id: Text, ticket: str) -> None:
        await self._release(keys=self.keys(conversation_id), args=[ticket])

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        """Waits for the conversation's turn, holds it while the block runs (at most
        `lock_lifetime` seconds), then lets the next ticket in. Rasa's
        `wait_time_in_seconds` (1 s) would leave a queued message idle for up to a second
        after its turn came; the store looks every `poll_seconds` when that is shorter."""
        ticket = None
        keeper = None
        try:
            try:
                ticket, ahead = await self.take_ticket(conversation_id)
                while ahead != 0:
                    await asyncio.sleep(min(self.poll_seconds, wait_time_in_seconds))
                    ahead = await self.check_in(conversation_id, ticket)
                    if ahead < 0:  # passed over (Redis restarted, or this process stalled)
                        ticket, ahead = await self.take_ticket(conversation_id)
            except RedisError as e:
                raise LockError(f"Could not take the lock of a conversation: {e}") from e
            keeper = asyncio.create_task(self._keep(conversation_id, ticket, lock_lifetime))
            yield TicketLock(conversation_id)
        finally:
            if keeper is not None:
                keeper.cancel()
                with suppress(asyncio.CancelledError):
                    await keeper
            if ticket is not None:
                try:
                    await self.release(conversation_id, ticket)
                except RedisError:  # the ticket expires by itself
                    logger.warning("Could not release a conversation lock; it expires in %ss.", self.lease_seconds)

    async def _keep(self, conversation_id: Text, ticket: str, lifetime: float) -> None:
        """Renews the holder's ticket until the lock's lifetime is over."""
        loop = asyncio.get_running_loop()
        until = loop.time() + lifetime
        while True:
            await asyncio.sleep(self.lease_seconds / 3)
            left = until - loop.time()
            if left <= 0:
                logger.warning("A turn held its conversation lock for %ss; the lock lapses.", lifetime)
                return
            try:
                if await self.check_in(conversation_id, ticket, min(self.lease_seconds, left)) != 0:
                    logger.warning("A conversation lock was lost while its turn ran.")
                    return
            except RedisError:  # Redis may come back before the lease ends
                logger.warning("Could not renew a conversation lock.", exc_info=True)
