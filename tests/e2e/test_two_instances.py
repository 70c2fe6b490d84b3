"""Two Rasa instances of the production profile on one PostgreSQL database and one Redis,
as several instances behind nginx would be: the session's servers, and a second set
started here. A conversation's turns never overlap whichever instance takes them
(state/lock_store.py); socket.io, the replay on reconnect and the platforms' delivery
ids are shared through Redis (REDIS_URL)."""
from __future__ import annotations

import os
import secrets
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from tests.channels.slack_user import SlackUser
from tests.channels.telegram_user import TelegramUser
from tests.e2e.server import Conversation, Servers
from tests.e2e.socket_user import SocketUser

pytestmark = pytest.mark.skipif(
    os.environ.get("TWITCH_TRACKER_STORE") != "postgresql",
    reason="the production profile (PostgreSQL and Redis): make test-e2e-postgres")


@pytest.fixture(scope="module")
def second(servers, platforms):
    """Another instance of the same profile, on the same database, Redis and token."""
    s = Servers(servers.model, servers.tracker_store, token=servers.token, env=platforms.env()).start()
    yield s
    s.stop()


def wait_for(check, limit: float = 30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)


def test_two_instances_hammering_one_conversation_take_turns_and_lose_nothing(servers, second):
    sender = f"e2e-{uuid.uuid4().hex}"

    def user(instance: Servers, name: str):
        """One client of the conversation, sending five messages one after the other."""
        conv = Conversation(instance, sender)
        # Texts only: REST sends an answer's custom payload as a message of its own, which
        # the tracker keeps on the same bot event.
        return [(text, [m["text"] for m in conv.say(text) if m.get("text")])
                for text in (f"hello {name}{i}" for i in range(5))]

    clients = [(servers, "a"), (servers, "b"), (second, "c"), (second, "d")]
    with ThreadPoolExecutor(len(clients)) as pool:
        answered = [turn for turns in pool.map(lambda c: user(*c), clients) for turn in turns]

    # The stored conversation as turns: each user message, then the bot messages up to the next.
    stored = []
    for event in Conversation(second, sender).tracker("ALL")["events"]:
        if event["event"] == "user":
            stored.append((event["text"], []))
        elif event["event"] == "bot" and event.get("text"):
            stored[-1][1].append(event["text"])
    assert len(stored) == len(answered) == 20, "a message was lost, or stored twice"
    assert all(bots for _, bots in stored), "a user message without its own reply"
    assert sorted(stored) == sorted(answered), "each message is followed by the reply its sender got"
    keys = redis.from_url(second.env()["REDIS_URL"]).keys(f"twitch:*:{sender}")
    assert not [k for k in keys if k.split(b":")[1] in (b"lock", b"lease", b"ticket")], "a lock was left"


def test_a_reply_reaches_the_page_on_the_other_instance(servers, second):
    """One session open on both (two tabs, or a page that reconnected elsewhere mid-turn):
    the instance that handles the message reaches the socket on the other."""
    with SocketUser(servers) as on_a, SocketUser(second, on_a.session_id) as on_b:
        turn = on_b.send("my calf has been twitching for 4 days")
        wait_for(lambda: len(on_a.received) >= len(turn))
        assert on_a.received == turn and "any of these" in turn[0]["text"]


def test_a_page_that_reconnects_to_the_other_instance_is_sent_what_it_missed(servers, second):
    with SocketUser(servers) as first:
        seen = first.send("my calf has been twitching for 4 days")[-1]["seq"]
        missed = first.send("/deny")  # say the page was reloading and never showed it
    with SocketUser(second, first.session_id, last_seq=seen) as again:
        wait_for(lambda: len(again.received) >= len(missed))
        time.sleep(0.5)  # a replay is sent at once; anything more would come now
        assert again.received == missed


def test_a_slack_retry_delivered_to_the_other_instance_is_not_answered_twice(servers, second, platforms):
    on_a = SlackUser(servers, platforms)
    on_b = SlackUser(second, platforms, user=on_a.user, channel=on_a.channel)
    body = on_a.event_body(on_a.message_event("what causes twitches?"))
    answered = on_a.deliver(body)
    retry = on_b.post_json(body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    thanks = on_b.say("thanks")  # a later turn, so a second answer would have arrived by now
    assert len(on_a.posts()) == len(answered) + len(thanks)


def test_a_telegram_update_redelivered_to_the_other_instance_is_answered_once(servers, second, platforms):
    on_a = TelegramUser(servers, platforms)
    on_b = TelegramUser(second, platforms, chat_id=on_a.chat_id)
    update = {"update_id": 10**12 + secrets.randbelow(10**12),
              "message": {"message_id": 1, "date": int(time.time()), "text": "what causes twitches?",
                          "from": {"id": on_a.chat_id, "is_bot": False},
                          "chat": {"id": on_a.chat_id, "type": "private"}}}
    assert on_a.post(update).status_code == 200
    answered = len(on_a.sent())
    assert answered
    assert on_b.post(update).status_code == 200
    thanks = on_b.say("thanks")
    assert [e.get("text") for e in on_a.conversation.tracker()["events"] if e["event"] == "user"] == \
        ["what causes twitches?", "thanks"]
    assert len(on_a.sent()) == answered + len(thanks)
