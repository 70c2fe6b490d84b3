"""The twitch journal's side of the chat (CONTRACT.md section 5): thin glue between the
dialogue (data/rules/journal.yml), the entry reader (twitch/journal_read.py), the
words (twitch/journal_text.py) and the journal's store (journal/)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import tracker_state as state
from journal.reminders import ENTITY as REMINDER_ENTITY
from journal import patterns
from journal.errors import JournalError
from journal.links import share
from journal.records import FACTORS, Entry as Stored, time_zone
from journal.store import Journal, journal_owner
from twitch import journal_text as words
from twitch.duration import user_today
from twitch.journal_read import Entry, correct, read_entry
from twitch.questions import content as questions
from twitch.triage import evaluate, level_info

STEP, ENTRY = "journal_step", "journal_entry"
FACTOR_ENTITY = "journal_factor"
DONE = "done"
# The check-in's red-flag question (CONTRACT.md section 5): its buttons carry the sign
# as a `symptom` entity, or "none" / "skip".
SIGN_ENTITY, NO_SIGNS, SKIP = "symptom", "none", "skip"
EMERGENCY = "emergency_symptoms"
SIGNS_GROUP = "signs"  # the triage's own words for them (content/questions.yml)
# A reply to a shown entry that opens like this corrects it rather than adding one.
CORRECTION = re.compile(r"^\s*(no|nope|nah|not|wrong|actually|sorry|oops|i meant|it was|it's|its|make it|change)\b", re.I)
# A request with no place in it ("log a twitch", "yes") is asked where; a longer message
# without one gets the store's own reply.
SHORT_REQUEST_WORDS = 6


def step(value: Optional[str]) -> List[EventType]:
    """Moves the journal's dialogue on and ends the turn. The rules that hand a step to
    these actions are conditioned on the step before it (data/rules/journal.yml); once
    the step has changed no rule matches the state to predict listening, so the action
    says so itself rather than leave the turn to the fallback."""
    return [SlotSet(STEP, value), FollowupAction("action_listen")]


def journal() -> Journal:
    return Journal.from_env()


def metadata(tracker: Tracker) -> Dict[str, Any]:
    event = next((e for e in reversed(tracker.events) if e.get("event") == "user"), None) or {}
    return event.get("metadata") or {}


def owner(tracker: Tracker) -> str:
    """The journal's user for this message (the widget's kept journal id, else the sender).
    A widget that has just opted in brings what it logged before into the kept journal."""
    kept = journal_owner(tracker.sender_id, tracker.get_latest_input_channel(), metadata(tracker))
    if kept != tracker.sender_id:
        journal().adopt(tracker.sender_id, kept)
    return kept


def zone_name(tracker: Tracker) -> str:
    """The widget's time zone where it sent one; else the one the journal has (UTC)."""
    sent = metadata(tracker).get("timezone")
    try:
        return time_zone(sent).key if isinstance(sent, str) and sent else journal().time_zone_of(owner(tracker))
    except JournalError:
        return journal().time_zone_of(owner(tracker))


def today(tracker: Tracker) -> date:
    return user_today({"timezone": zone_name(tracker)})


def moment(day: date, tracker: Tracker) -> datetime:
    """Now, for an entry about today; midday of an earlier (or later) day."""
    zone = time_zone(zone_name(tracker))
    now = datetime.now(zone)
    return now if day == now.date() else datetime.combine(day, time(12), zone)


def shown(stored: Stored, tracker: Tracker) -> str:
    return words.describe(stored.place, stored.day, today(tracker), stored.duration_seconds, stored.times,
                          stored.factors, FACTORS)


def card(stored: Stored) -> Dict[str, Any]:
    return {"type": "journal_entry", "entry": {
        "id": stored.id, "at": stored.at.isoformat(), "place": stored.place,
        "duration_seconds": stored.duration_seconds, "times": stored.times, "factors": list(stored.factors)}}


def kept(stored: Stored) -> Dict[str, Any]:
    """What the journal_entry slot keeps of the entry just logged, to correct it."""
    return {"id": stored.id, "day": stored.day.isoformat(), "place": stored.place,
            "minutes": stored.duration_seconds / 60 if stored.duration_seconds else None,
            "times": stored.times, "factors": list(stored.factors)}


def from_kept(value: Dict[str, Any]) -> Entry:
    return Entry(place=value["place"], day=date.fromisoformat(value["day"]), minutes=value.get("minutes"),
                 times=value.get("times"), factors=tuple(value.get("factors") or ()))


def confirm_buttons() -> List[Dict[str, str]]:
    return [{"title": words.button("right"), "payload": "/affirm"},
            {"title": words.button("change"), "payload": "/deny"}]


def yes_no() -> List[Dict[str, str]]:
    return [{"title": words.button("yes"), "payload": "/affirm"},
            {"title": words.button("no"), "payload": "/deny"}]


