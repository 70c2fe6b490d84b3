"""The rules' fixes from door set 3's blind run, in other words than the set's
(docs/nlu-evaluation.md, door set 3): each case failed before its fix."""
from datetime import date

import pytest

from twitch.nlp_build import build
from twitch.nlp_read import crisis_level, door_intent, emergency_reasons

SUNDAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def nlp():
    return build()


@pytest.mark.parametrize("text", [
    "I cut myself this morning on purpose",  # when it happened between the words
    "been thinking about throwing myself in front of a bus",
    "I'm afraid I'll do something drastic to myself",
    "I'm frightened of what I might do",
])
def test_crisis_in_more_words(nlp, text):
    assert crisis_level(nlp(text), SUNDAY)


@pytest.mark.parametrize("text", [
    "her mouth has just gone lopsided",  # a time word between the face and the droop
    "my cheek went floppy",
    "I can't move my left leg",  # a side word before the limb
    "my newborn does bursts of tiny jerks",
    "he went rigid and shook for a minute",
    "was that a fit? she stared and jerked",
    "not sure if I can get enough air",  # in doubt: the emergency
    "my mum suddenly doesn't recognise me",  # new confusion
    "my hand went dead and my words are slurry, it began 15 minutes ago",  # onset minutes ago
])
def test_emergency_in_more_words(nlp, text):
    assert emergency_reasons(nlp(text), SUNDAY), text


@pytest.mark.parametrize("text", [
    "what are the symptoms of a seizure?",  # a general question about a sign
    "can low magnesium cause a stroke?",
    "my legs have been numb for a month, it began 3 weeks ago",  # an onset weeks back
])
def test_no_emergency_for_a_general_question(nlp, text):
    assert not emergency_reasons(nlp(text), SUNDAY), text


@pytest.mark.parametrize("intent, text", [
    ("faq", "My glute keeps twitching, which is odd"),  # "which" after a comma asks nothing
    ("faq", "my muscles have twitched since the flu jab"),  # "my muscles": the user's own
    ("faq", "are muscle twitches serious?"),
    ("faq", "what's wrong with me, my thumb keeps twitching"),
    ("faq", "my back muscles twitch in the evening. I would welcome some advice."),
    ("faq", "my forearm twitches, what does that mean?"),
    ("unsure", "can you tell me if my twitching is serious"),
])
def test_the_door_takes_own_twitching(nlp, intent, text):
    assert door_intent(nlp(text), intent) == "describe_symptoms", text


@pytest.mark.parametrize("intent, text", [
    ("faq", "when would a flickering eyelid need an eye doctor?"),
    ("faq", "is it normal for teenagers to twitch?"),
    ("unsure", "not sure, the twitching is about the same"),
])
def test_the_door_leaves_topics_and_answers(nlp, intent, text):
    assert door_intent(nlp(text), intent) is None, text
