"""The triage form's validation: asks only what can still change the outcome."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import tracker_state as state
from twitch.triage import next_question


class ValidateTriageForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_triage_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        # The slots were already set by action_extract_findings on this turn; the
        # form only needs to know what to ask next (None ends it).
        return [SlotSet("requested_slot", next_question(state.findings(tracker), state.unsure(tracker)))]
