"""The socket.io channel's memory of recent bot events (what a reconnecting page missed):
in memory, and in the real Redis on 127.0.0.1:6379, where another instance reads it."""
import asyncio
import uuid

from channels.replay import MemoryReplay, RedisReplay, replay
from channels.socketio import last_seen, message_of, session_of
from privacy import erasers

REDIS = "redis://127.0.0.1:6379/0"


def recorded(history, events):
    """Records (session, text) pairs in one event loop; the recorded events."""
    async def run():
        return [await history.record(s, {"text": t}) for s, t in events]
    return asyncio.run(run())


def texts(history, session, seq):
    async def run():
        return [e["text"] for e in await history.since(session, seq)]
    return asyncio.run(run())


def test_events_get_increasing_numbers_and_since_returns_the_newer_ones():
    h = MemoryReplay()
    a, b, _ = recorded(h, [("s1", "one"), ("s1", "two"), ("s2", "other session")])
    assert b["seq"] > a["seq"]
    assert texts(h, "s1", a["seq"]) == ["two"]
    assert texts(h, "s1", 0) == ["one", "two"]
    assert texts(h, "unknown", 0) == []


def test_memory_is_bounded_per_session_and_in_sessions():
    h = MemoryReplay(sessions=2, per_session=3)
    recorded(h, [("a", str(i)) for i in range(5)])
    assert texts(h, "a", 0) == ["2", "3", "4"]
    recorded(h, [("b", "b"), ("c", "c")])  # "a" is the least recent: forgotten
    assert texts(h, "a", 0) == [] and texts(h, "c", 0)


def test_in_redis_another_instance_replays_what_one_sent_bounded_and_forgettable():
    session = f"test-{uuid.uuid4().hex}"

    async def run():
        a, b = RedisReplay(REDIS, per_session=3), RedisReplay(REDIS, per_session=3)
        sent = [await (a if i % 2 else b).record(session, {"text": str(i)}) for i in range(5)]
        seqs = [e["seq"] for e in sent]
        assert seqs == sorted(set(seqs)), "numbered in order across instances"
        newer = [e["text"] for e in await b.since(session, seqs[2])]
        kept = await a.since(session, 0)
        forgotten = a.forget(session)
        return newer, kept, sent[2:], forgotten, await b.since(session, 0)

    newer, kept, last_three, forgotten, after = asyncio.run(run())
    assert newer == ["3", "4"]
    assert kept == last_three, "the events as they were sent, numbers included"
    assert forgotten == 3 and after == []


def test_the_replay_is_in_redis_when_redis_url_is_set_and_forget_me_reaches_it(monkeypatch):
    monkeypatch.setattr(erasers, "_erasers", {})
    monkeypatch.setenv("REDIS_URL", REDIS)
    h = replay()
    assert isinstance(h, RedisReplay)
    session = f"test-{uuid.uuid4().hex}"
    recorded(h, [(session, "hi")])
    assert erasers._erasers["socket.io replay buffer"](session) == 1
    monkeypatch.delenv("REDIS_URL")
    assert isinstance(replay(), MemoryReplay)


def test_malformed_socket_events_are_read_as_nothing():
    assert session_of({"session_id": "a" * 32}) == "a" * 32
    for bad in [None, "x", {"session_id": "short"}, {"session_id": "x' OR 1=1 --xxxxxxxx"}, {"session_id": 5}]:
        assert session_of(bad) is None
    assert last_seen({"last_seq": 12}) == 12
    for bad in [{}, {"last_seq": -1}, {"last_seq": "3"}, {"last_seq": True}, []]:
        assert last_seen(bad) is None
    assert message_of({"message": "hi\x00"}) == "hi "
    assert message_of({"message": 3}) is None and message_of("hi") is None
