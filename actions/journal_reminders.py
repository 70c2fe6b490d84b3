"""Opt-in daily check-in reminders on Slack and Telegram (CONTRACT.md section 5),
through Rasa's own reminders: `ReminderScheduled` makes a job in the scheduler of the
Rasa server that handled the turn, so each reminder fires once, from that one server,
also in a cluster; when it fires, Rasa checks the reminder is still in the tracker
(not cancelled by "stop reminders", not erased by "forget me") and then triggers the
check-in (journal_checkin with a journal_reminder entity), whose action asks "Any
twitching today?" and schedules the next day's reminder.
The job lives in that server's memory: a restart of it drops the reminder until the
user next asks for one (docs/journal-chat.md)."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, ReminderCancelled, ReminderScheduled
from rasa_sdk.executor import CollectingDispatcher

from twitch import journal_text as words

REMINDER = "journal_daily_checkin"
INTENT = "journal_checkin"
ENTITY = "journal_reminder"
CHANNELS = {"slack", "telegram"}
DAY = 24 * 60 * 60


def every() -> timedelta:
    """A day; JOURNAL_REMINDER_SECONDS makes it shorter for the tests."""
    return timedelta(seconds=int(os.environ.get("JOURNAL_REMINDER_SECONDS") or DAY))


def next_reminder() -> ReminderScheduled:
    return ReminderScheduled(INTENT, datetime.now(timezone.utc) + every(), entities={ENTITY: "daily"},
                             name=REMINDER, kill_on_user_message=False)


class ActionJournalRemindersOn(Action):
    def name(self) -> Text:
        return "action_journal_reminders_on"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_latest_input_channel() not in CHANNELS:
            dispatcher.utter_message(text=words.say("reminders_elsewhere"))
            return []
        dispatcher.utter_message(text=words.say("reminders_on"))
        return [next_reminder()]


class ActionJournalRemindersOff(Action):
    def name(self) -> Text:
        return "action_journal_reminders_off"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=words.say("reminders_off"))
        return [ReminderCancelled(name=REMINDER)]

