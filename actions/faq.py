"""Answers the FAQ retrieval intent from the knowledge base."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import tracker_state as state
from actions.crisis import remind
from twitch import knowledge
from twitch.findings import as_answer

TRIAGE_BUTTON = {"title": "Check my twitching", "payload": "/describe_symptoms"}


def names_a_trigger(tracker: Tracker) -> bool:
    """ "stress" said to the trigger question answers it (action_extract_findings took
    it): the stress FAQ would only interrupt the triage."""
    requested = tracker.get_slot("requested_slot") if tracker.active_loop_name else None
    intent = state.latest_intent(tracker)
    message = tracker.latest_message or {}
    return as_answer(intent, message.get("text") or "", requested, message.get("entities") or []) == "describe_symptoms"


def asked_topic(tracker: Tracker) -> Optional[str]:
    """The topic asked: the ResponseSelector's pick (faq/<key>) for a typed question, or
    the faq_key entity of a button's payload (/faq{"faq_key": "als"})."""
    named = next(tracker.get_latest_entity_values(knowledge.KEY_ENTITY), None)
    return (knowledge.key_for_intent(state.latest_intent(tracker))
            or (named if named in knowledge.keys() else None))


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if names_a_trigger(tracker):
            return []
        key = asked_topic(tracker)
        if key is None:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        entry = knowledge.entry(key)
        buttons = [{"title": knowledge.entry(k)["title"], "payload": knowledge.payload(k)}
                   for k in entry.get("follow_ups", [])]
        if entry.get("offer_triage") and not tracker.active_loop_name:
            buttons.append(TRIAGE_BUTTON)
        dispatcher.utter_message(
            text=knowledge.answer_text(key),
            buttons=buttons,
            json_message={"type": "faq", "key": key, "title": entry["title"], "sources": entry["sources"], "reviewed": entry["reviewed"]},
        )
        remind(dispatcher, tracker)
        return [SlotSet("faq_topic", key)]
