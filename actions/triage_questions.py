"""One `action_ask_<slot>` per triage question, from content/questions.yml."""
from __future__ import annotations

from abc import ABC, abstractmethod
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "content" / "questions.yml"


@lru_cache(maxsize=1)
def questions() -> Dict[str, Dict[str, Any]]:
    return yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))["questions"]


class AskQuestion(Action, ABC):
    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this question fills."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        q = questions()[self.slot]
        dispatcher.utter_message(text=q["text"], buttons=q.get("buttons", []))
        return []


for _slot in questions():
    _name = "Ask" + "".join(part.title() for part in _slot.split("_"))
    globals()[_name] = type(_name, (AskQuestion,), {"slot": _slot, "__module__": __name__})
