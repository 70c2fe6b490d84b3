"""The channels' rate limits and origin check: pure parts, no server."""
import asyncio
import uuid

import pytest

from channels.origins import foreign
from channels.rate_limits import PER_CLIENT, PER_CONVERSATION, MessageRate, message_rate

REDIS = "redis://127.0.0.1:6379/0"


def hits(rate, pairs):
    async def run():
        return [await rate.allow(client, conversation) for client, conversation in pairs]
    return asyncio.run(run())


def test_a_conversation_is_held_to_its_limit_and_others_are_not():
    rate = MessageRate("100/minute", "3/minute")
    assert hits(rate, [("a", "c1")] * 4 + [("a", "c2")]) == [True, True, True, False, True]


def test_a_client_is_held_to_its_limit_across_conversations():
    rate = MessageRate("3/minute", "100/minute")
    assert hits(rate, [("a", f"c{i}") for i in range(4)] + [("b", "c9")]) == [True, True, True, False, True]


def test_a_platform_message_has_no_client_and_only_its_conversation_counts():
    rate = MessageRate("1/minute", "2/minute")
    assert hits(rate, [(None, "chat"), (None, "chat"), (None, "chat"), (None, "other")]) == [True, True, False, True]


def test_the_defaults_and_their_environment(monkeypatch):
    message_rate.cache_clear()
    monkeypatch.setenv("RATE_LIMIT_PER_CONVERSATION", "2/minute")
    try:
        assert hits(message_rate(), [(None, "x")] * 3) == [True, True, False]
    finally:
        message_rate.cache_clear()
    assert (PER_CLIENT, PER_CONVERSATION) == ("120/minute", "30/minute")


@pytest.mark.parametrize("origin, host, allowed, refused", [
    (None, "127.0.0.1:5005", "", False),  # curl, Slack, Telegram: no Origin
    ("", "127.0.0.1:5005", "", False),
    ("http://127.0.0.1:8080", "127.0.0.1:5005", "http://127.0.0.1:8080 http://localhost:8080", False),
    ("http://localhost:8080", "127.0.0.1:5005", "http://127.0.0.1:8080,http://localhost:8080", False),
    ("http://127.0.0.1:5005", "127.0.0.1:5005", "", False),  # the same origin
    ("http://evil.example", "127.0.0.1:5005", "http://127.0.0.1:8080", True),
    ("http://127.0.0.1:8081", "127.0.0.1:5005", "http://127.0.0.1:8080", True),
    ("null", "127.0.0.1:5005", "http://127.0.0.1:8080", True),  # a sandboxed or file: page
    ("http://evil.example", None, "", True),
    ("http://evil.example", "127.0.0.1:5005", "*", False),
])
def test_which_origins_are_foreign(monkeypatch, origin, host, allowed, refused):
    monkeypatch.setenv("ALLOWED_ORIGINS", allowed)
    assert foreign(origin, host) is refused


def test_in_redis_two_instances_count_together():
    """Two limiters on the real Redis (127.0.0.1:6379) stand for two Rasa instances."""
    conversation, client = f"c-{uuid.uuid4().hex}", f"client-{uuid.uuid4().hex}"
    a = MessageRate("100/minute", "3/minute", REDIS)
    b = MessageRate("100/minute", "3/minute", REDIS)
    assert hits(a, [("x", conversation)] * 2) + hits(b, [("y", conversation)] * 2) == [True, True, True, False]
    a, b = MessageRate("2/minute", "100/minute", REDIS), MessageRate("2/minute", "100/minute", REDIS)
    assert hits(a, [(client, "k1")]) + hits(b, [(client, "k2"), (client, "k3")]) == [True, True, False]


def test_redis_url_puts_the_limits_in_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", REDIS)
    monkeypatch.setenv("RATE_LIMIT_PER_CONVERSATION", "1/minute")
    message_rate.cache_clear()
    try:
        conversation = f"c-{uuid.uuid4().hex}"
        assert hits(message_rate(), [(None, conversation)]) == [True]
        message_rate.cache_clear()  # a second process, as it were
        assert hits(message_rate(), [(None, conversation)]) == [False]
    finally:
        message_rate.cache_clear()
