"""The emergency advice, first on the turn, with the deployment's emergency number
(content/safety.yml, twitch/locale.py); then records the emergency, so the tracker and
the result card carry the level."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import tracker_state as state
from twitch import safety_text
from twitch.triage import evaluate


class ActionEmergency(Action):
    def name(self) -> Text:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=safety_text.emergency(), json_message={"type": "emergency"})
        findings = {**state.findings(tracker), "emergency_symptoms": True}
        result = evaluate(findings, state.unsure(tracker))
        return [
            SlotSet("emergency_symptoms", True),
            SlotSet("triage_level", result.level),
            SlotSet("red_flags", list(result.red_flags)),
        ]
