"""Retention and erasure: the pure rules, the eraser registry, the forgetting tracker
store (on a real SQLite file) and the Redis eraser (on the real Redis)."""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import datetime, timezone

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.replay import MemoryReplay
from privacy import erasers
from privacy.purge import purge
from privacy.store import ForgettingSQLTrackerStore, RedisKeys
from twitch.privacy import (DAY, FORGET_ACTION, audit_line, expired, forget_confirmed, id_hash,
                            retention_days)


# --- pure ---------------------------------------------------------------------------

def test_hash_is_stable_keyed_and_hides_the_id():
    h = id_hash("123456789", b"key-one")
    assert h == id_hash("123456789", b"key-one")
    assert h != id_hash("123456789", b"key-two")
    assert h != id_hash("123456780", b"key-one")
    assert "123456789" not in h and len(h) == 16


@pytest.mark.parametrize("value, days", [(None, 30), ("", 30), (" ", 30), ("7", 7), ("0.5", 0.5)])
def test_retention_days(value, days):
    assert retention_days(value) == days


@pytest.mark.parametrize("value", ["0", "-3", "inf", "nan", "thirty"])
def test_retention_days_refuses_what_could_purge_everything(value):
    with pytest.raises(ValueError):
        retention_days(value)


def test_expired_selects_conversations_past_the_cutoff():
    now = 1_000 * DAY
    seen = [("old", now - 31 * DAY), ("edge", now - 30 * DAY), ("new", now - DAY), ("unknown", None)]
    assert expired(seen, now, 30) == ["old", "unknown"]
    assert expired(seen, now, 0.5) == ["old", "edge", "new", "unknown"]


def test_forget_is_confirmed_only_in_the_turn_that_ran_the_action():
    assert forget_confirmed([("action", "action_listen"), ("bot", None), ("action", FORGET_ACTION), ("user", None)])
    # An earlier turn's forget does not make this turn one.
    assert not forget_confirmed([("action", "action_listen"), ("user", None), ("action", FORGET_ACTION)])
    assert not forget_confirmed([("action", "utter_ask_forget"), ("user", None)])


def test_audit_line_has_time_hash_and_counts_only():
    line = json.loads(audit_line(datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc), "abc", "retention",
                                 {"conversation": 12}, ["redis keys"]))
    assert line == {"at": "2026-01-02T03:04:05+00:00", "id_hash": "abc", "reason": "retention",
                    "erased": {"conversation": 12}, "failed": ["redis keys"]}


# --- the registry -------------------------------------------------------------------

@pytest.fixture
def audit(tmp_path, monkeypatch):
    monkeypatch.setenv("PRIVACY_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("PRIVACY_HASH_KEY", "test-key")
    monkeypatch.setattr(erasers, "_key", None)
    monkeypatch.setattr(erasers, "_erasers", {})
    return tmp_path / "audit.jsonl"


def test_every_eraser_runs_and_one_failure_stops_none(audit):
    seen = []

    def broken(_: str) -> int:
        raise RuntimeError("store down")

    erasers.register("first", lambda s: seen.append(("first", s)) or 2)
    erasers.register("broken", broken)
    erasers.register("last", lambda s: seen.append(("last", s)) or 1)
    assert erasers.erase("chat-42", "user request") == {"first": 2, "last": 1}
    assert seen == [("first", "chat-42"), ("last", "chat-42")]
    [line] = [json.loads(x) for x in audit.read_text().splitlines()]
    assert line["id_hash"] == id_hash("chat-42", b"test-key")
    assert line["failed"] == ["broken"] and line["reason"] == "user request"
    assert "chat-42" not in audit.read_text()


def test_registering_again_under_a_name_replaces(audit):
    erasers.register("buffer", lambda s: 1)
    erasers.register("buffer", lambda s: 5)
    assert erasers.erase("x", "retention") == {"buffer": 5}


def test_socketio_replay_buffer_forgets_a_session():
    history = MemoryReplay()

    async def run():
        for session, text in (("s1", "a"), ("s1", "b"), ("s2", "c")):
            await history.record(session, {"text": text})
        forgotten = history.forget("s1")
        return forgotten, await history.since("s1", 0), await history.since("s2", 0), history.forget("s1")

    forgotten, s1, s2, again = asyncio.run(run())
    assert forgotten == 2 and s1 == [] and len(s2) == 1 and again == 0


# --- the store ----------------------------------------------------------------------

def _turn(sender: str, text: str, actions=("utter_greet",), at: float = None):
    evs = [UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=at)]
    for a in actions:
        evs.append(ActionExecuted(a, timestamp=at))
    evs += [BotUttered("hello", timestamp=at), ActionExecuted("action_listen", timestamp=at)]
    return evs


def _rows(store, sender):
    with store.session_scope() as session:
        return session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).count()


