"""The Telegram channel's pure parts: a Reply as sendMessage calls (HTML, card lines,
inline keyboard, splitting), and what an update asks of the bot."""
import json
import logging
from pathlib import Path

import pytest
import yaml

from channels.reply import LEVEL_EMOJI, Button, Reply, sources_line
from channels.telegram import (
    DEFAULT_API_URL, MAX_CALLBACK_BYTES, MAX_MESSAGE_UNITS, Incoming, TelegramChannel, escape, incoming,
    keyboard, render, said, units, update_body,
)
from twitch.triage import level_info

ROOT = Path(__file__).resolve().parents[2]
YES_NO = (Button("Yes", "/affirm"), Button("No", "/deny"), Button("Not sure", "/unsure"))
FAQ_CARD = {"type": "faq", "key": "caffeine", "title": "Caffeine",
            "sources": [{"title": "NHS: twitching eyes & muscles"}, {"guideline": "NICE NG127"}],
            "reviewed": "2025-01-10"}


def rows(markup):
    return [[(b["text"], b["callback_data"]) for b in row] for row in markup.to_python()["inline_keyboard"]]


# --- Rendering ------------------------------------------------------------------------

def test_a_plain_reply_is_one_html_message_of_its_paragraphs():
    assert render(Reply("First part.\n\n  Second part.  \n\n\n\nThird.")) == [
        {"text": "First part.\n\nSecond part.\n\nThird.", "parse_mode": "HTML"}]


def test_text_is_escaped_for_telegram_html():
    [message] = render(Reply("Salt & water <b>not</b> > 2 litres; &amp; stays text"))
    assert message["text"] == "Salt &amp; water &lt;b&gt;not&lt;/b&gt; &gt; 2 litres; &amp;amp; stays text"


def test_an_empty_reply_sends_nothing():
    assert render(Reply("  \n\n ")) == []


@pytest.mark.parametrize("level", sorted(LEVEL_EMOJI))
def test_a_triage_result_starts_with_its_level_emoji_and_label_in_bold(level):
    label = level_info(level)["label"]
    [message] = render(Reply("Headline.\n\nWhat to do.", card={"type": "triage_result", "level": level, "label": label}))
    assert message["text"] == f"<b>{LEVEL_EMOJI[level]} {escape(label)}</b>\n\nHeadline.\n\nWhat to do."


def test_card_words_are_escaped_too():
    [result] = render(Reply("x", card={"type": "triage_result", "level": "soon", "label": "A <b> & c"}))
    assert result["text"].startswith(f"<b>{LEVEL_EMOJI['soon']} A &lt;b&gt; &amp; c</b>\n\n")
    [faq] = render(Reply("x", card=FAQ_CARD))
    assert "eyes &amp; muscles" in faq["text"]


def test_emergency_advice_starts_with_a_siren_line_in_bold():
    [message] = render(Reply("Call your local emergency number now.", card={"type": "emergency"}))
    first, rest = message["text"].split("\n\n", 1)
    assert first == f"<b>\U0001F6A8 {level_info('emergency')['label']}</b>"
    assert rest == "Call your local emergency number now."


def test_an_faq_answer_ends_with_its_sources_in_italics():
    [message] = render(Reply("Coffee can do that.", buttons=YES_NO, card=FAQ_CARD))
    assert message["text"] == f"Coffee can do that.\n\n<i>{escape(sources_line(FAQ_CARD))}</i>"
    assert rows(message["reply_markup"]) == [[(b.title, b.payload) for b in YES_NO]]


# --- Inline keyboard ------------------------------------------------------------------

def test_short_titles_go_three_to_a_row_with_the_payload_as_callback_data():
    buttons = tuple(Button(t, f"/p{i}") for i, t in enumerate(["A", "B", "C", "D", "E"]))
    assert rows(keyboard(buttons)) == [[("A", "/p0"), ("B", "/p1"), ("C", "/p2")], [("D", "/p3"), ("E", "/p4")]]


