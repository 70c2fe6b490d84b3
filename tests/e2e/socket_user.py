"""A web widget's socket.io connection, for end-to-end tests: asks for its session, then
sends messages and collects the bot's events until Rasa has finished the turn."""
import threading
import time
import uuid
from typing import Any, Dict, List, Optional

import socketio

from tests.e2e.server import Conversation


class SocketUser:
    """A widget's connection: asks for its session, then sends and collects replies."""

    def __init__(self, servers, session_id: str = "", last_seq: Optional[int] = None):
        self.servers = servers
        self.session_id = session_id or uuid.uuid4().hex
        self.last_seq = last_seq
        self.received: List[Dict[str, Any]] = []
        self.confirmed = threading.Event()
        # The sync client: the async one needs a newer aiohttp than Rasa 3.6 pins.
        self.sio = socketio.Client()
        self.sio.on("bot_uttered", self.received.append)
        self.sio.on("session_confirm", lambda _: self.confirmed.set())

    def __enter__(self) -> "SocketUser":
        # wait_timeout: the client's 1 s default fails on a busy machine (several users at once).
        self.sio.connect(self.servers.url, transports=["websocket"], socketio_path="/socket.io", wait_timeout=30)
        request = {"session_id": self.session_id}
        if self.last_seq is not None:
            request["last_seq"] = self.last_seq
        self.sio.emit("session_request", request)
        assert self.confirmed.wait(30), "no session_confirm"
        return self

    def __exit__(self, *exc) -> None:
        self.sio.disconnect()

    def send(self, message: Any) -> List[Dict[str, Any]]:
        """Sends a message and returns this turn's events, once Rasa has answered them all."""
        conv = Conversation(self.servers, sender=self.session_id)
        users = conv.users()
        start = len(self.received)
        self.sio.emit("user_uttered", {"message": message, "session_id": self.session_id})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            bots = conv.finished_turn(users)
            if bots is not None and len(self.received) - start >= len(bots):
                return self.received[start:]
            time.sleep(0.1)
        raise AssertionError(f"no complete reply to {message!r}: {self.received[start:]}")

    def send_raw(self, data: Any) -> Dict[str, Any]:
        """Emits a malformed event and returns the bot's answer to it."""
        start = len(self.received)
        self.sio.emit("user_uttered", data)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(self.received) == start:
            time.sleep(0.1)
        return self.received[start]
