"""The journal on Slack and Telegram through real webhooks to the fake platform APIs:
four entries, the summary with the chart (Slack uploads it, Telegram sends a photo),
the page for the doctor and the CSV, then "forget me", after which the links are gone.
And the daily reminder: opt in, it fires once (JOURNAL_REMINDER_SECONDS is short
here), and "stop reminders" stops it."""
from __future__ import annotations

import re
import time

from tests.channels.slack_user import SlackUser
from tests.channels.telegram_user import TelegramUser, read
from tests.channels.test_forget import until_said
from tests.e2e.journal_flow import gone, log_four, see_everything

URL = re.compile(r"https?://\S+/journal/\S+")
REMINDER = "daily journal check-in"


def by_links(reply):
    """The card a Slack or Telegram user gets: the links written in the message."""
    urls = URL.findall(reply["text"])
    if "summary" in reply["text"].lower() and len(urls) == 2:
        return {"type": "journal_summary", "url": urls[0], "pdf": urls[1]}
    if "csv" in reply["text"].lower() and len(urls) == 1:
        return {"type": "journal_export", "url": urls[0]}
    return {}


def test_the_journal_on_slack(servers, platforms):
    user = SlackUser(servers, platforms)
    log_four(user.say, user.click)
    uploads_before = len([c for c in platforms.slack.snapshot() if c.method == "files.completeUploadExternal"])
    chart_png = {}

    def card(reply):
        if "last 30 days" in reply["text"]:
            done = platforms.slack.wait_for(lambda calls: [c for c in calls if c.method == "files.completeUploadExternal"
                                                           and c.body.get("channel_id") == user.channel][uploads_before:])
            upload = [c for c in platforms.slack.snapshot() if c.method.startswith("upload.")][-1]
            chart_png["bytes"] = upload.body.get("_raw", "")
            return {"type": "journal_chart", "image": _chart_link(servers, user.conversation), "uploaded": done}
        return by_links(reply)

    links = see_everything(user.say, card)
    assert "PNG" in chart_png["bytes"][:8]
    user.say("forget me")
    user.turn = lambda send, limit=60: until_said(lambda: [user.reply_of(m) for _, m in user.messages()],
                                                  send, "deleted")
    user.click("Yes, delete")
    _wait_gone(links)


def test_the_journal_on_telegram(servers, platforms):
    user = TelegramUser(servers, platforms)
    log_four(user.say, user.click)

    def card(reply):
        if "last 30 days" in reply["text"]:
            photo = platforms.telegram.wait_for(lambda calls: [c for c in calls if c.method == "sendPhoto"
                                                               and str(c.body.get("chat_id")) == str(user.chat_id)])
            assert photo[-1].body["photo"][:8] == b"\x89PNG\r\n\x1a\n"
            return {"type": "journal_chart", "image": _chart_link(servers, user.conversation)}
        return by_links(reply)

    links = see_everything(user.say, card)
    user.say("forget me")
    user._turn = lambda update: until_said(lambda: [read([c]) for c in user.sent()],
                                           lambda: user.post(update), "deleted")
    user.click("Yes, delete")
    _wait_gone(links)


def test_a_daily_reminder_on_telegram_fires_once_and_stops(servers, platforms):
    user = TelegramUser(servers, platforms)
    assert "stop reminders" in user.say("remind me every day")[-1]["text"].lower()
    fired = platforms.telegram.wait_for(lambda calls: [
        c for c in calls if c.method == "sendMessage" and str(c.body.get("chat_id")) == str(user.chat_id)
        and REMINDER in c.body.get("text", "")], limit=60)
    assert len(fired) == 1  # one server, one reminder: not one per instance
    assert [t for t, _ in read([fired[0]])["buttons"]] == ["Yes", "No"]
    user.say("stop reminders")
    count = _reminders(platforms, user)
    time.sleep(float(servers.env().get("JOURNAL_REMINDER_SECONDS", "5")) * 3)
    assert _reminders(platforms, user) == count


def test_reminders_are_only_offered_where_they_can_come(servers):
    from tests.e2e.server import Conversation
    conv = Conversation(servers)
    assert "slack and telegram" in " ".join(r.get("text", "") for r in conv.say("remind me every day")).lower()


def _reminders(platforms, user) -> int:
    return len([c for c in platforms.telegram.snapshot() if c.method == "sendMessage"
                and str(c.body.get("chat_id")) == str(user.chat_id) and REMINDER in c.body.get("text", "")])


def _chart_link(servers, conversation) -> str:
    """The chart's link, from the card in the tracker (Slack and Telegram show the picture)."""
    bots = [e for e in conversation.tracker()["events"] if e["event"] == "bot"]
    return next(e["data"]["custom"]["image"] for e in reversed(bots)
                if ((e.get("data") or {}).get("custom") or {}).get("type") == "journal_chart")


def _wait_gone(links) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            gone(links)
            return
        except AssertionError:
            time.sleep(0.5)
    gone(links)
