"""Applies the rules table and explains the outcome; for someone under 16, says the
triage is for 16 and over and where to go instead. The result offers the journal, and
goes into it where the user keeps one (the doctor's page lists the results)."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from sqlalchemy.exc import SQLAlchemyError

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import tracker_state as state
from actions.crisis import remind
from actions.journal import journal, owner
from twitch import journal_text
from twitch.result_text import compose, compose_under_16
from twitch.triage import Result, evaluate

log = logging.getLogger(__name__)


def record_in_journal(sender_id: str, result: Result) -> None:
    """The result goes into the journal of a user who keeps one. Best effort: a journal
    that cannot be reached must never cost the user their result."""
    try:
        if journal().has_journal(sender_id):
            journal().add_triage_result(sender_id, result.level, result.red_flags)
    except SQLAlchemyError as error:
        log.warning("triage result not recorded in the journal: %s", type(error).__name__)


class ActionTriageResult(Action):
    def name(self) -> Text:
        return "action_triage_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        findings = state.findings(tracker)
        if findings[state.AGE_SLOT]:
            message = compose_under_16()
            dispatcher.utter_message(text=message["text"], json_message=message["payload"])
            return []
        result = evaluate(findings, state.unsure(tracker))
        message = compose(result, findings, state.triggers(tracker))
        dispatcher.utter_message(text=message["text"], json_message=message["payload"],
                                 buttons=[{"title": journal_text.button("journal"), "payload": "/journal_start"}])
        record_in_journal(owner(tracker), result)
        remind(dispatcher, tracker)
        return [SlotSet("triage_level", result.level), SlotSet("red_flags", list(result.red_flags))]
