"""Limits, on servers of their own started as `make run` starts them (no RASA_TOKEN, so
serve.sh makes one): a body too large is refused from its length before it is read, a
message over 4,000 characters and messages over the rate limits are refused with a
clear JSON error on every channel, and nothing refused is stored."""
import http.client
import json
import os
import socket
import stat
import time
import uuid

import pytest
import requests

from channels.message_checks import MAX_MESSAGE_CHARS, TOO_LONG
from channels.rate_limits import SLOW_DOWN
from tests.channels.slack_user import SlackUser
from tests.channels.telegram_user import TelegramUser
from tests.e2e.server import Conversation, Servers
from tests.e2e.socket_user import SocketUser

PER_CONVERSATION, PER_CLIENT = 6, 10
REST = "/webhooks/rest/webhook"


@pytest.fixture(scope="module")
def strict(platforms):
    s = Servers(os.environ["TWITCH_MODEL"], os.environ.get("TWITCH_TRACKER_STORE", "sqlite"), token="",
                env={**platforms.env(), "RATE_LIMIT_PER_CLIENT": f"{PER_CLIENT}/minute",
                     "RATE_LIMIT_PER_CONVERSATION": f"{PER_CONVERSATION}/minute"}).start()
    yield s
    s.stop()


def post_from(address: str, servers: Servers, body: dict) -> http.client.HTTPResponse:
    """A REST request from one loopback address (each test its own client)."""
    conn = http.client.HTTPConnection("127.0.0.1", servers.rasa_port, timeout=60, source_address=(address, 0))
    conn.request("POST", REST, body=json.dumps(body), headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    r.body = json.loads(r.read() or b"null")
    conn.close()
    return r


def test_the_token_is_made_on_the_first_run_readable_by_its_owner_only(strict):
    assert stat.S_IMODE(strict.token_file.stat().st_mode) == 0o600
    assert len(strict.token) >= 32
    url = f"{strict.url}/status"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, params={"token": strict.token}, timeout=30).status_code == 200


def test_a_body_over_64_kb_is_refused_from_its_length_before_it_is_read(strict):
    with socket.create_connection(("127.0.0.1", strict.rasa_port), timeout=30) as s:
        # Headers only: a server that waited for the 100 MB body would never answer.
        s.sendall(b"POST " + REST.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100000000\r\n\r\n")
        head, _, body = s.recv(65536).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert json.loads(body)["message"]
    r = requests.post(strict.url + REST, data=b"x" * (64 * 1024 + 1), timeout=60,
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["message"]


def test_a_message_over_4000_characters_is_a_413_and_not_stored(strict):
    conv = Conversation(strict)
    r = post_from("127.0.0.2", strict, {"sender": conv.sender, "message": "a" * (MAX_MESSAGE_CHARS + 1)})
    assert r.status == 413 and r.body == {"error": TOO_LONG}
    assert conv.users() == 0
    # The longest allowed message (4,000 emoji are 48 kB of JSON escapes) is taken.
    ok = post_from("127.0.0.2", strict, {"sender": conv.sender, "message": "\U0001F631" * MAX_MESSAGE_CHARS})
    assert ok.status == 200 and conv.users() == 1


def test_one_conversation_over_its_rate_is_a_429_and_not_stored(strict):
    conv = Conversation(strict)
    statuses = [post_from("127.0.0.3", strict, {"sender": conv.sender, "message": f"hello {i}"}).status
                for i in range(PER_CONVERSATION)]
    refused = post_from("127.0.0.3", strict, {"sender": conv.sender, "message": "one too many"})
    assert statuses == [200] * PER_CONVERSATION
    assert refused.status == 429 and refused.body == {"error": SLOW_DOWN}
    texts = [e["text"] for e in conv.tracker("ALL")["events"] if e["event"] == "user"]
    assert texts == [f"hello {i}" for i in range(PER_CONVERSATION)]
    # Another conversation from the same client goes on.
    assert post_from("127.0.0.3", strict, {"sender": f"other-{uuid.uuid4().hex}", "message": "hi"}).status == 200


def test_one_client_over_its_rate_is_a_429_whatever_the_conversation(strict):
    senders = [f"spread-{uuid.uuid4().hex}" for _ in range(PER_CLIENT + 1)]
    statuses = [post_from("127.0.0.4", strict, {"sender": s, "message": "hi"}).status for s in senders]
    assert statuses == [200] * PER_CLIENT + [429]
    assert Conversation(strict, sender=senders[-1]).users() == 0
    # Another address is not held back.
    assert post_from("127.0.0.5", strict, {"sender": senders[-1], "message": "hi"}).status == 200


def test_socketio_answers_a_long_or_fast_message_and_stores_neither(strict):
    with SocketUser(strict) as user:
        conv = Conversation(strict, sender=user.session_id)
        assert user.send_raw({"message": "a" * (MAX_MESSAGE_CHARS + 1), "session_id": user.session_id})["text"] \
            == TOO_LONG
        for i in range(PER_CONVERSATION):
            user.send(f"hello {i}")
        assert user.send_raw({"message": "one too many", "session_id": user.session_id})["text"] == SLOW_DOWN
        time.sleep(1)
        assert conv.users() == PER_CONVERSATION


def test_a_socketio_frame_over_64_kb_is_refused(strict):
    with SocketUser(strict) as user:
        user.sio.emit("user_uttered", {"message": "a" * 70_000, "session_id": user.session_id})
        deadline = time.monotonic() + 30
        while user.sio.connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not user.sio.connected, "the server closed the connection"
    assert Conversation(strict, sender=user.session_id).users() == 0


def next_message(sent, send) -> str:
    """The text of the one bot message that send() brings, once it has reached the platform."""
    before = len(sent())
    assert send().status_code == 200
    deadline = time.monotonic() + 60
    while len(sent()) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    [message] = sent()[before:]
    return message.body["text"]


def test_slack_and_telegram_say_a_long_or_fast_message_is_refused_and_store_it_not(strict, platforms):
    slack, telegram = SlackUser(strict, platforms), TelegramUser(strict, platforms)
    platform_say = {
        slack: lambda text: next_message(slack.posts, lambda: slack.post_json(
            slack.event_body(slack.message_event(text)))),
        telegram: lambda text: next_message(telegram.sent, lambda: telegram.post({"message": {
            "message_id": 1, "date": int(time.time()), "text": text, "chat": {"id": telegram.chat_id, "type": "private"},
            "from": {"id": telegram.chat_id, "is_bot": False, "first_name": "Test"}}})),
    }
    for user, say in platform_say.items():
        assert say("a" * (MAX_MESSAGE_CHARS + 1)) == TOO_LONG
        for i in range(PER_CONVERSATION):
            user.say(f"hello {i}")
        assert say("one too many") == SLOW_DOWN
        texts = [e["text"] for e in user.conversation.tracker("ALL")["events"] if e["event"] == "user"]
        assert texts == [f"hello {i}" for i in range(PER_CONVERSATION)]
