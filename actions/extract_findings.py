"""Runs after every user message (a custom slot mapping): takes every finding the
message gives, asked for or not, the answer to a group question, and a stated age."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import tracker_state as state
from twitch import age
from twitch.answers import read_answer
from twitch.findings import NOT_ANSWERS, as_answer, merge_unsure, read_message
from twitch.questions import asked, read_group_answer


def confirmed(offered: Optional[Dict[str, Any]], intent: str, text: str,
              told: Dict[str, Any]) -> Dict[str, Any]:
    """The answer to the journal's offer: a yes fills what it offered, unless the reply
    itself says otherwise ("yes, but it's been 2 months"); anything else fills nothing
    and the question is asked as usual. Either way it is not offered again."""
    answer = read_answer(text, "")
    said_yes = intent not in NOT_ANSWERS and (answer is True or (answer is None and intent == "affirm"))
    taken = {k: v for k, v in (offered or {}).items() if k not in told} if said_yes else {}
    return {**taken, state.OFFER_SLOT: {}}


class ActionExtractFindings(Action):
    def name(self) -> Text:
        return "action_extract_findings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent, text = state.latest_intent(tracker), message.get("text") or ""
        entities = message.get("entities") or []
        requested = tracker.get_slot("requested_slot") if tracker.active_loop_name else None
        if requested:
            intent = as_answer(intent, text, requested, entities)
        before = state.unsure(tracker)
        question = asked(requested, state.findings(tracker), before) if requested else None
        if question is not None and question.is_group:
            reading = read_group_answer(question, read_message(intent, entities, None, text), intent, text)
        else:
            single = requested if requested in state.FINDING_SLOTS else None
            reading = read_message(intent, entities, single, text)
        values: Dict[str, Any] = dict(reading.slots)
        # An emergency or a crisis is about now, whoever it is about.
        if intent not in NOT_ANSWERS and age.under_16(text) and not tracker.get_slot(state.AGE_SLOT):
            values[state.AGE_SLOT] = True
        if requested == state.OFFER_SLOT:
            values.update(confirmed(tracker.get_slot(state.OFFER_SLOT), intent, text, values))
        after = merge_unsure(before, reading, {**state.findings(tracker), **values})
        if after != before:
            values[state.UNSURE_SLOT] = after
        if reading.triggers:
            values[state.TRIGGERS_SLOT] = list(dict.fromkeys(state.triggers(tracker) + reading.triggers))
        return state.slot_events(values)
