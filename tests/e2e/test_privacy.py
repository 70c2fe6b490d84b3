""""Forget me" through the real servers, on the store they run with (SQLite, or with
TWITCH_TRACKER_STORE=postgresql PostgreSQL and Redis): asked once, then nothing of the
conversation is left in the SQL tables, in Redis or in the socket.io replay buffer, an
audit line keeps only a hash, and the next message starts afresh."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.e2e.server import ROOT, Conversation, texts
from tests.e2e.socket_user import SocketUser
from twitch.privacy import id_hash
from twitch.questions import content

SYMPTOMS = "my left calf has been twitching for three weeks and my grip feels weaker"
FINDINGS = ("twitch_location", "twitch_duration_days", "weakness", "atrophy", "triage_level")


def sql_rows(servers, sender: str) -> int:
    env = servers.env()
    if servers.tracker_store == "postgresql":
        url = f"postgresql://{env['DB_USER']}:{env['DB_PASSWORD']}@{env['DB_HOST']}:{env['DB_PORT']}/{env['DB_NAME']}"
    else:
        url = f"sqlite:///{servers.tracker_db}"
    engine = sa.create_engine(url)
    try:
        with engine.connect() as db:
            return db.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()
    finally:
        engine.dispose()


def redis_client(servers):
    import redis

    env = servers.env()
    return redis.StrictRedis(host=env["REDIS_HOST"], port=int(env["REDIS_PORT"]))


def audit_lines(sender: str):
    key = os.environ.get("PRIVACY_HASH_KEY", "").encode() or (ROOT / "build" / "privacy-key").read_text().strip().encode()
    path = Path(os.environ.get("PRIVACY_AUDIT_LOG", ROOT / "build" / "privacy-audit.jsonl"))
    text = path.read_text()
    assert sender not in text, "the audit log names the conversation id"
    return [json.loads(line) for line in text.splitlines() if json.loads(line)["id_hash"] == id_hash(sender, key)]


def buttons(replies):
    return [(b["title"], b["payload"]) for r in replies for b in r.get("buttons", [])]


def test_forget_me_mid_triage_erases_everything_and_the_next_message_starts_afresh(servers):
    c = Conversation(servers)
    c.say(SYMPTOMS)
    c.say("no")
    assert c.slots()["twitch_location"]
    pg = servers.tracker_store == "postgresql"
    if pg:  # a cache keyed by the sender, beside the lock store's keys
        redis_client(servers).set(f"twitch:cache:{c.sender}", "x", ex=600)
    rows = sql_rows(servers, c.sender)
    assert rows > 0

    asked = c.say("please delete my data")
    assert "delete" in texts(asked)
    assert buttons(asked) == [("Yes, delete", "/affirm"), ("No, keep it", "/deny")]
    assert sql_rows(servers, c.sender) > rows, "asking deletes nothing"

    done = c.say("/affirm")  # the "Yes, delete" button
    assert "deleted" in texts(done) and "start fresh" in texts(done)
    assert sql_rows(servers, c.sender) == 0
    if pg:
        assert redis_client(servers).keys(f"twitch:*{c.sender}*") == []
    [line] = audit_lines(c.sender)
    assert line["reason"] == "user request" and line["erased"]["conversation"] > rows
    if pg:
        assert line["erased"]["redis keys"] >= 1

    c.say("hi")
    events = c.tracker("ALL")["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == ["hi"]
    slots = c.slots()
    assert all(slots[name] is None for name in FINDINGS), slots
    assert sql_rows(servers, c.sender) > 0  # the new conversation is kept as usual


def test_no_keeps_everything_and_the_triage_goes_on(servers):
    c = Conversation(servers)
    c.say(SYMPTOMS)
    question = c.asked()
    assert question
    c.say("forget me")
    assert c.asked() is None, "the questions pause while the bot asks"
    kept = c.say("no")
    assert "nothing was deleted" in texts(kept)
    assert c.asked() == question, "the triage takes up where it was"
    assert c.slots()["twitch_location"] and len(audit_lines(c.sender)) == 0
    c.say("no")  # "None of these", when the question is a group
    findings = list(content()["groups"].get(question, {}).get("members", [question]))
    assert any(c.slots()[f] is False for f in findings)


def test_typed_yes_outside_the_triage(servers):
    c = Conversation(servers)
    c.say("hello")
    c.say("erase everything you know about me")
    done = c.say("yes")
    assert "deleted" in texts(done)
    assert sql_rows(servers, c.sender) == 0


def test_forget_me_over_socketio_clears_the_replay_buffer(servers):
    with SocketUser(servers) as user:
        user.send(SYMPTOMS)
        user.send("forget me")
        # The confirming turn leaves no tracker to poll, so wait for the reply itself.
        start = len(user.received)
        user.sio.emit("user_uttered", {"message": "/affirm", "session_id": user.session_id})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("deleted" in e.get("text", "") for e in user.received[start:]):
            time.sleep(0.1)
        assert any("deleted" in e.get("text", "") for e in user.received[start:]), user.received[start:]
    # The turn is saved (here: erased) just after its reply goes out.
    deadline = time.monotonic() + 30
    while sql_rows(servers, user.session_id) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sql_rows(servers, user.session_id) == 0
    with SocketUser(servers, user.session_id, last_seq=0) as again:  # a reload asks for everything
        time.sleep(1)
        assert again.received == [], "the replay buffer still held the forgotten conversation"


def test_forgetting_things_is_not_a_request_to_be_forgotten(servers):
    for text in ("I forget things lately", "i forgot my password"):
        assert ("Yes, delete", "/affirm") not in buttons(Conversation(servers).say(text)), text
    for text in ("delte my data", "foget me", "remove my conversation"):
        assert ("Yes, delete", "/affirm") in buttons(Conversation(servers).say(text)), text
