"""Opt-in daily check-in reminders on Slack and Telegram (CONTRACT.md section 5): thin
glue to `journal.reminders`, which keeps them in the journal's tables and sends them
from one scheduler for every Rasa instance (a restart of Rasa loses none). When one is
due the scheduler triggers the check-in (journal_checkin with a journal_reminder
entity), whose action asks "Any twitching today?"."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.journal import journal, owner
from journal import reminders
from twitch import journal_text as words


class ActionJournalRemindersOn(Action):
    def name(self) -> Text:
        return "action_journal_reminders_on"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        channel = tracker.get_latest_input_channel()
        if channel not in reminders.CHANNELS:
            dispatcher.utter_message(text=words.say("reminders_elsewhere"))
            return []
        reminders.schedule(journal(), owner(tracker), tracker.sender_id, channel)
        dispatcher.utter_message(text=words.say("reminders_on"))
        return []


class ActionJournalRemindersOff(Action):
    def name(self) -> Text:
        return "action_journal_reminders_off"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        reminders.stop(journal(), owner(tracker))
        dispatcher.utter_message(text=words.say("reminders_off"))
        return []
