"""Telegram end to end: real Rasa, action and web servers, real secret-bearing updates
posted to the webhook, and the bot's calls read back at a fake Telegram API."""
import json
import secrets
import subprocess
import time

import pytest
import requests

from channels.reply import LEVEL_EMOJI, sources_line
from channels.telegram import SECRET_HEADER, escape
from tests.channels.telegram_user import TelegramUser
from tests.e2e.server import BIN, LOGS, ROOT, free_port
from twitch.triage import level_info

SET_WEBHOOK = "/webhooks/telegram/set_webhook"
FINDINGS = ("weakness", "atrophy", "spreading", "sensory_symptoms", "bulbar_symptoms")


@pytest.fixture
def user(servers, platforms):
    return TelegramUser(servers, platforms)


def message(user, text="hello"):
    return {"message": {"message_id": 1, "date": 0, "text": text, "from": {"id": user.chat_id, "is_bot": False},
                        "chat": {"id": user.chat_id, "type": "private"}}}


def user_texts(user):
    return [e.get("text") for e in user.conversation.tracker()["events"] if e["event"] == "user"]


def all_calls(user):
    """Every call the bot made about this chat, whatever the method."""
    return [c for c in user.platforms.telegram.snapshot()
            if str(c.body.get("chat_id")) == str(user.chat_id)
            or str(c.body.get("callback_query_id", "")).startswith(f"{user.chat_id}-")]


def test_a_whole_triage_by_pressing_buttons(user):
    replies = user.say("my calf has been twitching for 4 days")
    for _ in range(12):
        if replies[-1]["kind"] == "triage_result":
            break
        asked = user.conversation.asked()
        titles = [title for title, _ in replies[-1]["buttons"]]
        assert asked and titles[-1] == "Not sure", (asked, replies)
        replies = user.click("Yes" if asked == "clear_trigger" else titles[-2])  # No, or None of these
    result = replies[-1]
    assert result["kind"] == "triage_result" and result["level"] == "self_care"
    assert user.sent()[-1].body["text"].startswith(
        f"<b>{LEVEL_EMOJI['self_care']} {escape(level_info('self_care')['label'])}</b>\n\n")
    assert "not a diagnosis" in result["text"].lower()
    bot_says = [e for e in user.conversation.tracker()["events"] if e["event"] == "bot"]
    assert " ".join(result["text"].split()) == " ".join(bot_says[-1]["text"].split())
    slots = user.conversation.slots()
    assert slots["twitch_duration_days"] == 4 and "calf" in slots["twitch_location"]
    assert {f: slots[f] for f in FINDINGS} == dict.fromkeys(FINDINGS, False)
    assert slots["clear_trigger"] is True and slots["triage_level"] == "self_care"
    # Every press stopped its spinner and took its keyboard away.
    presses = len(user.calls("editMessageReplyMarkup"))
    assert presses >= 4  # the signs, the pattern, the trigger, the background
    assert len([c for c in all_calls(user) if c.method == "answerCallbackQuery"]) == presses


def test_an_faq_answer_ends_with_its_sources(user):
    replies = user.say("can coffee make my muscles twitch?")
    assert [r["kind"] for r in replies] == ["faq"]
    assert "caffeine" in replies[0]["text"].lower() or "coffee" in replies[0]["text"].lower()
    assert user.conversation.slots()["faq_topic"] == "caffeine"
    card = next(e["data"]["custom"] for e in user.conversation.tracker()["events"] if e["event"] == "bot")
    assert user.sent()[-1].body["text"].endswith(f"\n\n<i>{escape(sources_line(card))}</i>")


def test_emergency_advice_comes_first_in_the_middle_of_a_triage(user):
    user.say("my calf has been twitching for 4 days")
    assert user.conversation.asked()
    before = len(user.sent())
    replies = user.say("oh no I suddenly can't speak properly and my face feels droopy")
    assert replies[0]["kind"] == "emergency" and replies[0]["level"] == "emergency"
    assert "emergency" in replies[0]["text"].lower()
    assert user.sent()[before].body["text"].startswith("<b>\U0001F6A8 ")
    assert user.conversation.slots()["triage_level"] == "emergency"
    assert user.conversation.asked() is None