def test_long_titles_go_one_to_a_row():
    buttons = (Button("Check my twitching", "/describe_symptoms"), Button("Is it ALS?", '/faq{"faq_key": "als"}'))
    assert rows(keyboard(buttons)) == [[("Check my twitching", "/describe_symptoms")], [("Is it ALS?", '/faq{"faq_key": "als"}')]]


def test_a_payload_telegram_cannot_carry_is_left_out_with_a_warning(caplog):
    too_long = "/describe_symptoms" + json.dumps({"twitch_location": "x" * MAX_CALLBACK_BYTES})
    with caplog.at_level(logging.WARNING, logger="channels.telegram"):
        markup = keyboard((Button("Yes", "/affirm"), Button("Long", too_long), Button("Empty", "")))
    assert rows(markup) == [[("Yes", "/affirm")]]
    assert "Long" in caplog.text and "Empty" in caplog.text
    assert keyboard((Button("Long", too_long),)) is None
    assert keyboard(()) is None


def _payloads(node):
    if isinstance(node, dict):
        return ([node["payload"]] if "payload" in node and "title" in node else []) + \
            [p for v in node.values() for p in _payloads(v)]
    return [p for v in node for p in _payloads(v)] if isinstance(node, list) else []


def test_every_button_the_bot_has_fits_telegrams_callback_data():
    payloads = [p for f in ("domain.yml", "content/questions.yml")
                for p in _payloads(yaml.safe_load((ROOT / f).read_text()))]
    assert len(payloads) > 10
    assert [p for p in payloads if len(p.encode()) > MAX_CALLBACK_BYTES] == []


# --- Splitting ------------------------------------------------------------------------

def test_a_long_reply_is_split_between_paragraphs_with_the_buttons_under_the_last_part():
    paragraphs = [f"Paragraph {i}: " + "word " * 300 for i in range(20)]
    messages = render(Reply("\n\n".join(paragraphs), buttons=YES_NO,
                            card={"type": "triage_result", "level": "soon", "label": "Soon"}))
    assert len(messages) > 1
    assert all(units(m["text"]) <= MAX_MESSAGE_UNITS for m in messages)
    assert messages[0]["text"].startswith(f"<b>{LEVEL_EMOJI['soon']} Soon</b>\n\nParagraph 0: ")
    body = [p for m in messages for p in m["text"].split("\n\n")][1:]
    assert body == [p.strip() for p in paragraphs]  # no paragraph was cut
    assert [("reply_markup" in m) for m in messages] == [False] * (len(messages) - 1) + [True]


def test_an_faq_sources_line_stays_last_after_a_split():
    messages = render(Reply("\n\n".join(["word " * 500] * 12), card=FAQ_CARD))
    assert len(messages) > 1
    assert messages[-1]["text"].endswith(f"<i>{escape(sources_line(FAQ_CARD))}</i>")


def test_a_paragraph_longer_than_a_message_is_cut_at_spaces():
    words = [f"w{i}" for i in range(3000)]
    messages = render(Reply(" ".join(words)))
    assert len(messages) > 1 and all(units(m["text"]) <= MAX_MESSAGE_UNITS for m in messages)
    assert " ".join(m["text"] for m in messages).split() == words


def test_a_cut_never_splits_an_escape_and_counts_emoji_as_telegram_does():
    messages = render(Reply("&" * 5000))
    assert all(units(m["text"]) <= MAX_MESSAGE_UNITS for m in messages)
    assert "".join(m["text"] for m in messages) == "&amp;" * 5000
    emoji = render(Reply("\U0001F7E2" * 3000))
    assert [units(m["text"]) for m in emoji] == [4096, 1904]
    assert units("\U0001F7E2") == 2


# --- Reading updates ------------------------------------------------------------------

def message(text, chat_id=42, **more):
    return {"message": {"message_id": 1, "text": text, "chat": {"id": chat_id, "type": "private"},
                        "from": {"id": chat_id, "is_bot": False}, **more}}


def test_a_text_message_is_the_users_message_in_their_chat():
    assert incoming(message("my calf twitches")) == Incoming("42", ["my calf twitches"])


