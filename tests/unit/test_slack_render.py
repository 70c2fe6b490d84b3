"""The Slack channel's pure parts: a Reply as one chat.postMessage, the clicked-message
update, the request signature, and which events are a person talking to the bot."""
import hashlib
import hmac
import time

import pytest

from channels.reply import LEVEL_COLOURS, LEVEL_EMOJI, Button, Reply, sources_line
from channels.slack import (
    MAX_BLOCKS, MAX_SECTION_CHARS, SlackChannel, bot_user_ids, chosen, escape, render,
    signature_ok, user_message,
)
from twitch.triage import level_info

YES_NO = (Button("Yes", "/affirm"), Button("No", "/deny"), Button("Not sure", "/unsure"))
FAQ_CARD = {"type": "faq", "key": "caffeine", "title": "Caffeine",
            "sources": [{"title": "NHS: twitching eyes and muscles"}, {"guideline": "NICE NG127"}],
            "reviewed": "2025-01-10"}


def blocks_of(kwargs):
    """Every block of a message, in reading order: its own, then its attachments'."""
    return kwargs["blocks"] + [b for a in kwargs.get("attachments", []) for b in a["blocks"]]


def section_texts(kwargs):
    return [b["text"]["text"] for b in blocks_of(kwargs) if b["type"] == "section"]


def test_plain_message_is_one_section_per_paragraph_with_the_full_text_as_fallback():
    out = render(Reply("First part.\n\n  Second part.  \n\n\n\nThird."))
    assert out["text"] == "First part.\n\nSecond part.\n\nThird."
    assert section_texts(out) == ["First part.", "Second part.", "Third."]
    assert "attachments" not in out


def test_text_is_escaped_for_slack_everywhere():
    out = render(Reply("Salt & water <b>not</b> > 2 litres", buttons=(Button("A & <B>", "/x"),)))
    assert out["text"] == "Salt &amp; water &lt;b&gt;not&lt;/b&gt; &gt; 2 litres"
    assert section_texts(out) == [out["text"]]
    # Button titles are plain_text, which Slack shows as is.
    assert blocks_of(out)[-1]["elements"][0]["text"]["text"] == "A & <B>"


def test_buttons_are_one_actions_block_with_payload_values_and_unique_action_ids():
    out = render(Reply("Any weakness?", buttons=YES_NO))
    actions = [b for b in blocks_of(out) if b["type"] == "actions"]
    assert len(actions) == 1
    elements = actions[0]["elements"]
    assert [(e["text"]["text"], e["value"]) for e in elements] == [(b.title, b.payload) for b in YES_NO]
    assert len({e["action_id"] for e in elements}) == len(elements)
    assert blocks_of(out)[-1] is actions[0]  # the buttons come after the question


def test_button_titles_and_count_stay_within_slacks_limits():
    long_title = "x" * 100
    out = render(Reply("Pick", buttons=tuple(Button(long_title, f"/p{i}") for i in range(30))))
    elements = blocks_of(out)[-1]["elements"]
    assert len(elements) == 25
    assert all(len(e["text"]["text"]) <= 75 for e in elements)
    assert elements[0]["text"]["text"].startswith("x" * 70)


@pytest.mark.parametrize("level", sorted(LEVEL_COLOURS))
def test_triage_result_has_its_label_on_top_and_its_level_colour(level):
    label = level_info(level)["label"]
    out = render(Reply("Headline.\n\nWhat to do.", buttons=(Button("Start again", "/describe_symptoms"),),
                       card={"type": "triage_result", "level": level, "label": label}))
    first = out["blocks"][0]
    assert first["type"] == "header"
    assert first["text"]["text"] == f"{LEVEL_EMOJI[level]} {label}"
    assert [a["color"] for a in out["attachments"]] == [LEVEL_COLOURS[level]]
    assert section_texts(out) == ["Headline.", "What to do."]
    assert blocks_of(out)[-1]["type"] == "actions"


