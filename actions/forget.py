""""Forget me": the question, and the confirmed deletion's message. The deletion itself
happens when Rasa saves the confirming turn (privacy/store.py): action_forget_me's name
in the turn is the signal, and a deletion done in an action would be undone by that save."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from twitch.privacy import FORGET_ACTION

PAUSED_SLOT = "triage_paused"


def loop_before_message(events: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The loop that was active when the latest user message came in (this turn's rules
    may have deactivated it since)."""
    after_message = False
    for event in reversed(list(events)):
        if event.get("event") == "user":
            after_message = True
        elif after_message and event.get("event") == "active_loop":
            return event.get("name")
    return None


class ActionAskForget(Action):
    def name(self) -> Text:
        return "action_ask_forget"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_ask_forget")
        return [SlotSet(PAUSED_SLOT, loop_before_message(tracker.events) == "triage_form")]


class ActionForgetMe(Action):
    def name(self) -> Text:
        return FORGET_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_forgotten")
        return []
