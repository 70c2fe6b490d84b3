"""The crisis reply through the real servers, over REST and socket.io: at the start, in
the middle of the triage, after an FAQ and after a result; the answers to "are you safe
right now?"; the line kept in view while `crisis` is set. The NLU's own reading of crisis
messages is tested with the NLU; here the intent is sent as a payload."""
import pytest

from tests.e2e.server import Conversation, texts
from tests.e2e.socket_user import SocketUser
from tests.e2e.triage_driver import answer_all
from twitch import locale

CRISIS = "/crisis"
IMMINENT = '/crisis{"crisis_risk": "imminent"}'
SERVICES = locale.services()  # the servers run with this process's TWITCH_LOCALE


def crisis_number():
    """A number (or address) of the locale's crisis line, as the reply writes it."""
    return SERVICES["crisis_line"].split(" or ")[0].rsplit(" ", 1)[-1].strip("()")


def assert_first_crisis_reply(replies, imminent=False):
    said = texts(replies)
    assert replies[0]["text"], "the crisis reply comes first"
    assert "are you safe right now?" in said
    assert SERVICES["crisis_line"].lower() in said and SERVICES["emergency_number"].lower() in said
    assert "automated assistant" in said and "keep talking" in said
    cards = [r["custom"] for r in replies if "custom" in r]
    assert cards == [{"type": "crisis"}]
    if imminent:
        assert replies[0]["text"].startswith("Please call " + SERVICES["emergency_number"])
    for wrong in ("didn't understand", "okay. is there anything else", "sources:"):
        assert wrong not in said, wrong


def test_crisis_as_the_first_message(servers):
    conv = Conversation(servers)
    assert_first_crisis_reply(conv.say(CRISIS))
    assert conv.slots()["crisis"] is True and conv.asked() is None, "never straight into the triage"


def test_a_plan_or_means_gives_the_emergency_number_first(servers):
    conv = Conversation(servers)
    assert_first_crisis_reply(conv.say(IMMINENT), imminent=True)


def test_crisis_in_the_middle_of_the_triage_ends_the_questions(servers):
    conv = Conversation(servers)
    conv.say("my calf has been twitching for 4 days")
    assert conv.asked() is not None
    assert_first_crisis_reply(conv.say(CRISIS))
    assert conv.asked() is None and conv.tracker()["active_loop"].get("name") is None
    # "No" answers "are you safe?", not a triage question: the emergency number first.
    replies = conv.say("/deny")
    assert replies[0]["text"].startswith("Thank you for telling me. Please call " + SERVICES["emergency_number"])
    assert conv.asked() is None and conv.slots()["weakness"] is None
    assert conv.slots()["crisis"] is True


def test_crisis_after_an_faq_and_the_line_follows_later_answers(servers):
    conv = Conversation(servers)
    conv.say("can coffee cause twitching?")
    assert conv.slots()["faq_topic"] == "caffeine"
    assert_first_crisis_reply(conv.say(CRISIS))
    replies = conv.say("/affirm")
    assert replies[0]["text"].startswith("I'm glad you're safe right now.")
    assert SERVICES["crisis_line"].lower() in texts(replies)
    # An FAQ still gets its answer, and the crisis line follows it.
    replies = conv.say("does sleep affect twitching?")
    assert replies[0].get("custom", {}).get("type") != "crisis"
    assert SERVICES["crisis_line"] in replies[-1]["text"]
    # Small talk and what the bot can't read get the line again, never the fallback.
    for said in ("thanks", "/nlu_fallback"):
        replies = conv.say(said)
        assert SERVICES["crisis_line"].lower() in texts(replies) and "didn't understand" not in texts(replies)
    assert conv.slots()["crisis"] is True


def test_crisis_after_a_result(servers):
    conv = Conversation(servers)
    conv.say("my left calf has been twitching for 2 days after a long run")
    answer_all(conv, {})
    assert conv.slots()["triage_level"] == "self_care"
    assert_first_crisis_reply(conv.say(CRISIS))
    replies = conv.say("/unsure")
    assert "not sure you can keep yourself safe" in texts(replies)
    assert texts(replies).index(SERVICES["emergency_number"].lower()) < texts(replies).index(
        SERVICES["crisis_line"].lower())


def test_an_emergency_in_crisis_still_gets_the_emergency_advice_first(servers):
    conv = Conversation(servers)
    conv.say(CRISIS)
    replies = conv.say("/emergency")
    assert replies[0]["text"].startswith("This could be an emergency. Call " + SERVICES["emergency_number"])
    assert {"type": "emergency"} in [r.get("custom") for r in replies]


@pytest.mark.parametrize("before", [[], ["my calf has been twitching for 4 days"]])
def test_crisis_first_over_socketio(servers, before):
    with SocketUser(servers) as user:
        for said in before:
            user.send(said)
        turn = user.send(CRISIS)
    assert turn[0]["custom"] == {"type": "crisis"}, "one event: the crisis text with its card, first"
    assert "Are you safe right now?" in turn[0]["text"] and SERVICES["crisis_line"] in turn[0]["text"]
    assert [b["payload"] for b in turn[0]["quick_replies"]] == ["/affirm", "/deny", "/unsure"]
    assert Conversation(servers, sender=user.session_id).asked() is None