def test_emergency_advice_is_a_red_card_under_a_siren_header():
    out = render(Reply("Call your local emergency number now.", card={"type": "emergency"}))
    first = out["blocks"][0]
    assert first["type"] == "header"
    assert first["text"]["text"].startswith("\U0001F6A8 ")
    assert level_info("emergency")["label"] in first["text"]["text"]
    assert out["attachments"][0]["color"] == LEVEL_COLOURS["emergency"]
    assert section_texts(out) == ["Call your local emergency number now."]


def test_faq_answer_ends_with_its_sources():
    out = render(Reply("Caffeine can do it.", buttons=(Button("Check my twitching", "/describe_symptoms"),),
                       card=FAQ_CARD))
    context = [b for b in blocks_of(out) if b["type"] == "context"]
    assert [c["elements"][0]["text"] for c in context] == [escape(sources_line(FAQ_CARD))]
    assert "NICE NG127" in context[0]["elements"][0]["text"]
    assert "attachments" not in out  # an FAQ has no level, so no colour


def test_a_long_paragraph_is_split_into_sections_that_fit_without_losing_text():
    words = " ".join(f"word{i} &" for i in range(1500))  # about 13,000 escaped characters
    out = render(Reply(words))
    texts = section_texts(out)
    assert len(texts) > 1
    assert all(len(t) <= MAX_SECTION_CHARS for t in texts)
    assert " ".join(texts) == escape(words)


def test_a_long_word_is_never_cut_inside_an_escape():
    out = render(Reply("x" + "&" * 4000))  # the plain cut at 3000 would fall inside "&amp;"
    texts = section_texts(out)
    assert all(len(t) <= MAX_SECTION_CHARS for t in texts)
    assert all(t.endswith("&amp;") for t in texts)
    assert all(t.startswith("&amp;") for t in texts[1:])
    assert "".join(texts) == "x" + "&amp;" * 4000


def test_many_paragraphs_are_packed_within_the_block_limit():
    text = "\n\n".join(f"Paragraph {i}." for i in range(80))
    out = render(Reply(text, buttons=YES_NO, card=FAQ_CARD))
    assert len(blocks_of(out)) <= MAX_BLOCKS
    assert "\n\n".join(section_texts(out)) == text
    assert out["text"] == text


def test_chosen_replaces_the_clicked_buttons_with_the_choice_and_keeps_the_rest():
    posted = render(Reply("Any weakness?\n\nFor example dropping things.", buttons=YES_NO))
    message = {"text": posted["text"], "blocks": posted["blocks"], "ts": "1.0"}
    update = chosen(message, "button-1", "No")
    assert update["text"] == posted["text"]
    assert [b["type"] for b in update["blocks"]] == ["section", "section", "context"]
    assert update["blocks"][-1]["elements"][0]["text"] == "You chose: *No*"


def test_chosen_finds_buttons_inside_a_coloured_attachment():
    posted = render(Reply("Result.", buttons=(Button("Start again", "/describe_symptoms"),),
                          card={"type": "triage_result", "level": "routine", "label": "Routine"}))
    update = chosen({"text": posted["text"], **posted}, "button-0", "Start <again>")
    assert update["blocks"] == posted["blocks"]
    attachment = update["attachments"][0]
    assert attachment["color"] == LEVEL_COLOURS["routine"]
    assert attachment["blocks"][-1]["elements"][0]["text"] == "You chose: *Start &lt;again&gt;*"


