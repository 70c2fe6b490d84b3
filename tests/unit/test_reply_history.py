"""The socket.io channel's memory of recent bot events (what a reconnecting page missed)."""
from channels.socketio import ReplyHistory, last_seen, message_of, session_of


def test_events_get_increasing_numbers_and_since_returns_the_newer_ones():
    h = ReplyHistory()
    a = h.record("s1", {"text": "one"})
    b = h.record("s1", {"text": "two"})
    h.record("s2", {"text": "other session"})
    assert b["seq"] > a["seq"]
    assert [e["text"] for e in h.since("s1", a["seq"])] == ["two"]
    assert [e["text"] for e in h.since("s1", 0)] == ["one", "two"]
    assert h.since("unknown", 0) == []


def test_memory_is_bounded_per_session_and_in_sessions():
    h = ReplyHistory(sessions=2, per_session=3)
    for i in range(5):
        h.record("a", {"text": str(i)})
    assert [e["text"] for e in h.since("a", 0)] == ["2", "3", "4"]
    h.record("b", {"text": "b"})
    h.record("c", {"text": "c"})  # "a" is the least recent: forgotten
    assert h.since("a", 0) == [] and h.since("c", 0)


def test_malformed_socket_events_are_read_as_nothing():
    assert session_of({"session_id": "a" * 32}) == "a" * 32
    for bad in [None, "x", {"session_id": "short"}, {"session_id": "x' OR 1=1 --xxxxxxxx"}, {"session_id": 5}]:
        assert session_of(bad) is None
    assert last_seen({"last_seq": 12}) == 12
    for bad in [{}, {"last_seq": -1}, {"last_seq": "3"}, {"last_seq": True}, []]:
        assert last_seen(bad) is None
    assert message_of({"message": "hi\x00"}) == "hi "
    assert message_of({"message": 3}) is None and message_of("hi") is None