@pytest.mark.parametrize("typed, expected", [
    ("/start", ["hi"]),
    ("/start from-the-website", ["hi"]),
    ("/start@twitch_test_bot", ["hi"]),
    ("/restart", ["/restart", "hi"]),
    ("/restart@twitch_test_bot", ["/restart", "hi"]),
    ("  hello\x00there  ", ["hello there"]),
    ('/faq{"faq_key": "als"}', ['/faq{"faq_key": "als"}']),
    ("   ", []),
])
def test_what_someone_typed(typed, expected):
    assert said(typed) == expected


def test_a_pressed_button_is_its_callback_data_from_that_chat():
    update = {"callback_query": {"id": "77", "data": "/affirm", "from": {"id": 42},
                                 "message": {"message_id": 9, "chat": {"id": 42}}}}
    assert incoming(update) == Incoming("42", ["/affirm"], callback_id="77", message_id=9)


def test_a_press_with_nothing_to_say_is_still_answered():
    # An inline-mode message has no chat; a game button has no data. The spinner stops anyway.
    assert incoming({"callback_query": {"id": "1", "inline_message_id": "x", "data": "/affirm"}}) == \
        Incoming(None, ["/affirm"], callback_id="1", message_id=None)
    assert incoming({"callback_query": {"id": "2", "game_short_name": "g", "message": {
        "message_id": 3, "chat": {"id": 5}}}}) == Incoming("5", [], callback_id="2", message_id=3)


@pytest.mark.parametrize("update", [
    {},
    {"my_chat_member": {"chat": {"id": 1}}},
    {"channel_post": {"text": "hi", "chat": {"id": -100, "type": "channel"}}},
    {"poll": {"id": "1", "question": "?"}},
    {"edited_message": {"text": "edited", "chat": {"id": 42}}},
    message(None, sticker={"file_id": "x"}),
    message(None, photo=[{"file_id": "x"}]),
    message("I am a bot", **{"from": {"id": 7, "is_bot": True}}),
    {"message": "hello"},
    {"message": {"text": 5, "chat": {"id": 42}}},
    {"callback_query": {"data": "/affirm"}},
    {"callback_query": "x"},
], ids=lambda u: ",".join(u) or "empty")
def test_updates_without_a_message_ask_nothing(update):
    assert incoming(update) is None


@pytest.mark.parametrize("chat", [{"id": "42"}, {"id": True}, {"id": None}, {}, "42"])
def test_a_message_without_a_proper_chat_has_no_one_to_answer(chat):
    assert incoming({"message": {"text": "hi", "chat": chat}}).chat_id is None


@pytest.mark.parametrize("raw, error", [
    (b"not json", "not valid JSON"),
    (b"[1, 2]", "JSON object"),
    (b'"a string"', "JSON object"),
    (b"{}", "update_id"),
    (b'{"update_id": "7"}', "update_id"),
    (b'{"update_id": true}', "update_id"),
    (b"[" * 100_000, "not valid JSON"),
])
def test_a_body_that_is_not_an_update_says_why(raw, error):
    with pytest.raises(ValueError, match=error):
        update_body(raw)


# --- Settings -------------------------------------------------------------------------

@pytest.mark.parametrize("credentials", [
    None, {}, {"access_token": "", "secret_token": "s"}, {"access_token": "123:abc", "secret_token": ""},
    {"access_token": "not a token", "secret_token": "s"},
])
def test_without_a_valid_token_and_a_secret_the_channel_is_off(credentials):
    channel = TelegramChannel.from_credentials(credentials)
    assert not channel.is_on
    assert channel.get_output_channel() is None


def test_with_both_the_channel_is_on_and_talks_to_the_api_url_given():
    on = TelegramChannel.from_credentials({"access_token": "123:abc", "secret_token": "s", "webhook_url": "",
                                           "api_url": "http://127.0.0.1:9/"})
    assert on.is_on and on.name() == "telegram"
    assert on.get_output_channel().server.api_url("123:abc", "sendMessage") == \
        "http://127.0.0.1:9/bot123:abc/sendMessage"
    default = TelegramChannel.from_credentials({"access_token": "123:abc", "secret_token": "s", "api_url": ""})
    assert default.get_output_channel().server.api_url("T", "getMe") == DEFAULT_API_URL + "/botT/getMe"
