"""The Slack channel end to end: real signed requests to the real Rasa server, the
bot's answers read back from the fake Slack API it posts to."""
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from channels.reply import LEVEL_COLOURS, LEVEL_EMOJI
from tests.channels.slack_user import BOT_USER, SlackUser, blocks_of, new_id, signature
from tests.e2e.server import free_port
from twitch.triage import level_info

ROOT = Path(__file__).resolve().parents[2]
# Answers to the triage questions, by the slot asked; anything else is "No".
BENIGN = {"clear_trigger": "Yes"}
WEAK = {"signs": "Loss of strength, like dropping things", "clear_trigger": "Yes"}


@pytest.fixture
def user(servers, platforms):
    return SlackUser(servers, platforms)


def user_texts(user):
    return [e["text"] for e in user.conversation.tracker()["events"] if e["event"] == "user"]


def quiet(user):
    """What the bot has done for this user so far: its Slack calls and the tracker's
    events (without timestamps: a tracker never saved is made afresh on each read)."""
    calls = [c for c in user.fake.snapshot() if c.body.get("channel") == user.channel]
    return len(calls), [(e["event"], e.get("name"), e.get("text")) for e in user.conversation.tracker()["events"]]


def event_with(user, said, /, **fields):
    """An event as Slack sends it; fields are taken as they are (text unescaped)."""
    return user.event_body({**user.message_event(said), **fields})


def answer_triage(user, replies, answers):
    """Clicks through the questions until a result; returns the result's replies."""
    for _ in range(14):
        if any(r["kind"] == "triage_result" for r in replies):
            return replies
        asked = user.conversation.asked()
        assert asked and replies[-1]["buttons"], f"expected a question with buttons, got {replies}"
        titles = [t for t, _ in replies[-1]["buttons"]]
        choice = answers.get(asked)
        replies = user.click(choice if choice in titles else titles[-2])  # No, or None of these
    raise AssertionError("the triage kept asking")


# --- Conversations ----------------------------------------------------------------------

@pytest.mark.parametrize("answers, level", [(BENIGN, "self_care"), (WEAK, "soon")])
def test_a_whole_triage_by_button_clicks_ends_in_a_coloured_result(user, answers, level):
    replies = user.say("my calf has been twitching for 4 days")
    assert [t for t, _ in replies[-1]["buttons"]][-2:] == ["None of these", "Not sure"]
    replies = answer_triage(user, replies, answers)

    result = next(r for r in replies if r["kind"] == "triage_result")
    assert result["level"] == level
    assert "not a diagnosis" in result["text"].lower()
    slots = user.conversation.slots()
    assert slots["triage_level"] == level
    assert slots["twitch_location"] and slots["twitch_duration_days"] == 4
    assert slots["weakness"] is (level == "soon")

    posted = next(c.body for c, r in zip(user.posts()[-len(replies):], replies) if r["kind"] == "triage_result")
    header = posted["blocks"][0]
    assert header["type"] == "header"
    assert header["text"]["text"] == f"{LEVEL_EMOJI[level]} {level_info(level)['label']}"
    assert [a["color"] for a in posted["attachments"]] == [LEVEL_COLOURS[level]]


def test_a_clicked_question_shows_the_choice_instead_of_its_buttons(user):
    user.say("my calf has been twitching for 4 days")
    question_ts, question = next((ts, m) for ts, m in reversed(user.messages()) if m.get("blocks"))
    user.click("Not sure")

    shown = dict(user.messages())[question_ts]
    assert not user.reply_of(shown)["buttons"], "the old buttons are gone"
    assert shown["blocks"][-1] == {"type": "context",
                                   "elements": [{"type": "mrkdwn", "text": "You chose: *Not sure*"}]}
    assert user.reply_of(shown)["text"] == user.reply_of(question)["text"]


def test_every_bot_message_is_one_slack_message_with_full_text_and_sections(user):
    replies = user.say("what is benign fasciculation syndrome?")
    assert len(user.posts()) == len(replies)
    for call, reply in zip(user.posts(), replies):
        sections = [b["text"]["text"] for b in blocks_of(call.body) if b["type"] == "section"]
        assert "\n\n".join(sections) == call.body["text"]
        assert len(sections) == len(reply["text"].split("\n\n"))


def test_an_faq_answer_names_its_sources(user):
    replies = user.say("can coffee make my muscles twitch?")
    faq = next(r for r in replies if r["kind"] == "faq")
    assert "caffeine" in faq["text"].lower()
    assert user.conversation.slots()["faq_topic"] == "caffeine"
    context = [b for b in blocks_of(user.posts()[-1].body) if b["type"] == "context"]
    assert context and context[0]["elements"][0]["text"].startswith("Sources: ")
    assert "Reviewed" in context[0]["elements"][0]["text"]


