"""Entities from the project's spaCy rules: body parts, durations in days, findings
and triggers, each with its polarity (present, absent, uncertain)."""
from __future__ import annotations

from typing import List, Type

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from twitch.duration import user_today
from twitch.nlp_read import entities
from twitch_nlu.stateless import StatelessComponent

# The parsed Doc and the user's date, kept on the message for the guard (not sent out).
DOC_KEY = "twitch_doc"
TODAY_KEY = "twitch_today"


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
            # SpacyNLP has parsed the text already, lowercased (its case_sensitive is off),
            # which reads differently ("US", entity text): its parse is used when the text
            # was lowercase anyway, the same Doc a second parse would give.
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None or doc.text != text:
                doc = model.model(text)
            # Rasa 3.6 hands the channel's message metadata to NLU components: "since
            # Monday" is counted on the user's date (the widget sends its time zone).
            today = user_today(message.get("metadata"))
            message.set(DOC_KEY, doc)
            message.set(TODAY_KEY, today)
            found = self.add_extractor_name(entities(doc, today))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
