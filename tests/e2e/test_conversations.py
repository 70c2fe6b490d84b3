"""Whole conversations over REST: the flows a user meets, checked on the tracker."""
import pytest

from tests.e2e.server import Conversation, custom, texts
from tests.e2e.triage_driver import answer_all


def test_several_facts_in_one_message_are_all_taken(servers):
    conv = Conversation(servers)
    conv.say("eyelid for three weeks, no weakness, lots of coffee")
    slots = conv.slots()
    assert slots["twitch_location"] == "eyelid"
    assert slots["twitch_duration_days"] == 21
    assert slots["weakness"] is False and slots["clear_trigger"] is True
    asked = answer_all(conv, {})
    assert "weakness" not in asked and "clear_trigger" not in asked
    slots = conv.slots()
    assert slots["triage_level"] == "routine"
    assert "eye doctor" in texts(conv.replies[-1])


def test_weakness_in_the_first_message_is_not_asked_again(servers):
    conv = Conversation(servers)
    conv.say("my calf has twitched for three weeks and I feel weaker")
    assert conv.slots()["weakness"] is True
    asked = answer_all(conv, {})
    assert "weakness" not in asked
    slots = conv.slots()
    assert slots["triage_level"] == "soon"
    assert set(slots["red_flags"]) == {"weakness", "duration_over_two_weeks"}


def test_faq_in_the_middle_of_the_triage_then_back(servers):
    conv = Conversation(servers)
    conv.say("my thigh keeps twitching")
    conv.say("about 5 days")
    question = conv.asked()
    assert question == "signs"
    replies = conv.say("wait, can coffee cause twitching?")
    assert conv.slots()["faq_topic"] == "caffeine"
    assert "caffeine" in texts(replies)
    assert conv.asked() == question, "the triage comes back to the same question"
    answer_all(conv, {})
    assert conv.slots()["triage_level"] == "self_care"


def test_stop_in_the_middle(servers):
    conv = Conversation(servers)
    conv.say("my shoulder twitches")
    replies = conv.say("stop")
    assert "stopped" in texts(replies)
    assert conv.asked() is None
    assert conv.slots()["triage_level"] is None


def test_not_sure_answers_leave_slots_empty_and_are_named(servers):
    conv = Conversation(servers)
    conv.say("my left calf has been twitching for 5 days after running")
    asked = answer_all(conv, {"weakness": None, "atrophy": None})
    slots = conv.slots()
    assert slots["weakness"] is None and slots["atrophy"] is None
    # not sure of weakness or atrophy: at least routine, so a doctor can check (contract 2)
    assert slots["triage_level"] == "routine", asked
    assert set(slots["red_flags"]) == {"weakness_not_sure", "atrophy_not_sure"}
    assert set(slots["unsure_findings"]) == {"weakness", "atrophy"}
    assert "rapid_progression" in asked, "asked whenever weakness is not sure"
    assert "keep an eye on" in texts(conv.replies[-1])


@pytest.mark.parametrize("text", [
    "what's the capital of France?", "my tooth hurts", "tell me a joke", "asdkjhasd",
    "¿Por qué me tiembla el párpado?", "🤔🤔🤔", "can you book me a taxi",
])
def test_out_of_scope_gets_a_polite_answer(servers, text):
    conv = Conversation(servers)
    replies = conv.say(text)
    assert replies and replies[0].get("text")


@pytest.mark.parametrize("text, key", [
    ("can dehydration cause twitching?", "dehydration"),
    ("why does my eyelid keep twitching", "eyelid"),
    ("am I dying of ALS??", "als"),
    ("is it bad to have too much protein", "protein"),
    ("do energy drinks make muscles twitch", "caffeine"),
    ("should I take magnesium", "electrolytes"),
    ("how long do twitches usually last", "duration"),
    ("does twitching mean nerve damage", "nerve_damage"),
    ("why do my legs twitch after a run", "exercise"),
    ("what is benign fasciculation syndrome", "bfs"),
    ("what causes muscle twitching", "causes"),
    ("how can I stop twitches from happening", "prevention"),
    ("how do I calm a twitch right now", "relief"),
    ("can anxiety cause twitching", "stress"),
    ("can lack of sleep cause twitches", "sleep"),
    ("what tests would a neurologist do", "doctor"),
    ("what's the difference between a cramp and a twitch", "cramp_vs_twitch"),
])
def test_faq_topics(servers, text, key):
    conv = Conversation(servers)
    replies = conv.say(text)
    assert conv.slots()["faq_topic"] == key
    assert custom(replies)["key"] == key and custom(replies)["sources"]


def test_yes_to_the_offer_after_an_answer_starts_the_triage(servers):
    conv = Conversation(servers)
    conv.say("is twitching a sign of ALS?")
    conv.say("yes")
    assert conv.asked() == "twitch_location"


@pytest.mark.parametrize("text", [
    "I can't breathe", "my face is drooping and my arm went weak suddenly",
    "can coffee cause this? also I'm choking", "help I cant swallow",
])
def test_emergency_first_from_any_state(servers, text):
    conv = Conversation(servers)
    replies = conv.say(text)
    assert "emergency" in replies[0]["text"].lower(), "the advice comes first"
    assert custom(replies)["type"] == "emergency"
    assert conv.slots()["triage_level"] == "emergency"


def test_emergency_during_an_faq_conversation(servers):
    conv = Conversation(servers)
    conv.say("what causes twitches?")
    replies = conv.say("oh no I suddenly can't speak properly and my face feels droopy")
    assert "emergency" in replies[0]["text"].lower()
    assert custom(replies)["type"] == "emergency"


def test_an_urgent_case_stops_asking_once_the_outcome_is_clear(servers):
    conv = Conversation(servers)
    conv.say("my hand has twitched for 2 months and the muscle at the base of my thumb looks thinner")
    asked = answer_all(conv, {})
    slots = conv.slots()
    assert slots["atrophy"] is True and slots["triage_level"] == "urgent"
    assert not {"clear_trigger", "painful_cramps"} & set(asked), "routine-only questions change nothing"
