"""The socket.io channel keeps Rasa's own options and reads metadata as Rasa does."""
import pytest

from channels.socketio import PersistentSocketIOInput, metadata_of, session_of


def test_rasas_options_are_kept_and_sessions_always_persist():
    channel = PersistentSocketIOInput.from_credentials({
        "user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "jwt_key": "k3y",
        "jwt_method": "HS512", "metadata_key": "meta", "session_persistence": False})
    assert (channel.jwt_key, channel.jwt_algorithm, channel.metadata_key) == ("k3y", "HS512", "meta")
    assert channel.session_persistence is True
    defaults = PersistentSocketIOInput.from_credentials(None)
    assert (defaults.jwt_key, defaults.metadata_key) == (None, "metadata")


@pytest.mark.parametrize("data, metadata", [
    ({"metadata": {"tz": "Europe/London"}}, {"tz": "Europe/London"}),
    ({"metadata": '{"tz": "UTC"}'}, {"tz": "UTC"}),
    ({"metadata": "not json"}, {}), ({"metadata": "[1]"}, {}), ({"metadata": 5}, {}), ({}, {}), ("x", {}),
    ({"metadata": "[" * 100_000}, {}),
])
def test_metadata_is_an_object_or_nothing(data, metadata):
    assert metadata_of(data, "metadata") == metadata


@pytest.mark.parametrize("session, ok", [
    ("0123456789abcdef0123456789abcdef", True), ("a" * 22, True), ("a" * 21, False), ("a" * 65, False),
    ("x' OR 1=1 --" * 3, False), (42, False), (None, False),
])
def test_a_session_id_has_at_least_128_bits_of_room(session, ok):
    assert (session_of({"session_id": session}) is not None) is ok
