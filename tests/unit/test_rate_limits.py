"""The channels' rate limits and origin check: pure parts, no server."""
import asyncio

import pytest

from channels.origins import foreign
from channels.rate_limits import PER_CLIENT, PER_CONVERSATION, MessageRate, message_rate


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
