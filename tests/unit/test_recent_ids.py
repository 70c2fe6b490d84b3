"""The channels' memory of deliveries already taken (channels/recent_ids.py): in memory,
and in the real Redis on 127.0.0.1:6379 where two instances share it."""
from __future__ import annotations

import asyncio
import uuid

import pytest

from channels.recent_ids import MemoryIds, RedisIds, recent_ids
from privacy import erasers

REDIS = "redis://127.0.0.1:6379/0"


def adds(ids, keys):
    async def run():
        return [await ids.add(key, conversation) for key, conversation in keys]
    return asyncio.run(run())


def test_in_memory_each_id_is_answered_once_and_the_oldest_is_forgotten():
    ids = MemoryIds(3)
    assert adds(ids, [("a", ""), ("b", ""), ("a", ""), ("c", ""), ("d", "")]) == [True, True, False, True, True]
    assert adds(ids, [("a", ""), ("d", "")]) == [True, False]  # a was pushed out by d


def test_an_id_counts_within_its_conversation():
    """Telegram numbers messages per chat: message 1 of one chat is not message 1 of another."""
    assert adds(MemoryIds(10), [("1", "chat-a"), ("1", "chat-b"), ("1", "chat-a")]) == [True, True, False]


def test_in_memory_forget_me_erases_the_conversations_ids_only():
    ids = MemoryIds(10)
    adds(ids, [("1", "chat-a"), ("2", "chat-a"), ("3", "chat-b")])
    assert ids.forget("chat-a") == 2
    assert adds(ids, [("1", "chat-a"), ("3", "chat-b")]) == [True, False]


def test_in_redis_an_id_taken_on_one_instance_is_not_taken_again_on_another():
    name, chat = f"test-{uuid.uuid4().hex[:8]}", "chat*[1]"  # glob characters are ids too

    async def run():
        a, b = RedisIds(REDIS, name), RedisIds(REDIS, name)  # one loop: one client each
        first = [await a.add("Ev1", chat)]
        then = [await b.add("Ev1", chat), await b.add("Ev2", chat), await b.add("Ev3", "other")]
        forgotten = b.forget(chat)  # "forget me"
        after = [await a.add("Ev1", chat), await a.add("Ev3", "other")]
        a.forget(chat), a.forget("other")
        return first, then, forgotten, after

    assert asyncio.run(run()) == ([True], [False, True, True], 2, [True, False])


def test_redis_is_used_when_redis_url_is_set_and_forget_me_reaches_it(monkeypatch):
    monkeypatch.setenv("REDIS_URL", REDIS)
    monkeypatch.setattr(erasers, "_erasers", {})
    name = f"test {uuid.uuid4().hex[:8]}"
    ids = recent_ids(name, 10)
    assert isinstance(ids, RedisIds)
    assert adds(ids, [("u1", "42")]) == [True]
    assert erasers._erasers[f"{name} ids"]("42") == 1
    monkeypatch.delenv("REDIS_URL")
    assert isinstance(recent_ids(name, 10), MemoryIds)