def test_emergency_advice_comes_first_from_the_middle_of_a_triage(user):
    user.say("my calf has been twitching for 4 days")
    user.click("None of these")
    assert user.conversation.asked(), "still in the triage"

    replies = user.say("my face suddenly started drooping and I can't speak properly")
    assert replies[0]["kind"] == "emergency"
    assert replies[0]["level"] == "emergency"
    assert "emergency" in replies[0]["text"].lower()
    first = user.posts()[-len(replies)].body["blocks"][0]
    assert first["type"] == "header" and first["text"]["text"].startswith(LEVEL_EMOJI["emergency"])
    assert user.conversation.slots()["triage_level"] == "emergency"


def test_a_mention_in_a_channel_is_answered_without_the_mention(servers, platforms):
    user = SlackUser(servers, platforms, channel=new_id("C"))
    replies = user.deliver(event_with(user, "", text=f"<@{BOT_USER}> what causes muscle twitches?",
                                      type="app_mention", channel_type="channel"))
    assert any(r["kind"] == "faq" for r in replies)
    assert user_texts(user) == ["what causes muscle twitches?"]


def test_typed_markup_reaches_the_bot_as_typed(user):
    user.say("is 4 < 5 & 6 > 2 a sign of ALS?")
    assert user_texts(user) == ["is 4 < 5 & 6 > 2 a sign of ALS?"]


# --- Threads ----------------------------------------------------------------------------

def test_replies_go_to_the_thread_the_user_wrote_in(user):
    top = user.say("what causes muscle twitches?")
    assert top and all(r["thread_ts"] is None for r in top)

    thread = "1700000000.000200"
    replies = user.say("and does caffeine cause them?", thread_ts=thread)
    assert replies and all(r["thread_ts"] == thread for r in replies)
    assert all(c.body["thread_ts"] == thread for c in user.posts()[-len(replies):])


def test_a_click_in_a_thread_is_answered_in_that_thread(user):
    thread = "1700000000.000300"
    replies = user.say("my calf has been twitching for 4 days", thread_ts=thread)
    assert replies[-1]["thread_ts"] == thread and replies[-1]["buttons"]
    replies = user.click("None of these")
    assert replies and all(r["thread_ts"] == thread for r in replies)


# --- Requests that must not be answered ---------------------------------------------------

@pytest.mark.parametrize("case", ["wrong secret", "bad signature", "unsigned", "stale", "future"])
def test_a_request_not_signed_by_slack_is_refused_and_never_processed(user, case):
    body = json.dumps(user.event_body(user.message_event("my calf has been twitching for 4 days"))).encode()
    now = int(time.time())
    how = {"wrong secret": dict(headers={"X-Slack-Request-Timestamp": str(now),
                                         "X-Slack-Signature": signature("not-the-secret", str(now), body)}),
           "bad signature": dict(headers={"X-Slack-Signature": "v0=" + "0" * 64}),
           "unsigned": dict(signed=False),
           "stale": dict(timestamp=now - 301),
           # Well past the five minutes allowed, however long the request takes to arrive.
           "future": dict(timestamp=now + 600)}[case]
    before = quiet(user)
    r = user.post(body, **how)
    assert r.status_code == 401
    assert r.json() == {"error": "The request is not signed by Slack."}
    assert quiet(user) == before
    user.say("hello")
    assert user_texts(user) == ["hello"], "the refused message was never queued"


