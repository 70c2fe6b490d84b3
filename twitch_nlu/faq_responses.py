"""Rasa's file importer, plus one retrieval response per FAQ topic, generated from the
knowledge base at train time.

The ResponseSelector trains on the topic keys (faq/<key>, from data/nlu/faq.yml), not on
response texts, but Rasa 3.6 expects an `utter_faq/<key>` response for every sub-intent:
without them it warns for each training example and for each prediction. The responses
made here carry only the key; actions/faq.py answers from the knowledge base, which
stays the one source of the text. So a new topic is a knowledge-base entry and its
training examples, and nothing else.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Text

from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers import utils
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.training_data.training_data import TrainingData

from twitch import knowledge


def faq_responses() -> Dict[Text, List[Dict[Text, Text]]]:
    return {f"utter_{knowledge.intent_for(key)}": [{"text": knowledge.intent_for(key)}]
            for key in knowledge.keys()}


class FaqImporter(RasaFileImporter):
    def get_nlu_data(self, language: Optional[Text] = "en") -> TrainingData:
        return super().get_nlu_data(language).merge(TrainingData(responses=faq_responses()))

    def get_domain(self) -> Domain:
        """domain.yml without `faq`: Rasa adds the retrieval intent itself, from the NLU
        data, and warns of a duplicate when the domain lists it too."""
        data = super().get_domain().as_dict()
        data["intents"] = [i for i in data.get("intents", [])
                           if (next(iter(i)) if isinstance(i, dict) else i) != knowledge.RETRIEVAL_INTENT]
        return Domain.from_dict(data)

    # Rules and test stories name `faq`, so they are read against domain.yml as written.
    def get_stories(self, exclusion_percentage: Optional[int] = None) -> StoryGraph:
        return utils.story_graph_from_paths(self._story_files, super().get_domain(), exclusion_percentage)

    def get_conversation_tests(self) -> StoryGraph:
        return utils.story_graph_from_paths(self._conversation_test_files, super().get_domain())
