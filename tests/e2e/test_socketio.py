"""The socket.io channel (the web widget's): the same bot, the same triage."""
import threading
import time
import uuid

import socketio

from tests.e2e.server import Conversation


def chat(url: str, session_id: str, messages):
    """Sends each message and collects the bot_uttered events that follow it."""
    sio = socketio.Client()
    received, arrived = [], threading.Event()

    @sio.on("bot_uttered")
    def on_bot(data):
        received.append(data)
        arrived.set()

    # The sync client: the async one needs a newer aiohttp than Rasa 3.6 pins.
    sio.connect(url, transports=["websocket"], socketio_path="/socket.io")
    sio.emit("session_request", {"session_id": session_id})
    turns = []
    try:
        for text in messages:
            start = len(received)
            arrived.clear()
            sio.emit("user_uttered", {"message": text, "session_id": session_id})
            arrived.wait(timeout=30)
            time.sleep(1.0)  # let the rest of this turn's messages arrive
            turns.append(received[start:])
        sid = sio.get_sid("/")  # without session persistence, Rasa keys the tracker by sid
    finally:
        sio.disconnect()
    return sid, turns


def test_triage_over_socketio(servers):
    session = uuid.uuid4().hex
    sid, turns = chat(servers.url, session, ["my calf has been twitching for 4 days", "no"])
    assert "loss of strength" in " ".join(t.get("text", "") for t in turns[0])
    buttons = [b for t in turns[0] for b in (t.get("quick_replies") or t.get("buttons") or [])]
    assert {"title": "No", "payload": "/deny"} in [{"title": b["title"], "payload": b["payload"]} for b in buttons]
    slots = Conversation(servers, sender=sid).slots()
    assert slots["twitch_location"] == "calf" and slots["weakness"] is False


def test_emergency_first_over_socketio(servers):
    _, turns = chat(servers.url, uuid.uuid4().hex, ["I can't breathe"])
    assert "emergency" in turns[0][0]["text"].lower()
