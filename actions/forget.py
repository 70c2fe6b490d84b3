""""Forget me": after the question (utter_ask_forget), notes whether it paused the
triage, so that "no" takes the questions up again (data/rules/privacy.yml), and ends
any journal step, so the "yes" or "no" answers this question only. The
deletion itself happens when Rasa saves the confirming turn (privacy/store.py)."""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

PAUSED_SLOT = "triage_paused"


def loop_before_message(events: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The loop that was active when the latest user message came in (this turn's rules
    may have deactivated it since)."""
    after_message = False
    for event in reversed(list(events)):
        if event.get("event") == "user":
            after_message = True
        elif after_message and event.get("event") == "active_loop":
            return event.get("name")
    return None


class ActionMarkTriagePaused(Action):
    def name(self) -> Text:
        return "action_mark_triage_paused"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return [SlotSet(PAUSED_SLOT, loop_before_message(tracker.events) == "triage_form"),
                SlotSet("journal_step", None)]
