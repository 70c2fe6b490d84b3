"""The crisis and emergency replies: the actions against fresh trackers, the words in
every locale, and how each channel renders a crisis."""
import asyncio
import re

import pytest
import textstat
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.crisis import ActionCrisis
from actions.faq import ActionAnswerFaq
from actions.triage_result import ActionTriageResult
from actions.emergency import ActionEmergency
from channels import slack, telegram
from channels.reply import CRISIS_COLOUR, CRISIS_EMOJI, CRISIS_LABEL, Reply, from_rasa
from twitch import locale, safety_text
from twitch.result_text import compose
from twitch.triage import evaluate

LOCALES = ["gb", "us", "eu", "au", ""]
# What each locale must name, and what no other locale's words may slip in.
EMERGENCY = {"gb": "999", "us": "911", "eu": "112", "au": "000", "": "your local emergency number (112 in Europe"}
CRISIS = {"gb": ("116 123", "SHOUT to 85258"), "us": ("988",), "eu": ("findahelpline.com",),
          "au": ("13 11 14", "0477 13 11 14"), "": ("findahelpline.com",)}
NATIONAL = {"gb": ("NHS", "Samaritans", "SHOUT"), "us": ("988",), "au": ("Lifeline on", "1800MEDICARE", "0477")}
# The doctor's name where it is a GP (the result's "who to see" line is the triage's own).
GP_LOCALES = ("gb", "au")
PLATITUDES = ("everything will be fine", "cheer up", "think of your family", "so much to live for",
              "it could be worse", "selfish", "promise", "secret", "between us", "stays between",
              "won't tell", "confidential between")