@pytest.mark.parametrize("case, status", [("missing", 401), ("wrong", 403), ("empty", 403), ("one more character", 403)])
def test_an_update_without_the_right_secret_is_refused_and_changes_nothing(user, case, status):
    secret = {"wrong": "wrong", "empty": "", "one more character": user.platforms.telegram_secret + "x"}.get(case)
    headers = {} if secret is None else {SECRET_HEADER: secret}
    update = {"update_id": 10**12 + secrets.randbelow(10**12), **message(user, "hi")}
    r = user.post(update, headers=headers)
    assert r.status_code == status and r.json()["error"]
    assert all_calls(user) == [] and user_texts(user) == []
    # A refused delivery does not use up its update_id: the real one is still answered.
    assert user.post(update).status_code == 200
    assert user_texts(user) == ["hi"] and user.sent()


def without_a_message(kind, chat_id):
    """Updates about this chat that carry no text for the bot."""
    chat, person = {"id": chat_id, "type": "private"}, {"id": chat_id, "is_bot": False}
    base = {"message_id": 1, "date": 0, "chat": chat, "from": person}
    return {
        "blocked the bot": {"my_chat_member": {"chat": chat, "from": person, "new_chat_member": {"status": "kicked"}}},
        "channel post": {"channel_post": {**base, "text": "hi", "chat": {"id": -100, "type": "channel"}}},
        "poll": {"poll": {"id": "1", "question": "?", "options": []}},
        "edited message": {"edited_message": {**base, "text": "edited", "edit_date": 1}},
        "sticker": {"message": {**base, "sticker": {"file_id": "x"}}},
        "photo": {"message": {**base, "photo": [{"file_id": "x"}]}},
    }[kind]


@pytest.mark.parametrize("kind", ["blocked the bot", "channel post", "poll", "edited message", "sticker", "photo"])
def test_an_update_without_a_message_is_ignored_and_the_bot_still_answers(user, kind):
    update = without_a_message(kind, user.chat_id)
    r = user.post(update)
    assert r.status_code == 200
    assert all_calls(user) == [] and user_texts(user) == []
    assert user.say("hi")[0]["buttons"]


def test_start_greets_with_or_without_a_deep_link(user, servers, platforms):
    greeting = user.say("/start")
    assert "Twitch Assistant" in greeting[0]["text"] and greeting[0]["buttons"]
    assert user_texts(user) == ["hi"]
    other = TelegramUser(servers, platforms)
    assert other.say("/start from-the-faq-page") == greeting


def test_restart_starts_over_and_greets(user):
    user.say("my calf has been twitching for 4 days")
    assert user.conversation.asked()
    replies = user.say("/restart")
    assert "Twitch Assistant" in replies[-1]["text"]
    assert user.conversation.asked() is None and user.conversation.slots()["twitch_location"] is None


def test_a_redelivered_update_is_answered_once(user):
    update = {"update_id": 10**12 + secrets.randbelow(10**12), **message(user, "what causes twitches?")}
    assert user.post(update).status_code == 200
    answered = len(user.sent())
    assert answered
    assert user.post(update).status_code == 200
    thanks = user.say("thanks")  # a later turn, so a second answer would have arrived by now
    assert user_texts(user) == ["what causes twitches?", "thanks"]
    assert len(user.sent()) == answered + len(thanks)


