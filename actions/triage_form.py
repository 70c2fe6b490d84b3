"""The triage form's validation: asks the next question that can still change the
outcome (twitch/questions.py), or ends the form. Rasa finds no `action_ask_*` for the
question ids, so the question is asked here, once per run of the form."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import tracker_state as state
from twitch.questions import next_question, render


class ValidateTriageForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_triage_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        # The slots were already set by action_extract_findings on this turn.
        question = next_question(state.findings(tracker), state.unsure(tracker))
        if question is None:
            return [SlotSet("requested_slot", None)]
        dispatcher.utter_message(**render(question))
        return [SlotSet("requested_slot", question.id)]
