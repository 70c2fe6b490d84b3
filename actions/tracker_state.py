"""Reading the triage state off a tracker, and writing a reading back as events."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from twitch.triage import FLAG_VALUES

AGE_SLOT = "age_under_16"
FINDING_SLOTS = ("twitch_location", "twitch_duration_days", *FLAG_VALUES, "emergency_symptoms", AGE_SLOT)
UNSURE_SLOT = "unsure_findings"
TRIGGERS_SLOT = "triggers"
# The journal's offer to the triage: the slots a "yes" fills (actions/triage_form.py).
OFFER_SLOT = "journal_offer"


def findings(tracker: Tracker) -> Dict[str, Any]:
    return {name: tracker.get_slot(name) for name in FINDING_SLOTS}


def unsure(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot(UNSURE_SLOT) or [])


def triggers(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot(TRIGGERS_SLOT) or [])


def latest_intent(tracker: Tracker) -> str:
    """The latest intent; for a retrieval intent, with the sub-intent Rasa's
    ResponseSelector picked ("faq/als"), so an FAQ topic reads as its own intent."""
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("full_retrieval_intent_name") or intent.get("name") or ""


def slot_events(values: Dict[str, Any]) -> List[EventType]:
    return [SlotSet(name, value) for name, value in values.items()]