def test_a_pressed_button_is_answered_and_cannot_be_pressed_again(user):
    greeting = user.say("hi")
    assert ("Is it ALS?", '/faq{"faq_key": "als"}') in greeting[0]["buttons"]
    greeting_id = len(user.sent())  # the fake numbers the bot's messages in a chat 1, 2, 3, ...
    replies = user.click("Is it ALS?")
    assert [r["kind"] for r in replies] == ["faq"] and user.conversation.slots()["faq_topic"] == "als"
    [answer] = [c for c in all_calls(user) if c.method == "answerCallbackQuery"]
    assert answer.body["callback_query_id"] == f"{user.chat_id}-1"
    [edit] = user.calls("editMessageReplyMarkup")
    assert edit.body["message_id"] == str(greeting_id) and "reply_markup" not in edit.body
    # A second press on the same message (a double tap) stops its spinner and does nothing else.
    sent = len(user.sent())
    press = {"callback_query": {"id": f"{user.chat_id}-double-tap", "from": {"id": user.chat_id}, "data": '/faq{"faq_key": "causes"}',
                                "chat_instance": "1", "message": {"message_id": greeting_id,
                                                                  "chat": {"id": user.chat_id, "type": "private"}}}}
    assert user.post(press).status_code == 200
    assert [c for c in all_calls(user) if c.body.get("callback_query_id") == f"{user.chat_id}-double-tap"]
    assert len(user.sent()) == sent and user_texts(user) == ["hi", '/faq{"faq_key": "als"}']


