"""The socket.io channel (the web widget's): the same bot, the session kept across a
reconnect (RasaHQ/rasa#13027), one event per bot message, and bad events answered."""
import time

from tests.e2e.server import Conversation
from tests.e2e.socket_user import SocketUser


def test_triage_over_socketio_with_buttons_in_the_same_event(servers):
    with SocketUser(servers) as user:
        turn = user.send("my calf has been twitching for 4 days")
        assert len(turn) == 1, "one bot message is one event"
        assert "loss of strength" in turn[0]["text"]
        assert {"content_type": "text", "title": "No", "payload": "/deny"} in turn[0]["quick_replies"]
        user.send("/deny")
    slots = Conversation(servers, sender=user.session_id).slots()
    assert slots["twitch_location"] == "calf" and slots["weakness"] is False


def test_a_new_connection_with_the_same_session_carries_on(servers):
    with SocketUser(servers) as first:
        first.send("my eyelid has been twitching for 3 days")
        asked = Conversation(servers, sender=first.session_id).asked()
    with SocketUser(servers, first.session_id) as again:  # a page reload
        turn = again.send("no")
        assert turn, "the reloaded page hears the reply"
    slots = Conversation(servers, sender=first.session_id).slots()
    assert slots["twitch_location"] == "eyelid" and slots[asked] is False


def test_a_reply_sent_while_the_page_was_away_arrives_on_reconnect(servers):
    with SocketUser(servers) as first:
        seen = first.send("my calf has been twitching for 4 days")[-1]["seq"]
        # The page goes away right after sending (a reload), before the reply can arrive.
        first.sio.emit("user_uttered", {"message": "/deny", "session_id": first.session_id})
    conv = Conversation(servers, sender=first.session_id)
    for _ in range(600):
        if conv.slots()["weakness"] is False and conv.tracker()["events"][-1].get("name") == "action_listen":
            break
        time.sleep(0.1)
    with SocketUser(servers, first.session_id, last_seq=seen) as again:
        deadline = time.monotonic() + 30
        while not again.received and time.monotonic() < deadline:
            time.sleep(0.1)
        missed = list(again.received)
    assert missed and all(e["seq"] > seen for e in missed)
    assert "thinner" in missed[-1]["text"], "the next question, which went out while away"
    assert [e["seq"] for e in missed] == sorted({e["seq"] for e in missed}), "in order, once each"


def test_a_page_that_saw_everything_gets_nothing_again(servers):
    with SocketUser(servers) as first:
        last = first.send("my eyelid has been twitching for 3 days")[-1]["seq"]
    with SocketUser(servers, first.session_id, last_seq=last) as again:
        turn = again.send("no")
    assert again.received == turn and len(turn) == 1, "nothing re-sent, only the new reply"
    assert turn[0]["seq"] > last


def test_the_result_card_travels_with_its_text(servers):
    with SocketUser(servers) as user:
        turn = user.send("my left calf has been twitching for 2 days after a long run")
        for _ in range(12):
            if Conversation(servers, sender=user.session_id).asked() is None:
                break
            turn = user.send("/deny")
        card = next(m for m in turn if m.get("custom", {}).get("type") == "triage_result")
        assert card["custom"]["level"] == "self_care" and card["custom"]["label"]
        assert "not a diagnosis" in card["text"]


def test_emergency_first_over_socketio(servers):
    with SocketUser(servers) as user:
        turn = user.send("I can't breathe")
        assert "emergency" in turn[0]["text"].lower()
        assert turn[0]["custom"] == {"type": "emergency"}


def test_malformed_events_get_a_clear_answer(servers):
    with SocketUser(servers) as user:
        for bad in ["not an object", {"message": 42, "session_id": user.session_id},
                    {"message": "hi", "session_id": "x' OR 1=1 --"}, {"session_id": user.session_id},
                    {"message": "x" * 200_000, "session_id": user.session_id}]:
            assert "couldn't read" in user.send_raw(bad)["text"]
        assert user.send("hello")[0]["text"], "the connection still works"
