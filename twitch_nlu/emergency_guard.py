"""The last word on the intent, from the spaCy rules, whatever the classifier said:

1. a crisis (thoughts of suicide or self-harm, not being able to cope) makes the
   intent `crisis`, with a `crisis_risk: imminent` entity where a plan, the means,
   harm already done or an emergency sign is named; a crisis wins over an emergency;
2. emergency signs make it `emergency`; a classifier `emergency` is kept unless the
   message only denies the signs or puts them in the past ("I fainted last year");
3. the door: a message that describes the user's twitching, or asks whether it
   matters, is `describe_symptoms`, never a fallback or another question's answer.

So neither a crisis, an emergency nor a twitch is missed for want of training examples.
"""
from __future__ import annotations

from datetime import date
from typing import List, Optional, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from twitch.nlp_read import (crisis_level, door_intent, emergency_reasons, negated_emergency,
                              twitch_hyperbole, unsure_of_a_gradual_finding)
from twitch_nlu.entity_extractor import DOC_KEY, TODAY_KEY, TwitchEntityExtractor
from twitch_nlu.stateless import StatelessComponent

CRISIS, EMERGENCY = "crisis", "emergency"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyGuard(StatelessComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [TwitchEntityExtractor]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            doc = message.get(DOC_KEY)
            if doc is None:
                continue
            today: Optional[date] = message.get(TODAY_KEY)
            intent = (message.get(INTENT) or {}).get("name") or ""
            reasons = emergency_reasons(doc, today)
            # The rules' crisis, or the classifier's (when in doubt, a crisis), unless
            # its only death words are a figure of speech about the twitch.
            crisis = crisis_level(doc, today) or (
                intent == CRISIS and not (twitch_hyperbole(doc) and not reasons)
                and ("imminent" if reasons else CRISIS))
            if crisis:
                self._set_intent(message, CRISIS)
                if crisis == "imminent":
                    risk = {"entity": "crisis_risk", "value": "imminent",
                            "start": 0, "end": len(doc.text), "extractor": type(self).__name__}
                    message.set(ENTITIES, message.get(ENTITIES, []) + [risk], add_to_output=True)
            elif reasons:
                self._set_intent(message, EMERGENCY)
            else:
                if intent == CRISIS:  # a figure of speech (above); no sign was found either
                    intent = self._give_way(message, CRISIS, EMERGENCY) or self._set_intent(message, "nlu_fallback")
                # The classifier's emergency gives way when the rules find the signs only
                # denied or past, no sign at all in a description of twitching, or only
                # a doubt about a gradual finding ("not sure if my speech is slurred").
                if intent == EMERGENCY and (negated_emergency(doc, today) or door_intent(doc, "") is not None
                                            or unsure_of_a_gradual_finding(doc)):
                    intent = self._give_way(message, EMERGENCY) or intent
                door = door_intent(doc, intent)
                if door is not None:
                    self._set_intent(message, door)
        return messages

    @classmethod
    def _give_way(cls, message: Message, *names: str) -> Optional[str]:
        """The classifier's best intent other than `names` becomes the intent."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        runner_up = next((r["name"] for r in ranking if r["name"] not in names), None)
        if runner_up:
            cls._set_intent(message, runner_up)
        return runner_up

    @staticmethod
    def _set_intent(message: Message, name: str) -> str:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r["name"] != name]
        top = {"name": name, "confidence": 1.0}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)
        return name
