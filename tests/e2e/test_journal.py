"""The journal over REST and the widget's socket.io (CONTRACT.md section 5): the whole
conversation with its links, corrections, bad input, an entry in the middle of the
triage, an emergency in an entry, and "forget me" taking the links with it."""
from __future__ import annotations

import time

import pytest

from tests.e2e.journal_flow import gone, log_four, see_everything
from tests.e2e.server import Conversation, custom, texts
from tests.e2e.socket_user import SocketUser
from tests.e2e.triage_driver import answer_all


def rest_reply(replies):
    """A REST turn's last message, with the buttons and card Rasa sent with it."""
    return {"text": " ".join(r.get("text", "") for r in replies),
            "buttons": [(b["title"], b["payload"]) for r in replies for b in r.get("buttons", [])],
            "card": next((r["custom"] for r in replies if "custom" in r), None)}


class RestUser:
    def __init__(self, servers):
        self.conversation = Conversation(servers)

    def say(self, text):
        return [rest_reply(self.conversation.say(text))]

    def click(self, title):
        last = next(r for r in reversed(self.conversation.replies) if any(m.get("buttons") for m in r))
        payload = next(b["payload"] for m in last for b in m.get("buttons", []) if b["title"] == title)
        return self.say(payload)


def forget(say):
    say("forget me")
    say("/affirm")


def test_the_whole_journal_over_rest(servers):
    user = RestUser(servers)
    log_four(user.say, user.click)
    links = see_everything(user.say, lambda r: r["card"])
    forget(user.say)
    deadline = time.monotonic() + 30  # the erasure runs as the turn is saved
    while time.monotonic() < deadline:
        try:
            gone(links)
            break
        except AssertionError:
            time.sleep(0.5)
    gone(links)


def test_the_whole_journal_in_the_widget(servers):
    with SocketUser(servers) as user:
        def say(text):
            events = user.send(text)
            return [{"text": " ".join(e.get("text", "") for e in events),
                     "buttons": [(b["title"], b["payload"]) for e in events for b in e.get("quick_replies", [])],
                     "card": next((e["custom"] for e in events if "custom" in e), None)}]

        def click(title):
            last = next(e for e in reversed(user.received) if e.get("quick_replies"))
            return say(next(b["payload"] for b in last["quick_replies"] if b["title"] == title))

        log_four(say, click)
        links = see_everything(say, lambda r: r["card"])
        user.send("delete my data")
        user.sio.emit("user_uttered", {"message": "/affirm", "session_id": user.session_id})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                gone(links)
                return
            except AssertionError:
                time.sleep(0.5)
        gone(links)


def test_an_entry_in_the_middle_of_the_triage_is_logged_and_the_questions_go_on(servers):
    conv = Conversation(servers)
    conv.say("my left calf has been twitching for three weeks")
    asked = conv.asked()
    assert asked
    replies = conv.say("add to my journal: left calf after coffee this morning, about 5 minutes")
    assert custom(replies)["type"] == "journal_entry"
    assert conv.tracker()["active_loop"]["name"] == "triage_form"
    assert conv.asked() == asked  # the same question, asked again


def test_an_emergency_in_an_entry_gets_the_emergency_advice_first(servers):
    conv = Conversation(servers)
    conv.say("keep a journal")
    replies = conv.say("log: left arm twitching and now I suddenly can't move my arm")
    assert custom(replies)["type"] == "emergency"
    assert all(r.get("custom", {}).get("type") != "journal_entry" for r in replies)


@pytest.mark.parametrize("text, said", [
    ("log a twitch", "where"),
    ("😬😬😬", "where"),
    ("add to my journal: left calf tomorrow for 5 minutes", "still to come"),
    ("add to my journal: left calf twitching for 5 minutes after my run. " + "It kept twitching on and off. " * 140,
     "too long"),
])
def test_bad_entries_get_a_clear_reply_and_nothing_is_stored(servers, text, said):
    conv = Conversation(servers)
    conv.say("keep a journal")
    conv.say("yes")
    replies = conv.say(text[:4000])
    assert said in texts(replies)
    assert all("custom" not in r for r in replies)
    # Nothing was stored: the journal is still empty.
    assert "empty" in texts(conv.say("show my journal"))


def test_the_result_offers_a_journal_and_then_keeps_it(servers):
    conv = Conversation(servers)
    conv.say("my left eyelid has been twitching for two days after lots of coffee")
    answer_all(conv, {"twitch_location": "left eyelid", "twitch_duration_days": 2})
    result = conv.replies[-1]
    assert custom(result)["type"] == "triage_result"
    assert {"title": "Keep a journal", "payload": "/journal_start"} in [b for r in result for b in r.get("buttons", [])]
    assert "any twitching today" in texts(conv.say("/journal_start"))
    assert "where was the twitch" in texts(conv.say("/affirm"))
    assert custom(conv.say("left eyelid again this morning, a few seconds"))["type"] == "journal_entry"
