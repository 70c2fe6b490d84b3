"""The confirmed "forget me": says what is deleted. The deletion itself happens when
Rasa saves this turn (privacy/store.py): this action's name in the turn is the signal,
and a deletion done here would be undone by that save."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from twitch.privacy import FORGET_ACTION


class ActionForgetMe(Action):
    def name(self) -> Text:
        return FORGET_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_forgotten")
        return []