def factor_buttons(chosen: List[str]) -> List[Dict[str, str]]:
    return [{"title": FACTORS[f].capitalize(), "payload": f'/journal_checkin{{"{FACTOR_ENTITY}": "{f}"}}'}
            for f in words.FACTOR_BUTTONS if f not in chosen] + [
        {"title": words.button("done"), "payload": f'/journal_checkin{{"{FACTOR_ENTITY}": "{DONE}"}}'}]


class ActionJournalStart(Action):
    def name(self) -> Text:
        return "action_journal_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=words.say("start"), buttons=yes_no())
        return [SlotSet(STEP, "checkin")]


class ActionJournalEntry(Action):
    """Logs an entry and shows what it understood; or corrects the entry just shown."""

    def name(self) -> Text:
        return "action_journal_entry"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        if text.startswith("/"):  # a button: "Yes" to "any twitching today?"
            text = ""
        reading = read_entry(message.get("entities") or [], text, today(tracker))
        in_form = tracker.active_loop_name == "triage_form"
        previous = tracker.get_slot(ENTRY)
        correcting = (tracker.get_slot(STEP) == "confirm" and previous and not in_form
                      and (state.latest_intent(tracker) == "deny" or CORRECTION.match(text)))
        try:
            if correcting:
                return self._correct(dispatcher, tracker, from_kept(previous), reading)
            stored = journal().add_entry(owner(tracker), reading.place, moment(reading.day, tracker),
                                         duration_seconds=reading.seconds, factors=reading.factors,
                                         note=text or None, times=reading.times)
        except JournalError as e:
            short = len(text.split()) <= SHORT_REQUEST_WORDS
            reply = words.say("ask_entry") if e.code == "no_place" and short else e.reply
            dispatcher.utter_message(text=reply)
            return [] if in_form else step("entry")
        if in_form:
            dispatcher.utter_message(text=f'{words.say("during_triage")} {shown(stored, tracker).capitalize()}.',
                                     json_message=card(stored))
            return [SlotSet(ENTRY, kept(stored))]
        dispatcher.utter_message(text=words.say("logged", summary=shown(stored, tracker)),
                                 buttons=confirm_buttons(), json_message=card(stored))
        return [SlotSet(ENTRY, kept(stored)), *step("confirm")]

    def _correct(self, dispatcher: CollectingDispatcher, tracker: Tracker, before: Entry,
                 reading: Entry) -> List[EventType]:
        said = reading.place or reading.minutes is not None or reading.times or reading.factors or reading.day_said
        if not said:
            dispatcher.utter_message(text=words.say("what_to_change"))
            return step("confirm")
        after = correct(before, reading)
        stored = journal().update_entry(
            owner(tracker), int(tracker.get_slot(ENTRY)["id"]), place=after.place,
            when=moment(after.day, tracker) if after.day != before.day else None,
            duration_seconds=after.seconds, times=after.times, factors=after.factors)
        dispatcher.utter_message(text=words.say("corrected", summary=shown(stored, tracker)),
                                 buttons=confirm_buttons(), json_message=card(stored))
        return [SlotSet(ENTRY, kept(stored)), *step("confirm")]


class ActionJournalFactors(Action):
    """After an entry is confirmed: what else came into the day (the check-in's factors)."""

    def name(self) -> Text:
        return "action_journal_factors"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=words.say("ask_factors"), buttons=factor_buttons(day_factors(tracker)))
        return step("factors")


def day_factors(tracker: Tracker) -> List[str]:
    day = today(tracker)
    checkins = journal().data(owner(tracker), day, day).checkins
    return list(checkins[0].factors) if checkins else []


