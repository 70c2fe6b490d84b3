"""The last word on the intent: emergency signs found by the spaCy rules make the
intent `emergency` whatever the classifier said, so an emergency is never missed
for want of training examples. A classifier `emergency` is kept unless the message
only denies emergency signs ("no trouble breathing")."""
from __future__ import annotations

from typing import List, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from twitch.nlp_read import emergency_reasons, negated_emergency
from twitch_nlu.entity_extractor import DOC_KEY, TwitchEntityExtractor
from twitch_nlu.stateless import StatelessComponent

EMERGENCY = "emergency"


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
            intent = (message.get(INTENT) or {}).get("name")
            if emergency_reasons(doc):
                self._set_intent(message, EMERGENCY)
            elif intent == EMERGENCY and negated_emergency(doc):
                ranking = message.get(INTENT_RANKING_KEY) or []
                runner_up = next((r["name"] for r in ranking if r["name"] != EMERGENCY), None)
                if runner_up:
                    self._set_intent(message, runner_up)
        return messages

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r["name"] != name]
        top = {"name": name, "confidence": 1.0}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + ranking, add_to_output=True)
