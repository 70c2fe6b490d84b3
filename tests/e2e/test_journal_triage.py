"""The triage reads the journal, and the check-in asks about the red flags (CONTRACT.md
section 5), over REST with the real servers: entries logged days ago are offered to
confirm instead of "how long?"; an empty journal changes nothing; a red flag noticed in
the check-in gets the triage's handling and reaches the doctor's page with its date."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import requests

from tests.e2e.server import Conversation, custom, texts

TRIAGE_SIGNS = {"weakness", "atrophy", "sensory_symptoms", "bulbar_symptoms"}


def click(conv: Conversation, title: str):
    payload = next(b["payload"] for m in reversed(conv.replies[-1]) for b in m.get("buttons", [])
                   if b["title"] == title)
    return conv.say(payload)


def log(conv: Conversation, text: str) -> None:
    """Logs an entry, confirms it and finishes the day's check-in without answering."""
    assert custom(conv.say(text))["type"] == "journal_entry"
    click(conv, "That's right")
    click(conv, "Done")
    assert "have you noticed any of these" in texts(conv.replies[-1])
    click(conv, "Skip")


def test_the_triage_offers_what_the_journal_shows_and_a_yes_fills_it(servers):
    conv = Conversation(servers)
    log(conv, "add to my journal: left calf 5 days ago, about 10 minutes")
    log(conv, "add to my journal: left calf yesterday after my run")
    replies = conv.say("my left calf keeps twitching, should I worry?")
    first = (datetime.now(timezone.utc).date() - timedelta(days=5))
    assert f"your journal shows your left calf since {first.day} {first:%B}".lower() in texts(replies)
    assert conv.asked() == "journal_offer"
    replies = click(conv, "Yes")
    slots = conv.slots()
    assert slots["twitch_duration_days"] == 5.0
    assert slots["spreading"] is None  # never taken from the journal
    # The red-flag questions come next, as always.
    asked = [b["payload"] for m in replies for b in m.get("buttons", [])]
    assert any(f'"{s}"' in p for p in asked for s in TRIAGE_SIGNS), asked
    assert "how long" not in texts(replies)


def test_a_no_asks_how_long_as_usual(servers):
    conv = Conversation(servers)
    log(conv, "add to my journal: left calf 3 days ago")
    conv.say("my left calf keeps twitching")
    assert conv.asked() == "journal_offer"
    replies = click(conv, "No")
    assert "how long has it been going on" in texts(replies)
    assert conv.asked() == "twitch_duration_days"
    assert conv.slots()["twitch_duration_days"] is None


def test_with_an_empty_journal_nothing_changes(servers):
    conv = Conversation(servers)
    replies = conv.say("my left calf keeps twitching")
    assert "journal" not in texts(replies)
    assert "how long has it been going on" in texts(replies)
    assert conv.asked() == "twitch_duration_days"
    assert conv.slots()["journal_offer"] is None


def check_in_to_the_signs(conv: Conversation):
    assert "any twitching today" in texts(conv.say("check in"))
    conv.say("no")
    replies = click(conv, "Done")
    assert "have you noticed any of these" in texts(replies)


def test_a_red_flag_in_the_check_in_gets_the_triages_handling_and_reaches_the_doctors_page(servers):
    conv = Conversation(servers)
    check_in_to_the_signs(conv)
    replies = click(conv, "Loss of strength, like dropping things")
    assert "within one to three weeks" in texts(replies)
    assert conv.slots()["weakness"] is True
    summary = custom(conv.say("summary for my doctor"))
    assert summary["type"] == "journal_summary"
    page = requests.get(summary["url"], timeout=60).text
    today = datetime.now(timezone.utc).date()
    assert f"<td>Loss of strength in daily life</td><td><span class=\"d\">{today.day} {today:%b}: <strong>yes</strong>" in page


def test_an_emergency_sign_in_the_check_in_gets_the_emergency_advice_first(servers):
    conv = Conversation(servers)
    check_in_to_the_signs(conv)
    replies = click(conv, "Sudden: face droop, weak arm or leg, trouble breathing or swallowing")
    assert replies[0]["text"].startswith("This could be an emergency")  # first, before anything else
    assert custom(replies)["type"] == "emergency"


# The journal's words do not take a description, an emergency or a crisis away from
# where it belongs (the door rule; crisis and emergency first, CONTRACT.md section 3).
def test_a_twitch_description_with_no_request_to_record_it_starts_the_triage(servers):
    conv = Conversation(servers)
    replies = conv.say("my calf has been twitching for 3 weeks")
    assert conv.tracker()["active_loop"].get("name") == "triage_form"
    assert all(r.get("custom", {}).get("type") != "journal_entry" for r in replies)


def test_a_crisis_in_a_journal_request_gets_the_crisis_reply_first(servers):
    replies = Conversation(servers).say("note that I can't cope anymore and want to end it all")
    assert custom(replies)["type"] == "crisis"
    assert all(r.get("custom", {}).get("type") != "journal_entry" for r in replies)


def test_an_emergency_in_a_request_to_record_gets_the_emergency_advice_first(servers):
    replies = Conversation(servers).say("record this: my face suddenly drooped and I can't lift my arm")
    assert replies[0]["text"].startswith("This could be an emergency")
    assert all(r.get("custom", {}).get("type") != "journal_entry" for r in replies)