class ActionJournalCheckin(Action):
    """The daily check-in: "Any twitching today?" (asked, or sent by the daily reminder),
    then the day's factors as buttons."""

    def name(self) -> Text:
        return "action_journal_checkin"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        factor = next(tracker.get_latest_entity_values(FACTOR_ENTITY), None)
        sender, day = owner(tracker), today(tracker)
        if next(tracker.get_latest_entity_values(REMINDER_ENTITY), None):
            dispatcher.utter_message(text=words.say("reminder"), buttons=yes_no())
            return [SlotSet(STEP, "checkin")]
        sign = next(tracker.get_latest_entity_values(SIGN_ENTITY), None)
        if factor == DONE and not signs_answered(sender, day):
            dispatcher.utter_message(text=words.say("signs_question"), buttons=sign_buttons())
            return [SlotSet(STEP, None)]
        if sign in signs() or sign == EMERGENCY:
            return self._sign(dispatcher, sender, sign)
        if factor == DONE or sign in (NO_SIGNS, SKIP):
            if sign == NO_SIGNS:
                journal().add_red_flag_answers(sender, {s: False for s in (EMERGENCY, *signs())})
            dispatcher.utter_message(text=words.say("checkin_done"),
                                     buttons=[{"title": words.button("show"), "payload": "/journal_show"}])
            return [SlotSet(STEP, None)]
        if factor in FACTORS:
            data = journal().data(sender, day, day)
            before = list(data.checkins[0].factors) if data.checkins else []
            twitching = bool(data.entries) or any(c.twitching for c in data.checkins)
            chosen = list(dict.fromkeys(before + [factor]))
            journal().check_in(sender, twitching, chosen, day=day)
            dispatcher.utter_message(text=words.say("factor_added", factors=words.factor_words(chosen, FACTORS)),
                                     buttons=factor_buttons(chosen))
            return [SlotSet(STEP, "factors")]
        if state.latest_intent(tracker) == "deny" and tracker.get_slot(STEP) == "checkin":
            journal().check_in(sender, False, [], day=day)
            dispatcher.utter_message(text=words.say("no_twitch"), buttons=factor_buttons([]))
            return step("factors")
        dispatcher.utter_message(text=words.say("checkin_question"), buttons=yes_no())
        return [SlotSet(STEP, "checkin")]

    @staticmethod
    def _sign(dispatcher: CollectingDispatcher, sender: str, sign: str) -> List[EventType]:
        """A sign noticed is kept with its date, and gets what the triage gives it: the
        emergency advice first for an emergency sign; else how soon the rules say a
        doctor should see it, and the triage to go further. The triage takes the
        answer as given, not asking it again."""
        journal().add_red_flag_answers(sender, {sign: True})
        if sign == EMERGENCY:
            return [FollowupAction("action_emergency")]
        # "Urgent: see a doctor within a day or two" -> "see a doctor within a day or two"
        label = level_info(evaluate({sign: True}).level)["label"].split(": ")[-1]
        label = label[0].lower() + label[1:]
        dispatcher.utter_message(text=words.say("sign_noticed", level=label), buttons=[
            {"title": words.button("triage"), "payload": "/describe_symptoms"},
            {"title": words.button("not_now"), "payload": f'/journal_checkin{{"{SIGN_ENTITY}": "{SKIP}"}}'}])
        return [SlotSet(sign, True), SlotSet(STEP, None)]


def signs() -> Dict[str, str]:
    """The red flags the check-in asks about, and their words."""
    return dict(questions()["groups"][SIGNS_GROUP]["members"])


def sign_buttons() -> List[Dict[str, str]]:
    payload = "/journal_checkin{{\"{entity}\": \"{value}\"}}"
    named = [(words.button("sudden"), EMERGENCY), *((title, sign) for sign, title in signs().items()),
             (words.button("none_of_these"), NO_SIGNS), (words.button("skip"), SKIP)]
    return [{"title": title, "payload": payload.format(entity=SIGN_ENTITY, value=value)} for title, value in named]


def signs_answered(sender: str, day: date) -> bool:
    """Whether today's check-in already asked about the red flags (once a day)."""
    return any(a.source == "check-in" for a in journal().data(sender, day, day).red_flag_answers)


CHART_DAYS = 30


def links_text(text: str, urls: List[str]) -> str:
    """The reply with its links written out, for channels that show no card."""
    return "\n\n".join([text, *urls])


class ActionJournalShow(Action):
    """A short summary of the last 30 days, the hints the patterns allow, and the chart."""

    def name(self) -> Text:
        return "action_journal_show"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        day = today(tracker)
        data = journal().data(owner(tracker), day - timedelta(days=CHART_DAYS - 1), day)
        if not data.entries and not data.checkins:
            dispatcher.utter_message(text=words.say("empty"))
            return [SlotSet(STEP, "entry")]
        places = ", ".join(f"{place} {n}" for place, n in patterns.per_place(data.entries).items()) or "none"
        found = patterns.hints(patterns.days(data.entries, data.checkins))
        text = " ".join([
            words.say("shown", entries=words.count_entries(len(data.entries)), places=places),
            words.say("hints", hints=words.and_list([h.text for h in found])) if found else words.say("no_hints")])
        link = share(journal(), owner(tracker), "chart")
        dispatcher.utter_message(text=text, json_message={"type": "journal_chart", **link},
                                 buttons=[{"title": words.button("summary"), "payload": "/journal_summary"},
                                          {"title": words.button("export"), "payload": "/journal_export"}])
        return [SlotSet(STEP, None)]


class ActionJournalSummary(Action):
    def name(self) -> Text:
        return "action_journal_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if not journal().has_journal(owner(tracker)):
            dispatcher.utter_message(text=words.say("empty"))
            return [SlotSet(STEP, "entry")]
        link = share(journal(), owner(tracker), "summary")
        dispatcher.utter_message(text=links_text(words.say("summary_link"), [link["url"], link["pdf"]]),
                                 json_message={"type": "journal_summary", **link})
        return [SlotSet(STEP, None)]


class ActionJournalExport(Action):
    def name(self) -> Text:
        return "action_journal_export"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if not journal().has_journal(owner(tracker)):
            dispatcher.utter_message(text=words.say("empty"))
            return [SlotSet(STEP, "entry")]
        link = share(journal(), owner(tracker), "export")
        dispatcher.utter_message(text=links_text(words.say("export_link"), [link["url"]]),
                                 json_message={"type": "journal_export", **link})
        return [SlotSet(STEP, None)]
