"""Runs after every user message (a custom slot mapping): takes every finding the
message gives, asked for or not."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import tracker_state as state
from twitch.findings import merge_unsure, read_message


class ActionExtractFindings(Action):
    def name(self) -> Text:
        return "action_extract_findings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        reading = read_message(
            state.latest_intent(tracker),
            message.get("entities") or [],
            tracker.get_slot("requested_slot") if tracker.active_loop_name else None,
            message.get("text") or "",
        )
        values: Dict[str, Any] = dict(reading.slots)
        before = state.unsure(tracker)
        after = merge_unsure(before, reading, {**state.findings(tracker), **values})
        if after != before:
            values[state.UNSURE_SLOT] = after
        if reading.triggers:
            values[state.TRIGGERS_SLOT] = list(dict.fromkeys(state.triggers(tracker) + reading.triggers))
        return state.slot_events(values)
