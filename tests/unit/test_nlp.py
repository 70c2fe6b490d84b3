"""The spaCy rules: entities with polarity, and emergency recognition."""
from datetime import date

import pytest

from twitch.nlp_build import build
from twitch.nlp_read import emergency_reasons, entities, negated_emergency

SUNDAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def nlp():
    return build()


def found(nlp, text, label=None):
    ents = entities(nlp(text), SUNDAY)
    return [(e["entity"], e["value"], e["polarity"]) for e in ents if label in (None, e["entity"])]

EMERGENCIES = [
    # stroke signs, breathing and choking
    "I can't breathe",
    "cant breath properly",
    "struggling to breathe",
    "I'm choking",
    "I can't swallow",
    "my face is drooping on one side",
    "I suddenly can't get my words out",
    "my arm suddenly went weak",
    "all of a sudden my leg is numb",
    "I think I'm having a stroke",
    "hang on, my face suddenly feels droopy on one side and I can't get words out",
    "short of breath and my calf is twitching",
    "one side of my face feels weird",
    "my speech went slurred just now",
    # one-sided and face signs
    "everything went weak on my left side",
    "one side of my face won't move",
    "my smile is lopsided all of a sudden",
    "my mouth is drooping and drooling",
    "half my face went numb just now",
    "right side of my body feels heavy",
    # sudden onset, in other words
    "my arm just went weak",
    "my leg went numb within minutes",
    "I woke up and couldn't move my arm",
    "woke up with my face numb on one side",
    "my hand went weak over the last hour",
    "came on fast, my arm is weak and tingly",
    "my leg just gave out and I can't stand",
]

NOT_EMERGENCIES = [
    # gradual or denied signs, and questions
    "my calf has twitched for three weeks and I feel weaker",
    "slurred speech for a couple of months",
    "no trouble breathing and no weakness",
    "my eyelid keeps twitching",
    "the twitching started suddenly three weeks ago",
    "I'm not choking or anything, just twitchy",
    "my hand has felt weak for months",
    "what is an emg",
    # a tired eyelid, face twitches
    "is it normal for the eyelid to droop when tired?",
    "my eyelid droops a bit in the evening",
    "half of my face is twitching",
    "my face twitches near my mouth",
    # ordinary mornings
    "my arm went dead after sleeping on it",
    "I woke up with a twitchy eyelid",
    "my calf twitches when I wake up",
    "woke up with my calf twitching again, it's been 3 weeks and it feels weak",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_are_recognised(nlp, text):
    assert emergency_reasons(nlp(text), SUNDAY)


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_non_emergencies_are_not(nlp, text):
    assert emergency_reasons(nlp(text), SUNDAY) == []


def test_several_facts_in_one_message(nlp):
    assert found(nlp, "eyelid for three weeks, no weakness, lots of coffee") == [
        ("body_part", "eyelid", "present"),
        ("duration", 21.0, "present"),
        ("symptom", "weakness", "absent"),
        ("trigger", "caffeine", "present"),
    ]


@pytest.mark.parametrize("text, value, polarity", [
    ("my thumb twitches and I keep dropping my coffee cup", "weakness", "present"),
    ("my calf has twitched for three weeks and I feel weaker", "weakness", "present"),
    ("no numbness or tingling", "sensory_symptoms", "absent"),
    ("not weak, but I get pins and needles", "sensory_symptoms", "present"),
    ("I'm not sure if my grip is weaker", "weakness", "uncertain"),
    ("my mum had ALS", "family_history", "present"),
    ("the muscle looks thinner than the other side", "atrophy", "present"),
    ("it's spreading to my arms", "spreading", "present"),
    ("my speech has been slurred for weeks", "bulbar_symptoms", "present"),
    ("the cramps are really painful", "painful_cramps", "present"),
    ("it's getting worse", "worsening", "present"),
    ("I don't have numbness and I feel weak", "weakness", "present"),
])
def test_findings_and_polarity(nlp, text, value, polarity):
    assert ("symptom", value, polarity) in found(nlp, text, "symptom")


@pytest.mark.parametrize("text, part", [
    ("my left calf keeps jumping", "left calf"), ("EYELID twitch", "EYELID"),
    ("twitch in my right thumb", "right thumb"), ("my lower back", "lower back"),
])
def test_body_parts_keep_the_words_used(nlp, text, part):
    assert [e["text"] for e in entities(nlp(text), SUNDAY) if e["entity"] == "body_part"] == [part]


def test_how_often_is_not_how_long(nlp):
    assert found(nlp, "it twitches 10 times a day", "duration") == []
    assert found(nlp, "every few minutes for 2 weeks", "duration") == [("duration", 14, "present")]


def test_a_denied_emergency_sign_is_recognised_as_denied(nlp):
    assert negated_emergency(nlp("no trouble breathing"))
    assert not negated_emergency(nlp("I can't breathe"))


def test_a_coffee_cup_is_not_caffeine(nlp):
    assert found(nlp, "I keep dropping my coffee cup", "trigger") == []
    assert found(nlp, "two cups of coffee a day", "trigger") == [("trigger", "caffeine", "present")]


@pytest.mark.parametrize("text", ["I got back into running", "how do I stop it coming back"])
def test_back_as_a_word_is_not_a_body_part(nlp, text):
    assert found(nlp, text, "body_part") == []


def test_asking_whether_to_worry_is_not_a_trigger(nlp):
    assert found(nlp, "my calf has twitched for 3 weeks, should I be worried?", "trigger") == []


def test_choking_on_food_is_an_emergency(nlp):
    assert emergency_reasons(nlp("pls help im choking on food"), SUNDAY) == ["choking"]


@pytest.mark.parametrize("text, days", [("since saturday", 1), ("since the 1st", 21), ("since wednesday", 4)])
def test_since_phrases_are_found(nlp, text, days):
    assert found(nlp, f"my shoulder has twitched {text}", "duration") == [("duration", days, "present")]


def test_sitting_still_is_no_trigger(nlp):
    assert found(nlp, "it happens when I'm just sitting", "trigger") == [("trigger", "none", "present")]