def test_url_verification_is_answered_only_when_signed(user):
    body = {"type": "url_verification", "token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    r = user.post_json(body)
    assert r.status_code == 200 and r.json() == {"challenge": body["challenge"]}
    assert user.post_json(body, signed=False).status_code == 401


def test_a_retried_event_is_answered_once(user):
    body = user.event_body(user.message_event("what causes muscle twitches?"))
    first = user.deliver(body)
    assert first
    for headers in ({"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
                    {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"}, {}):
        r = user.post_json(body, headers=headers)
        assert r.status_code == 200
        assert r.headers.get("X-Slack-No-Retry") == "1"
    user.say("thanks")
    assert user_texts(user) == ["what causes muscle twitches?", "thanks"]


def test_a_retry_of_an_event_never_seen_is_answered(user):
    body = user.event_body(user.message_event("what causes muscle twitches?"))
    replies = user.deliver(body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert any(r["kind"] == "faq" for r in replies)
    assert user_texts(user) == ["what causes muscle twitches?"]


@pytest.mark.parametrize("fields", [
    {"bot_id": "BBOT", "user": BOT_USER},
    {"bot_id": "B999"},
    {"user": BOT_USER},
    {"subtype": "message_changed"},
    {"subtype": "message_deleted", "text": ""},
    {"subtype": "bot_message", "bot_id": "B999"},
    {"channel_type": "channel"},  # a channel message without a mention
    {"text": f"<@{BOT_USER}>"},  # nothing but the mention
], ids=["own bot", "other bot", "own user", "edited", "deleted", "bot subtype", "channel", "empty"])
def test_messages_not_from_a_person_to_the_bot_are_ignored(user, fields):
    before = quiet(user)
    r = user.post_json(event_with(user, "what causes muscle twitches?", **fields))
    assert r.status_code == 200
    assert quiet(user) == before
    user.say("hello")
    assert user_texts(user) == ["hello"]


def test_other_events_are_acknowledged_and_ignored(user):
    before = quiet(user)
    for event in ({"type": "reaction_added", "user": user.user, "reaction": "thumbsup"},
                  {"type": "app_home_opened", "user": user.user, "channel": user.channel}):
        assert user.post_json(user.event_body(event)).status_code == 200
    assert user.post_json({"type": "app_rate_limited", "minute_rate_limited": 1}).status_code == 200
    assert quiet(user) == before


# --- Malformed requests -------------------------------------------------------------------

def click_payload(user, /, **changes):
    payload = {"type": "block_actions", "user": {"id": user.user}, "channel": {"id": user.channel},
               "actions": [{"type": "button", "action_id": "button-0", "value": "/affirm",
                            "text": {"type": "plain_text", "text": "Yes"}}]}
    return {**payload, **changes}


MALFORMED = {
    "not json": (b"{this is not json", "application/json", 400),
    # Slack signs UTF-8 text; slack_sdk's verifier refuses other bytes as unsigned.
    "binary": (bytes(range(256)) * 8, "application/json", 401),
    "json list": (b"[1, 2, 3]", "application/json", 400),
    "deep nesting": (b"[" * 30_000 + b"]" * 30_000, "application/json", 400),
    "event missing": (json.dumps({"type": "event_callback", "event_id": "Ev1"}).encode(), "application/json", 400),
    "event not object": (json.dumps({"type": "event_callback", "event": "hi"}).encode(), "application/json", 400),
    "challenge missing": (json.dumps({"type": "url_verification"}).encode(), "application/json", 400),
    "plain text": (b"hello", "text/plain", 415),
    "no content type": (b"{}", "", 415),
    "form without payload": (b"a=1&b=2", "application/x-www-form-urlencoded", 400),
    "form payload not json": (b"payload=%7Bnope", "application/x-www-form-urlencoded", 400),
    "form binary": (b"payload=\xff\xfe\x00", "application/x-www-form-urlencoded", 401),
    "huge": (b'{"type": "event_callback", "pad": "' + b"x" * 2_000_000 + b'"}', "application/json", 413),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_bodies_get_a_clear_4xx(user, case):
    body, content_type, status = MALFORMED[case]
    before = quiet(user)
    r = user.post(body, content_type)
    assert r.status_code == status, r.text
    assert r.json()["error" if status != 413 else "message"]  # a 413 is Sanic's, before the body is read
    assert quiet(user) == before


@pytest.mark.parametrize("changes, status", [
    ({"user": None}, 400),
    ({"channel": "C1"}, 400),
    ({"actions": "click"}, 200),
    ({"actions": [{"type": "button", "url": "https://example.org"}]}, 200),  # a link button
    ({"actions": [{"type": "static_select", "selected_option": {"value": "x"}}]}, 200),
    ({"type": "view_submission"}, 200),
])
def test_odd_clicks_are_refused_or_ignored_never_crash(user, changes, status):
    before = quiet(user)
    r = user.post_form(click_payload(user, **changes))
    assert r.status_code == status, r.text
    assert quiet(user) == before


def test_events_with_odd_fields_are_ignored(user):
    before = quiet(user)
    for fields in ({"text": 42}, {"text": None}, {"user": ["U1"]}, {"channel": {"id": "D1"}}, {"type": 7}):
        r = user.post_json(event_with(user, "hi", **fields))
        assert r.status_code == 200
    assert quiet(user) == before


def test_get_on_the_webhook_is_refused_and_the_health_check_answers(servers):
    assert requests.get(f"{servers.url}/webhooks/slack/webhook", timeout=30).status_code == 405
    assert requests.get(f"{servers.url}/webhooks/slack/", timeout=30).json() == {"status": "ok"}


# --- Without secrets ----------------------------------------------------------------------

OFF_SERVER = """
import sys
from rasa.core.channels.channel import register
from sanic import Sanic
from channels.slack import SlackChannel

app = Sanic("slack_off")
channel = SlackChannel.from_credentials({"slack_token": "", "slack_signing_secret": "", "api_url": ""})
register([channel], app, "/webhooks/")
app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False)
"""


def test_without_its_secrets_the_channel_starts_and_refuses_every_request():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", OFF_SERVER, str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/webhooks/slack"
    try:
        for _ in range(300):
            assert proc.poll() is None, "the server did not start"
            try:
                requests.get(base + "/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        for method, path in [("GET", "/"), ("GET", "/webhook"), ("POST", "/webhook")]:
            r = requests.request(method, base + path, json={"type": "url_verification", "challenge": "c"}, timeout=10)
            assert r.status_code == 404
            assert r.json() == {"error": "Slack is not set up on this server."}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
