"""Rasa's socket.io channel, for the web widget, with the session kept across reloads.

Rasa 3.6 calls python-socketio 5's `enter_room` without awaiting it, so with
session_persistence on, the socket never joins its session's room and replies are lost
(RasaHQ/rasa#13027). Here a socket always joins the room of the session it asks for,
and the tracker is keyed by that session id, so a reloaded page carries on the same
conversation. Each bot message goes out as one event (text, buttons and card together)
with a sequence number; a page that reconnects says the last one it saw and gets what
it missed meanwhile. Malformed events get a clear answer instead of an exception.

Rasa's own options (jwt_key, jwt_method, metadata_key) and the message metadata work as
in Rasa. A page on another site cannot connect (ALLOWED_ORIGINS), a message longer than
MAX_MESSAGE_CHARS or over the rate limits is answered and not stored, and a socket
that starts a new session leaves the old one's room.

With REDIS_URL set, python-socketio's Redis manager carries every emit to the instance
that holds the room's sockets, and the replay is in Redis (channels/replay.py), so
several Rasa instances serve the widget as one.
"""
from __future__ import annotations

import json
import re
import secrets
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint
from socketio import AsyncRedisManager

from channels.message_checks import TOO_LONG, clean_text, too_long
from channels.origins import foreign
from channels.rate_limits import SLOW_DOWN, message_rate
from channels.replay import Replay, replay
from channels.reply import from_rasa
from state.redis import PREFIX, redis_url

# A session id is a bearer secret chosen by the widget: random, and nothing else (the
# widget's has 128 bits; 22 characters is the shortest way to write that many).
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
# Sanic reads a WebSocket frame up to SANIC_WEBSOCKET_MAX_SIZE (scripts/serve.sh);
# socket.io refuses one longer than this.
MAX_EVENT_BYTES = 64 * 1024
UNREADABLE = "Sorry, I couldn't read that message. Please type your question again."


class BundledSocketIOOutput(OutputChannel):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def __init__(self, sio: Any, bot_message_evt: Text, history: Replay) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt
        self.history = history

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        event = await self.history.record(recipient_id, from_rasa(message).as_dict())
        await self.sio.emit(self.bot_message_evt, event, room=recipient_id)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


def session_of(data: Any) -> Optional[str]:
    session = data.get("session_id") if isinstance(data, dict) else None
    return session if isinstance(session, str) and SESSION_ID.match(session) else None


def last_seen(data: Any) -> Optional[int]:
    seq = data.get("last_seq") if isinstance(data, dict) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0 else None


def message_of(data: Any) -> Optional[str]:
    """The user's text, cleaned, or None when the event carries no readable message."""
    text = data.get("message") if isinstance(data, dict) else None
    return clean_text(text) if isinstance(text, str) else None


def metadata_of(data: Any, key: str) -> Dict[str, Any]:
    """The message metadata, as Rasa reads it (an object, or JSON text of one); anything
    else is dropped rather than failing the message."""
    metadata = data.get(key) if isinstance(data, dict) else None
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except (ValueError, RecursionError):
            return {}
    return metadata if isinstance(metadata, dict) else {}


def client_of(environ: Dict[str, Any]) -> Optional[str]:
    """The address the socket came from (engine.io's Sanic driver always says 127.0.0.1)."""
    request = environ.get("sanic.request")
    return (request.remote_addr or request.ip) if request is not None else None


class PersistentSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PersistentSocketIOInput":
        # Rasa's own reading of every option (jwt_key, jwt_method, metadata_key, ...);
        # sessions always persist, as the widget keeps its conversation across reloads.
        return super().from_credentials({**(credentials or {}), "session_persistence": True})

    def get_output_channel(self) -> Optional[OutputChannel]:
        return BundledSocketIOOutput(self.sio, self.bot_message_evt, self.history) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)
        sio = self.sio
        sio.eio.max_http_buffer_size = MAX_EVENT_BYTES
        url = redis_url()
        if url:  # Rasa makes the server; its manager is swapped before any socket connects
            sio.manager = AsyncRedisManager(url, channel=f"{PREFIX}:socketio")
            sio.manager.set_server(sio)
        self.history = replay()
        output = BundledSocketIOOutput(sio, self.bot_message_evt, self.history)
        namespace = self.namespace or "/"
        rasa_connect = sio.handlers[namespace]["connect"]  # checks jwt_key when it is set
        clients: Dict[str, Optional[str]] = {}

        async def join(sid: Text, session: str) -> None:
            """Puts the socket in its session's room and in no other session's, so a page
            that started over no longer hears the old conversation."""
            for room in sio.rooms(sid, namespace=self.namespace):
                if room not in (sid, session):
                    await sio.leave_room(sid, room, namespace=self.namespace)
            await sio.enter_room(sid, session, namespace=self.namespace)

        # Registering again under the same event names replaces Rasa's handlers.
        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict[str, Any], auth: Optional[Dict[str, Any]] = None) -> bool:
            if foreign(environ.get("HTTP_ORIGIN"), environ.get("HTTP_HOST")):
                return False
            accepted = await rasa_connect(sid, environ, auth)
            if accepted:
                clients[sid] = client_of(environ)
            return accepted

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text, reason: Any = None) -> None:
            clients.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            session = session_of(data) or secrets.token_urlsafe(16)
            await join(sid, session)
            await sio.emit("session_confirm", session, room=sid, namespace=self.namespace)
            seen = last_seen(data)
            for event in await self.history.since(session, seen) if seen is not None else ():
                await sio.emit(self.bot_message_evt, event, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            session = session_of(data)
            text = message_of(data)
            refusal = UNREADABLE if session is None or text is None else TOO_LONG if too_long(text) else None
            if refusal is None and not await message_rate().allow(clients.get(sid), session):
                refusal = SLOW_DOWN
            if refusal:  # said to this socket only, and not stored
                await sio.emit(self.bot_message_evt, {"text": refusal}, room=sid, namespace=self.namespace)
                return
            # A socket that sends for a session without asking for it first still
            # hears the answer.
            await join(sid, session)
            await on_new_message(UserMessage(text, output, session, input_channel=self.name(),
                                             metadata=metadata_of(data, self.metadata_key)))

        return bp
