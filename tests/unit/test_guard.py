"""The guard component: the rules' last word on the intent (crisis, emergency, door),
run on Rasa messages as the pipeline hands them over."""
from datetime import date

import pytest
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from channels.socketio import metadata_of
from twitch.nlp_build import build
from twitch_nlu.emergency_guard import EmergencyGuard
from twitch_nlu.entity_extractor import DOC_KEY, TODAY_KEY, TwitchEntityExtractor


@pytest.fixture(scope="module")
def nlp():
    return build()


def guarded(nlp, text, intent, runner_up="describe_symptoms"):
    message = Message(data={TEXT: text})
    message.set(DOC_KEY, nlp(text))
    message.set(TODAY_KEY, date(2026, 11, 22))
    message.set(INTENT, {"name": intent, "confidence": 0.6})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.6},
                                     {"name": runner_up, "confidence": 0.3}])
    EmergencyGuard().process([message])
    risk = [e["value"] for e in message.get(ENTITIES, []) if e["entity"] == "crisis_risk"]
    return message.get(INTENT)["name"], risk


@pytest.mark.parametrize("text, classifier, intent, risk", [
    ("I can't cope with this anymore, I want to die", "describe_symptoms", "crisis", []),
    ("I want to die and I can't breathe", "emergency", "crisis", ["imminent"]),  # crisis wins
    ("I have a plan to kill myself", "nlu_fallback", "crisis", ["imminent"]),
    ("I'm having a seizure", "describe_symptoms", "emergency", []),
    ("I fainted last year", "emergency", "describe_symptoms", []),  # past: the runner-up
    ("is my twitching serious?", "nlu_fallback", "describe_symptoms", []),
    ("can you check whether my twitching is something to worry about?", "faq", "describe_symptoms", []),
    ("can coffee cause twitching?", "faq", "faq", []),
    ("my knee hurts when I run", "out_of_scope", "out_of_scope", []),
    # the classifier's crisis stands when the rules are not sure (when in doubt, a crisis)
    ("I think about dying all the time", "crisis", "crisis", []),
    # ...but not for a figure of speech about the twitch; the rules' own crisis words still count
    ("this calf twitch is killing me, 3 days now", "crisis", "describe_symptoms", []),
    ("honestly dying here lol my eye keeps twitching", "crisis", "describe_symptoms", []),
    ("this twitching is killing me and I want to die", "describe_symptoms", "crisis", []),
    ("my eye twitching is killing me, I don't want to be here anymore", "crisis", "crisis", []),
    ("I'm dying here, I can't breathe and my arm twitches", "crisis", "crisis", ["imminent"]),
    # a doubt about a gradual finding answers a question: the classifier's emergency gives way
    ("maybe some slurring, hard to tell", "emergency", "describe_symptoms", []),
])
def test_the_guard_has_the_last_word(nlp, text, classifier, intent, risk):
    assert guarded(nlp, text, classifier) == (intent, risk)


def test_a_crisis_that_gives_way_does_not_fall_to_an_emergency_and_back(nlp):
    # The runner-up emergency gives way too (no sign), not back to the crisis.
    assert guarded(nlp, "I'd give anything, I'd kill for a night without my leg twitching",
                   "crisis", runner_up="emergency") == ("describe_symptoms", [])
    assert guarded(nlp, "ugh dying here lol, this eyelid won't quit", "crisis", runner_up="stop") == ("stop", [])


def test_after_a_past_emergency_the_door_still_applies(nlp):
    text = "I fainted once years ago, now my calf twitches"
    assert guarded(nlp, text, "emergency", runner_up="faq_duration") == ("describe_symptoms", [])


def test_the_widget_time_zone_reaches_the_nlu():
    assert metadata_of({"message": "hi", "metadata": {"timezone": "Europe/Paris"}}, "metadata") == {"timezone": "Europe/Paris"}
    assert metadata_of({"message": "hi", "metadata": "Europe/Paris"}, "metadata") == {}
    assert metadata_of(None, "metadata") == {}


class CountingModel:
    """The SpacyModel the pipeline hands the extractor, counting the parses asked of it."""

    def __init__(self, nlp):
        self.nlp, self.parses = nlp, 0

    def model(self, text):
        self.parses += 1
        return self.nlp(text)


@pytest.mark.parametrize("text, parses", [
    ("my left calf twitches since monday", 0),  # SpacyNLP's lowercased parse is this text's
    ("My left calf twitches since Monday", 1),  # it is not: parsed as written
])
def test_the_extractor_parses_a_message_once(nlp, text, parses):
    counting = CountingModel(nlp)
    message = Message(data={TEXT: text})
    message.set(SPACY_DOCS[TEXT], nlp(text.lower()))
    TwitchEntityExtractor.create({}, None, None, None).process([message], counting)
    assert counting.parses == parses
    assert message.get(DOC_KEY).text == text
    assert {e["entity"] for e in message.get(ENTITIES)} >= {"body_part"}
