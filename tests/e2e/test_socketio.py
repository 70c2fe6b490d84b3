"""The socket.io channel (the web widget's): the same bot, the session kept across a
reconnect (RasaHQ/rasa#13027), one event per bot message, and bad events answered."""
import time
import uuid

from tests.e2e.server import Conversation
from tests.e2e.socket_user import SocketUser


def test_triage_over_socketio_with_buttons_in_the_same_event(servers):
    with SocketUser(servers) as user:
        turn = user.send("my calf has been twitching for 4 days")
        assert len(turn) == 1, "one bot message is one event"
        assert "any of these" in turn[0]["text"]
        assert {"content_type": "text", "title": "None of these", "payload": "/deny"} in turn[0]["quick_replies"]
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
    assert asked == "signs"
    assert slots["twitch_location"] == "eyelid" and slots["weakness"] is False


def test_a_page_that_reconnects_is_sent_what_it_had_not_seen(servers):
    with SocketUser(servers) as first:
        seen = first.send("my calf has been twitching for 4 days")[-1]["seq"]
        # The next reply goes out; say the page was reloading and never showed it.
        first.send("/deny")
    with SocketUser(servers, first.session_id, last_seq=seen) as again:
        deadline = time.monotonic() + 30
        while not again.received and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # a replay is sent at once; anything more would come now
        missed = list(again.received)
    assert len(missed) == 1 and missed[0]["seq"] > seen
    assert "any of these" in missed[0]["text"], "the next question, which the page had not shown"


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
                    {"message": "hi", "session_id": "x' OR 1=1 --"}, {"session_id": user.session_id}]:
            assert "couldn't read" in user.send_raw(bad)["text"]
        assert "too long" in user.send_raw({"message": "x" * 4_001, "session_id": user.session_id})["text"]
        assert user.send("hello")[0]["text"], "the connection still works"


def test_starting_over_leaves_the_old_conversations_room(servers):
    with SocketUser(servers) as page:
        page.send("hello")
        old = page.session_id
        page.confirmed.clear()
        page.sio.emit("session_request", {"session_id": uuid.uuid4().hex})  # the widget's Start over
        assert page.confirmed.wait(30)
        heard = len(page.received)
        with SocketUser(servers, old) as elsewhere:  # the old conversation goes on in another tab
            assert elsewhere.send("my calf has been twitching for 4 days")
        time.sleep(0.5)
        assert page.received[heard:] == [], "the page that started over hears nothing of the old one"