@pytest.fixture
def store(tmp_path, audit, monkeypatch):
    from journal.migrate import upgrade

    journal = f"sqlite:///{tmp_path / 'journal.db'}"  # the store registers the journal's eraser too
    upgrade(journal)
    monkeypatch.setenv("JOURNAL_DB_URL", journal)
    return ForgettingSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "tracker.db"))


def test_a_confirmed_forget_erases_instead_of_saving(store, audit):
    keep, gone = f"keep-{uuid.uuid4().hex}", f"gone-{uuid.uuid4().hex}"
    for sender in (keep, gone):
        tracker = DialogueStateTracker.from_events(sender, _turn(sender, "my calf twitches"))
        asyncio.run(store.save(tracker))
    assert _rows(store, gone) > 0
    tracker = asyncio.run(store.retrieve(gone))
    for e in _turn(gone, "yes", actions=(FORGET_ACTION,)):
        tracker.update(e)
    asyncio.run(store.save(tracker))
    assert _rows(store, gone) == 0
    assert asyncio.run(store.retrieve(gone)) is None
    assert _rows(store, keep) > 0
    line = json.loads(audit.read_text().splitlines()[-1])
    assert line["erased"]["conversation"] > 0 and line["erased"]["journal"] == 0 and "failed" not in line


def test_each_event_is_stored_once_whether_the_tracker_was_read_or_made(store):
    # The store counts what it holds on a tracker it read or saved, not in the database.
    sender = f"turns-{uuid.uuid4().hex}"
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, _turn(sender, "hi"))))
    expected = _rows(store, sender)
    for text in ("my calf twitches", "no", "thanks"):
        tracker = asyncio.run(store.retrieve(sender))
        events = _turn(sender, text)
        for e in events:
            tracker.update(e)
        asyncio.run(store.save(tracker))
        tracker.update(ActionExecuted("action_listen"))  # a second save of the same tracker
        asyncio.run(store.save(tracker))
        expected += len(events) + 1
        assert _rows(store, sender) == expected
    assert list(asyncio.run(store.retrieve(sender)).events) == list(tracker.events)


def test_purge_erases_only_expired_conversations(store, audit):
    now = time.time()
    old, recent = f"old-{uuid.uuid4().hex}", f"recent-{uuid.uuid4().hex}"
    asyncio.run(store.save(DialogueStateTracker.from_events(old, _turn(old, "hi", at=now - 40 * DAY))))
    asyncio.run(store.save(DialogueStateTracker.from_events(recent, _turn(recent, "hi", at=now - 2 * DAY))))
    assert purge(store, 30, now) == [old]
    assert _rows(store, old) == 0 and _rows(store, recent) > 0
    assert json.loads(audit.read_text().splitlines()[-1])["reason"] == "retention"


# --- Redis --------------------------------------------------------------------------

def test_redis_eraser_deletes_the_senders_keys_only():
    redis = pytest.importorskip("redis")
    client = redis.StrictRedis(host="127.0.0.1", port=6379)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (the tests need it)")
    prefix = f"t{uuid.uuid4().hex[:8]}"
    sender = "user*[1]?"  # glob characters are matched as themselves
    mine = [f"{prefix}:lock:{sender}", f"{prefix}:cache:{sender}"]
    others = [f"{prefix}:lock:user-1", f"{prefix}:lock:other-{sender}x", f"elsewhere:lock:{sender}"]
    for key in mine + others:
        client.set(key, "1", ex=60)
    try:
        assert RedisKeys("127.0.0.1", 6379, prefix).erase(sender) == 2
        assert not any(client.exists(k) for k in mine)
        assert all(client.exists(k) for k in others)
    finally:
        client.delete(*mine, *others)


def test_the_hash_key_is_made_once_owner_only_and_reused(tmp_path, monkeypatch):
    path = tmp_path / "key"
    monkeypatch.delenv("PRIVACY_HASH_KEY", raising=False)
    monkeypatch.setenv("PRIVACY_KEY_FILE", str(path))
    monkeypatch.setattr(erasers, "_key", None)
    first = erasers.hash_key()
    assert len(first) == 64 and path.stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [path]
    monkeypatch.setattr(erasers, "_key", None)
    assert erasers.hash_key() == first


def test_the_ask_knows_whether_the_message_came_in_during_the_triage():
    from actions.forget import loop_before_message

    during = [{"event": "active_loop", "name": "triage_form"}, {"event": "user", "text": "forget me"},
              {"event": "active_loop", "name": None}]
    assert loop_before_message(during) == "triage_form"
    after = [{"event": "active_loop", "name": "triage_form"}, {"event": "active_loop", "name": None},
             {"event": "user", "text": "forget me"}]
    assert loop_before_message(after) is None
    assert loop_before_message([{"event": "user", "text": "forget me"}]) is None
