"""The crisis reply on Slack and Telegram through real webhooks: first on the turn, with
its own header, at the start and in the middle of the triage, and the "are you safe?"
buttons answered."""
import pytest

from channels.reply import CRISIS_COLOUR, CRISIS_EMOJI, CRISIS_LABEL
from tests.channels.slack_user import SlackUser
from tests.channels.telegram_user import TelegramUser
from twitch import locale

SERVICES = locale.services()


@pytest.mark.parametrize("before", [[], ["my calf has been twitching for 4 days"]])
def test_crisis_on_slack(servers, platforms, before):
    user = SlackUser(servers, platforms)
    for said in before:
        user.say(said)
    replies = user.say("/crisis")
    first = replies[0]
    assert first["kind"] == "crisis", replies
    assert "Are you safe right now?" in first["text"] and SERVICES["crisis_line"] in first["text"]
    assert [p for _, p in first["buttons"]] == ["/affirm", "/deny", "/unsure"]
    posted = user.posts()[-len(replies)].body
    assert posted["blocks"][0]["text"]["text"] == f"{CRISIS_EMOJI} {CRISIS_LABEL}"
    assert [a["color"] for a in posted["attachments"]] == [CRISIS_COLOUR]
    assert user.conversation.asked() is None
    replies = user.click("I'm not safe")
    assert replies[0]["text"].startswith("Thank you for telling me. Please call " + SERVICES["emergency_number"])
    assert user.conversation.slots()["crisis"] is True


@pytest.mark.parametrize("before", [[], ["my calf has been twitching for 4 days"]])
def test_crisis_on_telegram(servers, platforms, before):
    user = TelegramUser(servers, platforms)
    for said in before:
        user.say(said)
    replies = user.say("/crisis")
    assert replies[0]["kind"] == "crisis", replies
    assert "Are you safe right now?" in replies[0]["text"] and SERVICES["crisis_line"] in replies[0]["text"]
    first_sent = user.sent()[-len(replies)].body["text"]
    assert first_sent.startswith(f"<b>{CRISIS_EMOJI} ")
    assert user.conversation.asked() is None
    replies = user.click("I'm safe right now")
    assert replies[0]["text"].startswith("I'm glad you're safe right now.")
    assert user.conversation.slots()["crisis"] is True
