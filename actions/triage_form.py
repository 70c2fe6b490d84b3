"""The triage form's validation: asks the next question that can still change the
outcome (twitch/questions.py), or ends the form. Rasa finds no `action_ask_*` for the
question ids, so the question is asked here, once per run of the form.

Where the user's journal already shows where and since when (twitch/journal_offer.py),
that is offered once to confirm, instead of the question about it."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from sqlalchemy.exc import SQLAlchemyError

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions import tracker_state as state
from actions.journal import journal, today, yes_no
from journal.errors import JournalError
from twitch import journal_offer, journal_text
from twitch.questions import next_question, render

log = logging.getLogger(__name__)


def journal_said(tracker: Tracker, question_id: str) -> Optional[journal_offer.Offer]:
    """The journal's offer in place of the where or how-long question. Best effort: a
    journal that cannot be read just leaves the question to be asked."""
    if question_id not in ("twitch_location", "twitch_duration_days") or tracker.get_slot(state.OFFER_SLOT) is not None:
        return None
    try:
        if not journal().has_journal(tracker.sender_id):
            return None
        return journal_offer.offer(journal().entries(tracker.sender_id), state.findings(tracker), today(tracker))
    except (SQLAlchemyError, JournalError) as error:
        log.warning("journal not read for the triage: %s", type(error).__name__)
        return None


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
        offer = journal_said(tracker, question.id)
        if offer is not None:
            dispatcher.utter_message(
                text=journal_text.triage_offer(offer.places, offer.since, today(tracker),
                                               opens_triage=question.id == "twitch_location"),
                buttons=yes_no())
            return [SlotSet(state.OFFER_SLOT, offer.slots), SlotSet("requested_slot", state.OFFER_SLOT)]
        dispatcher.utter_message(**render(question))
        return [SlotSet("requested_slot", question.id)]
