""""Forget me" on Slack and Telegram, through real webhooks to the fake platform APIs:
the confirmation comes as buttons, "Yes, delete" erases the conversation (no SQL row
left for that user) and says so, and the next message starts afresh."""
from __future__ import annotations

import time
from typing import Any, Callable, Dict, List

from tests.channels.slack_user import SlackUser
from tests.channels.telegram_user import TelegramUser, read
from tests.e2e.test_privacy import SYMPTOMS, audit_lines, sql_rows

LIMIT = 60


def until_said(shown: Callable[[], List[Dict[str, Any]]], send: Callable[[], Any], word: str) -> List[Dict[str, Any]]:
    """Sends, then waits for a new bot message with `word`: the confirming turn leaves no
    tracker behind, so the test clients' usual "the turn is over" cannot be read."""
    before = len(shown())
    r = send()
    assert r.status_code == 200, (r.status_code, r.text)
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        new = shown()[before:]
        if any(word in m["text"].lower() for m in new):
            return new
        time.sleep(0.1)
    raise AssertionError(f"the bot never said {word!r}; it said {shown()[before:]}")


def wait_erased(servers, sender: str) -> None:
    deadline = time.monotonic() + LIMIT  # the turn is erased just after its reply goes out
    while sql_rows(servers, sender) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sql_rows(servers, sender) == 0


def test_forget_me_on_slack(servers, platforms):
    user = SlackUser(servers, platforms)
    user.say(SYMPTOMS)
    asked = user.say("delete my data")
    assert asked[-1]["buttons"] == [("Yes, delete", "/affirm"), ("No, keep it", "/deny")]
    assert sql_rows(servers, user.user) > 0
    user.turn = lambda send, limit=LIMIT: until_said(lambda: [user.reply_of(m) for _, m in user.messages()],
                                                     send, "deleted")
    user.click("Yes, delete")
    wait_erased(servers, user.user)
    assert len(audit_lines(user.user)) == 1
    del user.turn
    user.say("hi")
    assert [e["text"] for e in user.conversation.tracker("ALL")["events"] if e["event"] == "user"] == ["hi"]


def test_forget_me_on_telegram(servers, platforms):
    user = TelegramUser(servers, platforms)
    user.say(SYMPTOMS)
    asked = user.say("forget me")
    assert asked[-1]["buttons"] == [("Yes, delete", "/affirm"), ("No, keep it", "/deny")]
    user._turn = lambda update: until_said(lambda: [read([c]) for c in user.sent()],
                                           lambda: user.post(update), "deleted")
    user.click("Yes, delete")
    wait_erased(servers, str(user.chat_id))
    assert len(audit_lines(str(user.chat_id))) == 1
    del user._turn
    user.say("hi")
    assert [e["text"] for e in user.conversation.tracker("ALL")["events"] if e["event"] == "user"] == ["hi"]
