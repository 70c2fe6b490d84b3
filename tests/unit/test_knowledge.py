"""The FAQ knowledge base: the contract's 29 keys, each sourced, reviewed, plain and safe."""
import json
import re
from datetime import date

import pytest
import textstat

from twitch import knowledge
from web.server import faq_json_ld

# CONTRACT.md section 4, in its order.
CONTRACT_KEYS = ["dehydration", "eyelid", "als", "protein", "caffeine", "electrolytes",
                 "duration", "nerve_damage", "exercise", "bfs", "causes", "prevention",
                 "relief", "stress", "sleep", "doctor", "cramp_vs_twitch",
                 "outlook", "emg", "felt_weakness", "tingling", "tongue", "after_illness",
                 "medicines", "sleep_starts", "treatment", "alcohol", "night_cramps", "children"]

# The deployment's locale sets the numbers and services (CONTRACT.md section 3, Locale);
# the knowledge base names none, so it reads right everywhere.
LOCALE_WORDS = r"\b(GP|NHS|111|999|911|112|000|988|Samaritans|A&E|ER|urgent care|optician)\b"

# Nothing may send a worried user to test, compare or check their own muscles.
SELF_CHECKS = [
    r"\b(test|check|measure) (your|your own) (strength|muscles?|grip|tongue)\b",
    r"\bcompare\b", r"\bother side\b", r"\bmirror\b", r"\bwatch (it|your muscles?) (closely|in)\b",
    r"\b(look|check) for (wasting|thinning|shrinking)\b", r"\bstick (your|out your) tongue out\b",
]


def test_every_contract_key_once():
    assert knowledge.keys() == CONTRACT_KEYS


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_entry_is_complete(key):
    e = knowledge.entry(key)
    assert e["title"] and e["question"] and e["answer"]
    assert e["sources"], "every answer names its sources"
    assert all(s.get("title") or s.get("guideline") for s in e["sources"])
    date.fromisoformat(e["reviewed"])
    assert all(k in CONTRACT_KEYS and k != key for k in e["follow_ups"])
    words = len(knowledge.answer_text(key).split())
    assert 30 <= words <= 130, f"{key}: answers stay short ({words} words)"


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_answers_read_at_grade_eight_or_below(key):
    grade = textstat.flesch_kincaid_grade(knowledge.answer_text(key))
    assert grade <= 8.0, f"{key}: Flesch-Kincaid grade {grade}"


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_answers_never_diagnose_or_ask_for_self_checks(key):
    text = knowledge.answer_text(key).lower()
    assert not re.search(r"\byou (have|don't have|do not have) (als|mnd|bfs)\b", text)
    for pattern in SELF_CHECKS:
        assert not re.search(pattern, text), f"{key}: {pattern}"


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_answers_name_no_country_services(key):
    e = knowledge.entry(key)
    for text in (e["title"], e["question"], knowledge.answer_text(key)):
        assert not re.search(LOCALE_WORDS, text), f"{key}: {text}"


def test_health_anxiety_answers_say_where_to_get_help():
    for key in ("als", "stress"):
        text = knowledge.answer_text(key).lower()
        assert "doctor" in text and "talking therap" in text


@pytest.mark.parametrize("key, facts", [
    ("outlook", ["121", "180", "weakness"]),
    ("emg", ["expected", "new"]),
    ("felt_weakness", ["third", "see a doctor"]),
    ("tongue", ["inside the mouth"]),
    ("after_illness", ["guillain-barré", "vaccine"]),
    ("medicines", ["never stop", "serotonin syndrome", "fever", "racing heart"]),
    ("treatment", ["no treatment", "quinine", "on the label"]),
    ("alcohol", ["do not stop all at once", "fits"]),
    ("night_cramps", ["swollen", "same day", "clot"]),
    ("children", ["tic", "baby", "emergency number"]),
])
def test_the_contract_facts_are_in_the_new_topics(key, facts):
    text = knowledge.answer_text(key).lower()
    for fact in facts:
        assert fact in text, f"{key}: {fact!r}"


def test_outlook_promises_no_end_date():
    text = knowledge.answer_text("outlook").lower()
    assert "no one can promise" in text
    assert not re.search(r"\bafter (\w+ )?(years?|months?) you (are|'re) safe\b", text)


def test_intent_names_map_to_keys():
    assert knowledge.intent_for("nerve_damage") == "faq/nerve_damage"
    assert knowledge.payload("nerve_damage") == '/faq{"faq_key": "nerve_damage"}'
    assert knowledge.key_for_intent("faq/nerve_damage") == "nerve_damage"
    assert knowledge.key_for_intent("faq/unknown") is None
    assert knowledge.key_for_intent("faq") is None
    assert knowledge.key_for_intent("faq_als") is None
    assert knowledge.key_for_intent("greet") is None
    assert knowledge.key_for_intent(None) is None
    assert all(knowledge.key_for_intent(knowledge.intent_for(k)) == k for k in CONTRACT_KEYS)


def test_the_faq_page_structured_data_cannot_close_its_script_block():
    entries = list(knowledge.load().values())
    tricky = {**entries[0], "question": "Is </script><!-- & > fine?"}
    block = str(faq_json_ld([tricky] + entries[1:]))
    assert "</script" not in block.lower() and "<!--" not in block
    assert json.loads(block)["mainEntity"][0]["name"] == tricky["question"]
