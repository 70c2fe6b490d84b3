"""The FAQ knowledge base: the contract's 17 keys, each sourced and reviewed."""
import re
from datetime import date

import pytest

from twitch import knowledge

CONTRACT_KEYS = ["dehydration", "eyelid", "als", "protein", "caffeine", "electrolytes",
                 "duration", "nerve_damage", "exercise", "bfs", "causes", "prevention",
                 "relief", "stress", "sleep", "doctor", "cramp_vs_twitch"]


def test_every_contract_key_once():
    assert knowledge.keys() == CONTRACT_KEYS


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_entry_is_complete(key):
    e = knowledge.entry(key)
    assert e["title"] and e["question"] and e["answer"]
    assert e["sources"], "every answer names its sources"
    date.fromisoformat(e["reviewed"])
    assert all(k in CONTRACT_KEYS and k != key for k in e["follow_ups"])
    words = len(knowledge.answer_text(key).split())
    assert 30 <= words <= 130, f"{key}: answers stay short ({words} words)"


@pytest.mark.parametrize("key", CONTRACT_KEYS)
def test_answers_never_diagnose_or_ask_for_strength_tests(key):
    text = knowledge.answer_text(key).lower()
    assert not re.search(r"\byou (have|don't have|do not have) (als|mnd|bfs)\b", text)
    assert not re.search(r"\b(test|check) (your|your own) strength\b", text)


def test_intent_names_map_to_keys():
    assert knowledge.key_for_intent("faq_nerve_damage") == "nerve_damage"
    assert knowledge.key_for_intent("faq_unknown") is None
    assert knowledge.key_for_intent("greet") is None
