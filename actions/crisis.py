"""The crisis reply (CONTRACT.md section 3, Crisis): at any point of any conversation,
and on every turn after it that the rules hand here while `crisis` is set; and the
reminder line other replies end with while it is set."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import tracker_state as state
from twitch import safety_text

CRISIS_CARD = {"type": "crisis"}


def _imminent(tracker: Tracker) -> bool:
    """A plan, the means, having hurt themselves or emergency signs (the NLU's
    crisis_risk entity)."""
    return any(e.get("entity") == "crisis_risk" and e.get("value") == "imminent"
               for e in tracker.latest_message.get("entities") or [])


def _safety_asked(tracker: Tracker) -> bool:
    """Whether the bot's last message asked "are you safe right now?" (the crisis card)."""
    said = next((e for e in reversed(tracker.events) if e.get("event") == "bot"), None)
    return bool(said) and ((said.get("data") or {}).get("custom") or {}).get("type") == CRISIS_CARD["type"]


def remind(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """One short line after another reply (an FAQ answer, a result) while the
    conversation is in crisis, so the crisis line stays in view in every channel."""
    if tracker.get_slot("crisis"):
        dispatcher.utter_message(text=safety_text.crisis(safety_text.REMINDER))


class ActionCrisis(Action):
    def name(self) -> Text:
        return "action_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kind = safety_text.crisis_kind(state.latest_intent(tracker), _imminent(tracker), _safety_asked(tracker))
        if kind in (safety_text.FIRST, safety_text.FIRST_IMMINENT):
            dispatcher.utter_message(text=safety_text.crisis(kind), buttons=safety_text.crisis_buttons(),
                                     json_message=CRISIS_CARD)
        else:
            dispatcher.utter_message(text=safety_text.crisis(kind))
        return [SlotSet("crisis", True)]
