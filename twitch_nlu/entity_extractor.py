"""Entities from the project's spaCy rules: body parts, durations in days, findings
and triggers, each with its polarity (present, absent, uncertain)."""
from __future__ import annotations

from typing import List, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from twitch.nlp_read import entities
from twitch_nlu.stateless import StatelessComponent

# The parsed Doc, kept on the message for the emergency guard (not sent out).
DOC_KEY = "twitch_doc"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class TwitchEntityExtractor(StatelessComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            doc = model.model(text)
            message.set(DOC_KEY, doc)
            found = self.add_extractor_name(entities(doc))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