# --- Signature ------------------------------------------------------------------------

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def slack_signature(secret, timestamp, body):
    """Slack's documented recipe, written out independently of the code under test."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def test_a_fresh_correct_signature_is_accepted():
    now = time.time()
    ts = str(int(now))
    assert signature_ok(SECRET, ts, b'{"a":1}', slack_signature(SECRET, ts, b'{"a":1}'), now)


@pytest.mark.parametrize("age", [-299, 299])
def test_a_signature_within_five_minutes_is_accepted(age):
    now = 1_700_000_000.0
    ts = str(int(now - age))
    assert signature_ok(SECRET, ts, b"{}", slack_signature(SECRET, ts, b"{}"), now)


@pytest.mark.parametrize("age", [-301, 301, 86_400])
def test_a_stale_or_future_signature_is_refused_even_if_correct(age):
    now = 1_700_000_000.0
    ts = str(int(now - age))
    assert not signature_ok(SECRET, ts, b"{}", slack_signature(SECRET, ts, b"{}"), now)


@pytest.mark.parametrize("case", ["other secret", "other body", "other timestamp", "empty", "garbage", "non-ascii"])
def test_a_wrong_signature_is_refused(case):
    now = 1_700_000_000.0
    ts = str(int(now))
    signature = {
        "other secret": slack_signature("another-secret", ts, b"{}"),
        "other body": slack_signature(SECRET, ts, b"{ }"),
        "other timestamp": slack_signature(SECRET, str(int(now) - 1), b"{}"),
        "empty": "",
        "garbage": "v0=zzz",
        "non-ascii": "v0=\u00e9\u00e9",
    }[case]
    assert not signature_ok(SECRET, ts, b"{}", signature, now)


@pytest.mark.parametrize("ts", ["", "abc", "1.5", "-1", "9" * 5000, "\u0661\u0662"])
def test_a_malformed_timestamp_is_refused(ts):
    assert not signature_ok(SECRET, ts, b"{}", slack_signature(SECRET, ts, b"{}"), 1_700_000_000.0)


# --- Events ---------------------------------------------------------------------------

DM = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "hi", "ts": "1.0"}


@pytest.mark.parametrize("event, taken", [
    (DM, True),
    ({**DM, "type": "app_mention", "channel_type": "channel", "channel": "C1"}, True),
    ({**DM, "channel_type": "channel", "channel": "C1"}, False),  # answered through its app_mention
    ({**DM, "bot_id": "B9"}, False),
    ({**DM, "user": "UBOT"}, False),
    ({**DM, "subtype": "message_changed"}, False),
    ({**DM, "subtype": "message_deleted"}, False),
    ({**DM, "text": None}, False),
    ({**DM, "user": None}, False),
    ({**DM, "channel": 5}, False),
    ({"type": "reaction_added", "user": "U1"}, False),
])
def test_only_people_talking_to_the_bot_are_answered(event, taken):
    assert user_message(event, ["UBOT"]) is taken


def test_bot_user_ids_reads_both_forms_and_tolerates_junk():
    assert bot_user_ids({"authorizations": [{"user_id": "UBOT"}, "junk", {"user_id": 3}],
                         "authed_users": ["U2", None]}) == ["UBOT", "U2"]
    assert bot_user_ids({"authorizations": "junk", "authed_users": {"a": 1}}) == []


def test_a_result_card_without_its_label_shows_the_levels():
    out = render(Reply("Result.", card={"type": "triage_result", "level": "urgent"}))
    assert out["blocks"][0]["text"]["text"] == f"{LEVEL_EMOJI['urgent']} {level_info('urgent')['label']}"


# --- Settings ---------------------------------------------------------------------------

@pytest.mark.parametrize("token, secret", [("", ""), ("xoxb-1", ""), ("", "s3cret"), (None, None)])
def test_without_token_or_secret_the_channel_is_off_but_starts(token, secret):
    channel = SlackChannel.from_credentials({"slack_token": token, "slack_signing_secret": secret, "api_url": ""})
    assert not channel.is_on


def test_with_both_the_channel_is_on_and_posts_where_told():
    channel = SlackChannel.from_credentials({"slack_token": "xoxb-1", "slack_signing_secret": "s", "api_url": ""})
    assert channel.is_on and channel.api_url == "https://slack.com/api/"
    channel = SlackChannel.from_credentials(
        {"slack_token": "xoxb-1", "slack_signing_secret": "s", "api_url": "http://127.0.0.1:9/api/"})
    assert channel.get_output_channel("D1", "1.5").client.base_url == "http://127.0.0.1:9/api/"
