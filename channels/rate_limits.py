"""How fast one client (an address) and one conversation may send messages, on every
channel, so one sender cannot take the bot's time from everyone else. The moving windows
(the `limits` library) live in this process's memory, or with REDIS_URL in Redis, so
that several instances count together. A platform's webhook has no client of its own
(Slack's and Telegram's servers send for everyone), so only its conversations are
limited."""
from __future__ import annotations

import asyncio
import os
from functools import lru_cache
from typing import Any, Awaitable, Callable, Optional

from limits import parse, strategies
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import RedisStorage
from rasa.core.channels.channel import UserMessage

from channels.message_checks import TOO_LONG, too_long
from state.redis import client_options, redis_url

# A person reads each answer before the next message: a message every two seconds in
# one conversation is already fast. An address may carry a few people (an office).
PER_CONVERSATION = "30/minute"
PER_CLIENT = "120/minute"
SLOW_DOWN = "You're sending messages faster than I can answer. Please wait a moment, then try again."


class MessageRate:
    def __init__(self, per_client: str, per_conversation: str, redis: Optional[str] = None) -> None:
        self._client, self._conversation = parse(per_client), parse(per_conversation)
        if redis:
            # limits 2.4's async Redis storage needs coredis; its Redis storage on redis-py
            # (Rasa's) is synchronous, so each count runs off the event loop.
            self._storage = RedisStorage(redis, **client_options())
            limiter = strategies.MovingWindowRateLimiter(self._storage)
            self._hit = lambda *args: asyncio.to_thread(limiter.hit, *args)
        else:
            self._storage = MemoryStorage()  # the limiter holds it by a weak reference only
            self._hit = MovingWindowRateLimiter(self._storage).hit

    async def allow(self, client: Optional[str], conversation: str) -> bool:
        """Counts one message; False when the client or the conversation is over its limit."""
        if client is not None and not await self._hit(self._client, "client", client):
            return False
        return await self._hit(self._conversation, "conversation", conversation)


@lru_cache(maxsize=None)
def message_rate() -> MessageRate:
    """The one limiter of this process: RATE_LIMIT_PER_CLIENT and RATE_LIMIT_PER_CONVERSATION
    ("120/minute", "5/second", ...) override the defaults; REDIS_URL shares it."""
    return MessageRate(os.environ.get("RATE_LIMIT_PER_CLIENT") or PER_CLIENT,
                       os.environ.get("RATE_LIMIT_PER_CONVERSATION") or PER_CONVERSATION, redis_url())


async def take(message: UserMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
    """Hands a platform's message (Slack, Telegram) to Rasa, or tells the user why not: it
    is too long, or the conversation sends too fast. A refused message is not stored;
    the platform still gets its 200, so it does not deliver the message again."""
    refusal = TOO_LONG if too_long(message.text or "") else None
    if refusal is None and not await message_rate().allow(None, message.sender_id):
        refusal = SLOW_DOWN
    if refusal:
        await message.output_channel.send_text_message(message.sender_id, refusal)
    else:
        await on_new_message(message)