def test_set_webhook_needs_the_admin_token_not_the_update_secret(servers, platforms):
    admin = {"Authorization": "Bearer " + platforms.telegram_admin_token}
    for headers, status in (({}, 401), ({SECRET_HEADER: platforms.telegram_secret}, 401),
                            ({"Authorization": "Bearer " + platforms.telegram_secret}, 403),
                            ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": "Basic x"}, 401)):
        r = requests.post(servers.url + SET_WEBHOOK, headers=headers, timeout=30)
        assert r.status_code == status and r.json()["error"]
    # The right token gets as far as the missing TELEGRAM_WEBHOOK_URL.
    r = requests.post(servers.url + SET_WEBHOOK, headers=admin, timeout=30)
    assert r.status_code == 400 and "TELEGRAM_WEBHOOK_URL" in r.json()["error"]
    assert requests.get(servers.url + SET_WEBHOOK, timeout=30).status_code == 405
    assert not [c for c in platforms.telegram.snapshot() if c.path == f"/bot{platforms.telegram_token}/setWebhook"]


# A Sanic app with only the Telegram channel, mounted as Rasa mounts it, for settings
# the shared servers do not have.
LONE_APP = """
import json, sys
from rasa.core.channels.channel import register
from sanic import Sanic
from channels.telegram import TelegramChannel
app = Sanic("lone_telegram")
register([TelegramChannel.from_credentials(json.loads(sys.argv[1]))], app, "/webhooks/")
app.run(host="127.0.0.1", port=int(sys.argv[2]), access_log=False, motd=False)
"""


def lone_token():
    """A token of its own, so the fake's calls for one app are told apart."""
    return "987654321:lone-" + secrets.token_urlsafe(8)


@pytest.fixture
def lone_channel():
    procs = []

    def start(credentials):
        port = free_port()
        log = open(LOGS / f"lone-telegram-{port}.log", "w")
        procs.append(subprocess.Popen([str(BIN / "python"), "-c", LONE_APP, json.dumps(credentials), str(port)],
                                      cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
        url = f"http://127.0.0.1:{port}/webhooks/telegram"
        for _ in range(600):
            assert procs[-1].poll() is None, f"the app stopped; see {log.name}"
            try:
                requests.get(url + "/", timeout=5)
                return url
            except requests.ConnectionError:
                time.sleep(0.1)
        raise AssertionError(f"the app did not start; see {log.name}")

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=30)


def lone_calls(platforms, token):
    return [c for c in platforms.telegram.snapshot() if c.path.startswith(f"/bot{token}/")]


@pytest.mark.parametrize("token, secret", [("", ""), ("VALID", ""), ("", "s3cret"), ("not-a-token", "s3cret")])
def test_without_its_settings_the_channel_is_off_on_every_route(lone_channel, platforms, token, secret):
    token = lone_token() if token == "VALID" else token
    url = lone_channel({"access_token": token, "secret_token": secret, "webhook_url": "https://bot.example.org/x",
                        "api_url": platforms.telegram.url})
    headers = {SECRET_HEADER: secret}
    for r in (requests.get(url + "/", timeout=30), requests.get(url + "/webhook", timeout=30),
              requests.post(url + "/webhook", json={"update_id": 1, "message": {"text": "hi", "chat": {"id": 1}}},
                            headers=headers, timeout=30),
              requests.post(url + "/set_webhook", headers=headers, timeout=30)):
        assert r.status_code == 404 and r.json() == {"error": "Telegram is not set up on this server."}
    assert lone_calls(platforms, token) == []


def test_set_webhook_registers_the_url_with_the_secret_and_nothing_is_called_before(lone_channel, platforms):
    hook, token = "https://bot.example.org/webhooks/telegram/webhook", lone_token()
    url = lone_channel({"access_token": token, "secret_token": "s3cret", "webhook_url": hook,
                        "api_url": platforms.telegram.url, "admin_token": "adm1n"})
    assert lone_calls(platforms, token) == []  # no network call at start-up
    r = requests.post(url + "/set_webhook", headers={"Authorization": "Bearer adm1n"}, timeout=30)
    assert r.status_code == 200 and r.json() == {"ok": True, "url": hook}
    [call] = lone_calls(platforms, token)
    assert call.method == "setWebhook"
    assert call.body["url"] == hook and call.body["secret_token"] == "s3cret"
    assert json.loads(call.body["allowed_updates"]) == ["message", "edited_message", "callback_query"]


def test_set_webhook_without_a_url_says_what_to_set(lone_channel, platforms):
    token = lone_token()
    url = lone_channel({"access_token": token, "secret_token": "s3cret", "webhook_url": "",
                        "api_url": platforms.telegram.url, "admin_token": "adm1n"})
    r = requests.post(url + "/set_webhook", headers={"Authorization": "Bearer adm1n"}, timeout=30)
    assert r.status_code == 400 and "TELEGRAM_WEBHOOK_URL" in r.json()["error"]
    assert lone_calls(platforms, token) == []


@pytest.mark.parametrize("body, status", [
    (b"not json", 400), (b"", 400), (b"[1, 2]", 400), (b'"an update"', 400), (b"null", 400), (b"{}", 400),
    (b'{"update_id": "1"}', 400), (b"\xff\xfe{", 400), (b"[" * 50_000, 400), (b" " * 1_100_000, 413),
])
def test_a_malformed_body_is_refused_with_a_4xx(user, body, status):
    r = requests.post(user.servers.url + "/webhooks/telegram/webhook", data=body, timeout=60,
                      headers={SECRET_HEADER: user.platforms.telegram_secret, "Content-Type": "application/json"})
    # A 413 is Sanic's, before the body is read.
    assert r.status_code == status and r.json()["error" if status != 413 else "message"]


@pytest.mark.parametrize("update", [
    {"message": "hello"}, {"message": {"text": ["x"], "chat": {"id": {}}}}, {"message": {"text": "hi", "chat": "x"}},
    {"message": {"text": "hi", "chat": {"id": "CHAT"}}}, {"callback_query": {"id": 5, "data": {}}},
    {"callback_query": {"id": "x", "data": "/affirm", "message": {"message_id": "1", "chat": {"id": None}}}},
    {"update_id": 1.5}, {"update_id": True},
])
def test_odd_updates_never_get_a_5xx_and_say_nothing(user, update):
    r = user.post(update)
    assert r.status_code in (200, 400), r.text
    assert all_calls(user) == [] and user_texts(user) == []
    assert user.say("hi")


def test_other_methods_get_a_clean_answer(servers):
    base = servers.url + "/webhooks/telegram"
    assert requests.get(base + "/", timeout=30).json() == {"status": "ok"}
    r = requests.get(base + "/webhook", timeout=30)
    assert r.status_code == 405 and r.json()["error"]