def tracker(intent, entities=(), slots=None, events=()):
    return Tracker(
        sender_id="test-user", slots=dict(slots or {}),
        latest_message={"text": "", "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)},
        events=list(events), paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen")


def run(action, t):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@pytest.fixture(params=LOCALES)
def loc(request, monkeypatch):
    monkeypatch.setenv("TWITCH_LOCALE", request.param)
    return request.param


def crisis_card_event():
    return {"event": "bot", "text": "…", "data": {"custom": {"type": "crisis"}}}


def test_the_first_crisis_reply_asks_about_safety_and_gives_the_line(loc):
    messages, slots = run(ActionCrisis(), tracker("crisis"))
    assert slots == {"crisis": True}
    [m] = messages
    assert m["custom"] == {"type": "crisis"}
    text = m["text"]
    assert "Are you safe right now?" in text
    assert all(n in text for n in CRISIS[loc]) and EMERGENCY[loc] in text
    assert "automated assistant" in text and "keep talking" in text
    assert [b["payload"] for b in m["buttons"]] == ["/affirm", "/deny", "/unsure"]
    # Not imminent: the kind words and the question come before the emergency number.
    assert text.index("Are you safe") < text.index(EMERGENCY[loc])


def test_a_plan_or_means_puts_the_emergency_number_first(loc):
    messages, slots = run(ActionCrisis(), tracker("crisis", [{"entity": "crisis_risk", "value": "imminent"}]))
    [m] = messages
    assert slots == {"crisis": True} and m["custom"] == {"type": "crisis"}
    first = m["text"].split("\n\n")[0]
    assert first.startswith("Please call " + EMERGENCY[loc])
    assert "Are you safe right now?" in m["text"] and all(n in m["text"] for n in CRISIS[loc])


@pytest.mark.parametrize("intent, starts", [
    ("deny", "Thank you for telling me. Please call"),
    ("unsure", "Thank you for being honest. If you're not sure you can keep yourself safe, please call"),
    ("affirm", "I'm glad you're safe right now."),
])
def test_the_answer_to_are_you_safe(intent, starts, loc):
    messages, slots = run(ActionCrisis(), tracker(intent, events=[crisis_card_event()]))
    [m] = messages
    assert slots == {"crisis": True} and m["text"].startswith(starts)
    assert all(n in m["text"] for n in CRISIS[loc]) and EMERGENCY[loc] in m["text"]
    assert "custom" not in m or not m["custom"], "only the first reply carries the crisis card"
    if intent != "affirm":  # not safe, or not sure: the emergency number before the line
        assert m["text"].index(EMERGENCY[loc]) < m["text"].index(CRISIS[loc][0])


def test_a_no_that_does_not_answer_are_you_safe_is_not_read_as_not_safe():
    earlier = {"event": "bot", "text": "I'm still here.", "data": {}}
    [m], _ = run(ActionCrisis(), tracker("deny", slots={"crisis": True}, events=[crisis_card_event(), earlier]))
    assert m["text"].startswith("I'm still here.")


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope", "thank", "stop", "greet"])
def test_anything_else_in_crisis_keeps_the_line_in_view(intent, loc):
    [m], slots = run(ActionCrisis(), tracker(intent, slots={"crisis": True}))
    assert slots == {"crisis": True}
    assert all(n in m["text"] for n in CRISIS[loc]) and EMERGENCY[loc] in m["text"]
    assert "Okay" not in m["text"] and "didn't understand" not in m["text"]


def test_in_crisis_an_faq_answer_and_a_result_end_with_the_line(loc):
    faq_key = [{"entity": "faq_key", "value": "caffeine"}]
    for action, intent, entities in ((ActionAnswerFaq(), "faq", faq_key), (ActionTriageResult(), "deny", [])):
        messages, _ = run(action, tracker(intent, entities, slots={"crisis": True}))
        assert messages[0].get("custom"), "the answer itself comes first"
        last = messages[-1]["text"]
        assert "\n" not in last and all(n in last for n in CRISIS[loc]) and EMERGENCY[loc] in last
        calm, _ = run(action, tracker(intent, entities))
        assert len(calm) == len(messages) - 1, "no reminder outside a crisis"


def test_emergency_advice_names_the_locales_number_first_and_the_whole_list(loc):
    [m], slots = run(ActionEmergency(), tracker("emergency"))
    assert m["custom"] == {"type": "emergency"}
    assert slots["emergency_symptoms"] is True and slots["triage_level"] == "emergency"
    advice, signs = m["text"].split("\n\n")
    assert advice.startswith(f"This could be an emergency. Call {locale.services()['emergency_number']} now")
    for sign in ("face, an arm or a leg", "trouble speaking", "breathing", "choking", "swallow", "seizure",
                 "passing out", "headache", "bladder or bowel", "between the legs", "stiff neck",
                 "rash that doesn't fade", "confusion", "racing heart", "medicine", "over hours or days"):
        assert sign in signs, sign


def safety_words(loc):
    texts = [safety_text.emergency(loc), safety_text.crisis("reminder", loc), *safety_text.page_texts(loc).values()]
    texts += [safety_text.crisis(k, loc) for k in ("first", "first_imminent", "not_safe", "unsure", "safe",
                                                   "still_here", "goodbye")]
    return texts


def all_words(loc):
    """Everything the bot and the page say that depends on the locale."""
    texts = safety_words(loc)
    for findings in ({"emergency_symptoms": True}, {"atrophy": True}, {"weakness": True}, {}):
        texts.append(compose(evaluate(findings, []), findings)["text"])
    return texts


@pytest.mark.parametrize("code", LOCALES)
def test_one_locales_words_throughout(code, monkeypatch):
    monkeypatch.setenv("TWITCH_LOCALE", code)
    words = " ".join(all_words(None))
    assert "{" not in words and "}" not in words, "every placeholder is filled"
    for other, names in NATIONAL.items():
        if other != code:
            for name in names:
                assert not re.search(rf"\b{re.escape(name)}\b", words), f"{name!r} in the {code or 'unset'} words"
    if code in ("gb", "au"):
        assert "urgent care" not in words
    safety = " ".join(safety_words(None)) + locale.fill("{doctor} {urgent_help}")
    assert bool(re.search(r"\bGP\b", safety)) == (code in GP_LOCALES)


@pytest.mark.parametrize("code, service", [("gb", "help from NHS 111"), ("us", "help from an urgent care clinic"),
                                           ("au", "1800MEDICARE on 1800 633 422"), ("", "out-of-hours")])
def test_the_urgent_result_names_the_locales_service(code, service, monkeypatch):
    monkeypatch.setenv("TWITCH_LOCALE", code)
    findings = {"atrophy": True}
    assert service in compose(evaluate(findings, []), findings)["text"]


@pytest.mark.parametrize("kind", ["first", "first_imminent", "not_safe", "unsure", "safe", "still_here", "goodbye"])
def test_crisis_words_are_plain_and_never_platitudes_or_methods(kind):
    text = safety_text.crisis(kind, "us")
    assert textstat.flesch_kincaid_grade(text) <= 8, textstat.flesch_kincaid_grade(text)
    lowered = text.lower()
    for bad in PLATITUDES:
        assert bad not in lowered, bad
    for method in ("pills?", "overdose", "ropes?", "knife", "knives", "doses?", "jump", "bridge", "hang", "cut"):
        assert not re.search(rf"\b{method}\b", lowered), method


def test_emergency_advice_reads_plainly():
    advice = safety_text.emergency("gb").split("\n\n")[0]
    assert textstat.flesch_kincaid_grade(advice) <= 8


# --- Rendering --------------------------------------------------------------------------

CRISIS_MESSAGE = {"text": safety_text.crisis("first", "gb"), "custom": {"type": "crisis"},
                  "buttons": safety_text.crisis_buttons()}


def test_a_crisis_reply_has_its_own_look():
    reply = from_rasa(CRISIS_MESSAGE)
    assert reply.kind == "crisis" and reply.level is None
    assert reply.label == CRISIS_LABEL and reply.colour == CRISIS_COLOUR and reply.emoji == CRISIS_EMOJI
    emergency = from_rasa({"text": "x", "custom": {"type": "emergency"}})
    assert emergency.colour != CRISIS_COLOUR and emergency.emoji != CRISIS_EMOJI


def test_slack_renders_a_crisis_with_its_header_first_and_its_colour():
    out = slack.render(from_rasa(CRISIS_MESSAGE))
    assert out["blocks"][0]["type"] == "header"
    assert out["blocks"][0]["block_id"] == slack.CARD_BLOCK + "crisis"
    assert out["blocks"][0]["text"]["text"] == f"{CRISIS_EMOJI} {CRISIS_LABEL}"
    [attachment] = out["attachments"]
    assert attachment["color"] == CRISIS_COLOUR
    sections = " ".join(b["text"]["text"] for b in attachment["blocks"] if b["type"] == "section")
    assert "116 123" in sections and "Are you safe right now?" in sections
    assert [e["value"] for b in attachment["blocks"] if b["type"] == "actions" for e in b["elements"]] == \
        ["/affirm", "/deny", "/unsure"]


def test_telegram_renders_a_crisis_with_its_header_first():
    [message] = telegram.render(from_rasa(CRISIS_MESSAGE))
    assert message["text"].startswith(f"<b>{CRISIS_EMOJI} {telegram.escape(CRISIS_LABEL)}</b>\n\n")
    assert "116 123" in message["text"] and message["reply_markup"] is not None


def test_a_plain_reply_still_has_no_header():
    assert Reply("hello").label is None and Reply("hello").colour is None
    assert "attachments" not in slack.render(Reply("hello"))
