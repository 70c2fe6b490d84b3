"""Fuzzing as tests: Hypothesis makes bodies for the REST webhook, socket.io events, and
Slack and Telegram webhooks (validly signed), and sends them to the real servers in
concurrent batches. Most are malformed or odd, some are real messages from people of
their own. Nothing may give a 5xx or an exception in the server log, and the real
messages must each land in their own conversation: none lost, none crossed.

FUZZ_EXAMPLES (batches per channel; default 250 of 10, so 10,000 inputs in all) scales it;
CI (CI=true) runs the same inputs every time."""
from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Tuple
from urllib.parse import urlencode

import pytest
import requests
import socketio
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from channels.message_checks import MAX_MESSAGE_CHARS, clean_text
from channels.telegram import SECRET_HEADER, said
from tests.channels.slack_user import signature
from tests.e2e.server import Conversation
from tests.e2e.socket_user import SocketUser

BATCH = 10
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "250"))
# No shrinking: every example is real requests, and the first failing batch says enough.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=os.environ.get("CI") == "true",
                suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate], print_blob=True)
# Conversations whose trackers are read back at the end of each channel's run.
CHECKED = 12
_local = threading.local()


def session() -> requests.Session:
    """One keep-alive connection per sending thread."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


# The sending threads outlive a batch, so each keeps its connection: a pool per batch
# opened a new connection for every input.
_senders = ThreadPoolExecutor(BATCH)


def in_parallel(send: Callable[[Any], Any], batch: List[Any]) -> List[Any]:
    return list(_senders.map(send, batch))


# --- What the inputs are made of ------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)
# What people type, and what they should not: Rasa's own /intent{...} syntax, markup,
# control characters, right-to-left marks, other scripts.
typed = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["my calf has twitched for three weeks", "hi", "yes", "no", "not sure", "/restart",
                     "/greet", "/affirm", "/deny", "/stop", "I can't breathe", "is this ALS?", "show my journal"]),
    st.from_regex(r"/[a-z_]{0,20}(\{[^}]{0,30}\}?)?(@[0-9.]{0,5})?", fullmatch=True),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x36F), max_size=60),
    st.builds(lambda n: "twitch " * n, st.integers(0, 560)),
)
too_long = st.integers(MAX_MESSAGE_CHARS + 1, MAX_MESSAGE_CHARS + 50).map(lambda n: "x" * n)


def mostly_odd(real: st.SearchStrategy, *odd: st.SearchStrategy) -> st.SearchStrategy:
    """One input in twenty a real message (each costs the bot a turn), the rest odd ones."""
    return st.sampled_from(range(20)).flatmap(lambda i: real if i == 0 else st.one_of(*odd))


def new_person() -> str:
    return "fz" + uuid.uuid4().hex


class Record:
    """The real messages each conversation was sent, to read back from its tracker."""

    def __init__(self) -> None:
        self.sent: Dict[str, List[str]] = defaultdict(list)
        self.inputs = 0
        self.lock = threading.Lock()

    def message(self, conversation: str, text: str) -> None:
        with self.lock:
            self.sent[conversation].append(clean_text(text).strip())

    def check(self, servers, wait: float = 180) -> None:
        """Every real message is in its own conversation's tracker, and nothing else is."""
        # An empty message (nothing left once cleaned) is stored as "" or not at all.
        sent = {c: sorted(filter(None, texts)) for c, texts in self.sent.items() if any(texts)}
        picked = sorted(sent)[:: max(1, len(sent) // CHECKED)][:CHECKED]
        assert picked, "no real message was sent"
        deadline = time.monotonic() + wait
        for conversation in picked:
            while True:
                events = Conversation(servers, sender=conversation).tracker("ALL")["events"]
                stored = sorted(e["text"] for e in events if e["event"] == "user" and e.get("text"))
                if len(stored) >= len(sent[conversation]) or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert stored == sent[conversation], conversation


@pytest.fixture
def record():
    return Record()


def no_new_tracebacks(servers, since: int) -> None:
    log = servers.log.read_text(errors="replace")[since:]
    assert "Traceback" not in log and "Exception in" not in log, log[log.find("Traceback") - 2000:][:6000]


def log_size(servers) -> int:
    return len(servers.log.read_text(errors="replace"))


# --- REST -----------------------------------------------------------------------------

def _rest_real(text: str, metadata: Any) -> Tuple[str, Any]:
    body = {"sender": new_person(), "message": text}
    if metadata is not None:
        body["metadata"] = metadata
    return "real", body


rest_inputs = mostly_odd(
    st.builds(_rest_real, typed, st.none() | st.dictionaries(st.text(max_size=8), json_values, max_size=3)),
    st.tuples(st.just("json"), json_values),
    st.tuples(st.just("json"), st.fixed_dictionaries({"sender": json_values, "message": json_values})),
    st.tuples(st.just("json"), st.fixed_dictionaries({"message": typed})),
    st.tuples(st.just("json"), st.fixed_dictionaries({"sender": st.text(min_size=1, max_size=20), "message": too_long})),
    st.tuples(st.just("json"), st.fixed_dictionaries({"sender": st.text(min_size=257, max_size=300) | st.sampled_from(
        ["", " ", "\t\n"]), "message": st.text(max_size=20)})),
    st.tuples(st.just("raw"), st.binary(max_size=300)),
    st.tuples(st.just("raw"), st.text(max_size=200).map(str.encode)),
)


def test_rest_fuzz(servers, record):
    url, start = servers.url + "/webhooks/rest/webhook", log_size(servers)

    def send(item: Tuple[str, Any]) -> None:
        kind, body = item
        data = body if kind == "raw" else json.dumps(body).encode()
        r = session().post(url, data=data, headers={"Content-Type": "application/json"}, timeout=120)
        assert r.status_code < 500, (body, r.status_code, r.text[:300])
        if kind == "real":
            assert r.status_code == 200, (body, r.status_code, r.text[:300])
            record.message(body["sender"], body["message"])
        elif r.status_code != 200:  # an odd body may still be a valid message
            assert 400 <= r.status_code < 500 and "error" in r.json(), (body, r.status_code, r.text[:300])

    @FUZZ
    @given(st.lists(rest_inputs, min_size=BATCH, max_size=BATCH))
    def run(batch):
        in_parallel(send, batch)
        record.inputs += len(batch)

    run()
    record.check(servers)
    no_new_tracebacks(servers, start)
    assert record.inputs >= EXAMPLES * BATCH


# --- socket.io ------------------------------------------------------------------------

socket_events = mostly_odd(
    st.builds(lambda text, meta: ("real", {"message": text, "session_id": new_person(), "metadata": meta}),
              typed, st.none() | json_values | st.text(max_size=30)),
    st.tuples(st.just("user_uttered"), json_values),
    st.tuples(st.just("user_uttered"), st.fixed_dictionaries(
        {"message": json_values | too_long, "session_id": st.text(max_size=70) | json_values})),
    st.tuples(st.just("user_uttered"), st.fixed_dictionaries({"message": typed, "session_id": st.text(max_size=30)})),
    st.tuples(st.just("session_request"), json_values),
    st.tuples(st.just("session_request"), st.fixed_dictionaries(
        {"session_id": st.text(max_size=70) | json_values, "last_seq": json_values})),
)


def test_socketio_fuzz(servers, record):
    start, answers, dropped, real = log_size(servers), [], [], []

    def connect() -> socketio.Client:
        client = socketio.Client(reconnection=False)
        client.on("bot_uttered", answers.append)
        client.on("session_confirm", answers.append)
        client.on("disconnect", lambda *_: dropped.append(client))
        client.connect(servers.url, transports=["websocket"], socketio_path="/socket.io", wait_timeout=30)
        return client

    clients = [connect() for _ in range(BATCH // 2)]
    expected = 0

    def acknowledged() -> int:
        return sum(map(len, record.sent.values()))

    def settle(acks: int, answered: int) -> None:
        """Waits until the batch's real messages are acknowledged and its odd events
        answered, as the other channels wait for their batch's responses: events sent
        faster than the bot answers queue up until a client misses its pings and drops."""
        deadline = time.monotonic() + 60
        while (acknowledged() < acks or len(answers) < answered) and all(c.connected for c in clients) \
                and time.monotonic() < deadline:
            time.sleep(0.01)

    @FUZZ
    @given(st.lists(socket_events, min_size=BATCH, max_size=BATCH))
    def run(batch):
        nonlocal expected
        acks = acknowledged() + sum(event == "real" for event, _ in batch)
        answered = len(answers) + sum(event != "real" for event, _ in batch)
        for i, (event, data) in enumerate(batch):
            if not clients[i % len(clients)].connected:
                clients[i % len(clients)] = connect()
            client = clients[i % len(clients)]
            if event == "real":
                real.append(data)
                # The server acknowledges once Rasa has handled the message: from then on
                # it must be in its conversation.
                client.emit("user_uttered", data,
                            callback=lambda *_, d=data: record.message(d["session_id"], d["message"]))
            else:
                client.emit(event, data)
                expected += 1  # each malformed event is answered, to its own socket
        record.inputs += len(batch)
        settle(acks, answered)

    run()
    settle(len(real), expected)
    if not dropped:  # a busy server may miss a ping, and a client then drops what it had queued
        assert acknowledged() == len(real), "every real message was acknowledged"
        assert len(answers) >= expected
    record.check(servers)
    for client in clients:
        client.disconnect()
    # The server still takes a connection and answers on it.
    with SocketUser(servers) as after:
        assert after.send("hello")
    no_new_tracebacks(servers, start)
    assert record.inputs >= EXAMPLES * BATCH


# --- Slack ----------------------------------------------------------------------------

def _slack_message(text: str, thread: Any) -> Tuple[str, Dict[str, Any], str]:
    user = "U" + uuid.uuid4().hex[:12].upper()
    event = {"type": "message", "channel_type": "im", "channel": "D" + user[1:], "user": user,
             "text": text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
             "ts": f"{time.time():.6f}"}
    if thread:
        event["thread_ts"] = thread
    return "real", {"type": "event_callback", "event_id": "Ev" + uuid.uuid4().hex, "event": event,
                    "authorizations": [{"user_id": "UBOT"}]}, text


def _slack_event(event: Dict[str, Any], envelope: Dict[str, Any]) -> Tuple[str, Dict[str, Any], str]:
    return "json", {**envelope, "type": "event_callback", "event": event, "event_id": "Ev" + uuid.uuid4().hex}, ""


def _slack_form(payload: Any) -> Tuple[str, bytes, str]:
    return "form", urlencode({"payload": json.dumps(payload)}).encode(), ""


slack_inputs = mostly_odd(
    st.builds(_slack_message, typed, st.none() | st.just("1700000000.000100")),
    st.builds(_slack_event, st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["message", "app_mention", "reaction_added"]) | st.text(max_size=10),
        "channel_type": st.sampled_from(["im", "channel"]) | json_values, "user": json_values | st.just("UBOT"),
        "channel": json_values, "text": json_values | typed | too_long, "subtype": json_values,
        "bot_id": json_values, "thread_ts": json_values}),
        st.fixed_dictionaries({}, optional={"authorizations": json_values, "authed_users": json_values})),
    st.builds(lambda b: ("json", b, ""), json_values),
    st.builds(lambda c: ("json", {"type": "url_verification", "challenge": c}, ""), json_values),
    st.builds(_slack_form, st.fixed_dictionaries({"type": st.just("block_actions") | json_values}, optional={
        "user": json_values | st.fixed_dictionaries({"id": st.text(max_size=12)}),
        "channel": json_values | st.fixed_dictionaries({"id": st.text(max_size=12)}),
        "container": json_values, "message": json_values,
        "actions": st.lists(json_values | st.fixed_dictionaries(
            {"type": st.just("button"), "value": typed | too_long | json_values, "action_id": json_values,
             "text": json_values}), max_size=2)})),
    st.builds(lambda b: ("form", b, ""), st.binary(max_size=200)),
)


def test_slack_fuzz(servers, platforms, record):
    url, start = servers.url + "/webhooks/slack/webhook", log_size(servers)

    def send(item: Tuple[str, Any, str]) -> None:
        kind, body, text = item
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        ts = str(int(time.time()))
        r = session().post(url, data=data, timeout=120, headers={
            "Content-Type": "application/x-www-form-urlencoded" if kind == "form" else "application/json",
            "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature(platforms.slack_signing_secret, ts, data)})
        assert r.status_code < 500, (body, r.status_code, r.text[:300])
        if kind == "real":
            assert r.status_code == 200, r.text
            record.message(body["event"]["user"], text)  # Rasa's Slack conversation: the user

    @FUZZ
    @given(st.lists(slack_inputs, min_size=BATCH, max_size=BATCH))
    def run(batch):
        in_parallel(send, batch)
        record.inputs += len(batch)

    run()
    record.check(servers)
    no_new_tracebacks(servers, start)
    assert record.inputs >= EXAMPLES * BATCH


# --- Telegram -------------------------------------------------------------------------

_update_ids = iter(range(7 * 10**8, 8 * 10**8))
_ids_lock = threading.Lock()


def next_update_id() -> int:
    with _ids_lock:
        return next(_update_ids)


def _telegram_message(text: str) -> Tuple[str, Dict[str, Any], str]:
    chat = 5 * 10**9 + uuid.uuid4().int % 10**9
    return "real", {"message": {"message_id": 1, "date": int(time.time()), "text": text,
                                "chat": {"id": chat, "type": "private"},
                                "from": {"id": chat, "is_bot": False, "first_name": "F"}}}, text


telegram_inputs = mostly_odd(
    st.builds(_telegram_message, typed),
    st.builds(lambda u: ("json", u, ""), st.dictionaries(st.sampled_from(
        ["message", "edited_message", "callback_query", "channel_post", "my_chat_member"]) | st.text(max_size=8),
        json_values, max_size=3)),
    st.builds(lambda m: ("json", {"message": m}, ""), st.fixed_dictionaries({}, optional={
        "text": typed | too_long | json_values, "chat": json_values | st.fixed_dictionaries({"id": json_values}),
        "from": json_values | st.fixed_dictionaries({"is_bot": json_values}), "message_id": json_values})),
    st.builds(lambda q: ("json", {"callback_query": q}, ""), st.fixed_dictionaries({}, optional={
        "id": json_values, "data": typed | too_long | json_values,
        "message": json_values | st.fixed_dictionaries({"chat": json_values, "message_id": json_values})})),
    st.builds(lambda b: ("raw", b, ""), st.binary(max_size=200)),
    st.builds(lambda b: ("whole", b, ""), json_values),
)


def test_telegram_fuzz(servers, platforms, record):
    url, start = servers.url + "/webhooks/telegram/webhook", log_size(servers)

    def send(item: Tuple[str, Any, str]) -> None:
        kind, body, text = item
        if kind in ("real", "json"):
            body = {"update_id": next_update_id(), **body}
        data = body if kind == "raw" else json.dumps(body).encode()
        r = session().post(url, data=data, timeout=120, headers={
            "Content-Type": "application/json", SECRET_HEADER: platforms.telegram_secret})
        assert r.status_code < 500, (body, r.status_code, r.text[:300])
        if kind == "real":
            assert r.status_code == 200, r.text
            for message in said(text):  # /start greets, /restart restarts and greets
                record.message(str(body["message"]["chat"]["id"]), message)

    @FUZZ
    @given(st.lists(telegram_inputs, min_size=BATCH, max_size=BATCH))
    def run(batch):
        in_parallel(send, batch)
        record.inputs += len(batch)

    run()
    record.check(servers)
    no_new_tracebacks(servers, start)
    assert record.inputs >= EXAMPLES * BATCH
