"""What one user turn tells the triage: slot values from the intent, the entities and
the question that was asked. Pure; the Rasa action only passes the tracker's parts in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional

from twitch.answers import UNSURE, read_answer
from twitch.duration import to_days
from twitch.triage import FLAG_VALUES

# Intents whose entities describe the user's own twitching.
FINDING_INTENTS = {"describe_symptoms", "affirm", "deny", "unsure"}
# Intents that may carry where and how long, but whose findings are questions.
CONTEXT_INTENTS = {"faq/als"}
# Never read as an answer: the turn is about something else.
NOT_ANSWERS = {"emergency", "crisis", "stop"}
SHORT_ANSWER_WORDS = 8
# Body regions, for "several unrelated areas" (contract: spreading). One or two
# isolated areas are the usual benign pattern (seed 000), so it takes three, or
# "all over".
REGIONS = {
    "eyelid": "head", "face": "head", "tongue": "head", "neck": "head",
    "shoulder": "arm", "arm": "arm", "hand": "arm", "finger": "arm",
    "chest": "trunk", "back": "trunk", "stomach": "trunk",
    "thigh": "leg", "leg": "leg", "calf": "leg", "foot": "leg",
}
ALL_OVER = "all_over"


@dataclass
class Reading:
    slots: Dict[str, Any] = field(default_factory=dict)
    unsure: List[str] = field(default_factory=list)
    triggers: List[str] = field(default_factory=list)


def _entities(entities: Iterable[Mapping[str, Any]], name: str) -> List[Mapping[str, Any]]:
    return [e for e in entities if e.get("entity") == name]


def _present(e: Mapping[str, Any]) -> bool:
    return e.get("polarity", "present") == "present"


def _location(entities: List[Mapping[str, Any]]) -> Optional[str]:
    parts = [str(e.get("text") or e.get("value")) for e in _entities(entities, "body_part") if _present(e)]
    parts = list(dict.fromkeys(p.lower() for p in parts))
    return ", ".join(parts) if parts else None


def _duration(entities: List[Mapping[str, Any]]) -> Optional[float]:
    days = []
    for e in _entities(entities, "duration"):
        try:
            days.append(float(e["value"]))
        except (TypeError, ValueError, KeyError):
            continue
    return max(days) if days else None


def read_message(
    intent: Optional[str],
    entities: Iterable[Mapping[str, Any]],
    requested_slot: Optional[str] = None,
    text: str = "",
) -> Reading:
    """Slot values the message gives, and the findings it leaves "not sure"."""
    reading = Reading()
    intent = intent or ""
    if intent in NOT_ANSWERS or (intent.partition("/")[0] == "faq" and intent not in CONTEXT_INTENTS):
        return reading
    entities = list(entities or [])
    # An own-symptom message gives everything it names; any other reply only answers
    # the question asked (a one-word "hand" is often not read as describe_symptoms).
    gives_all = intent in FINDING_INTENTS | CONTEXT_INTENTS
    location, days = _location(entities), _duration(entities)
    if location and (gives_all or requested_slot == "twitch_location"):
        reading.slots["twitch_location"] = location
    if days is not None and (gives_all or requested_slot == "twitch_duration_days"):
        reading.slots["twitch_duration_days"] = days
    if intent in FINDING_INTENTS:
        _read_findings(reading, entities)
    elif requested_slot == "clear_trigger" and _short(text):
        # "screen time", "typing a lot": the classifier may hear small talk or
        # out of scope in a short answer to the trigger question.
        _read_triggers(reading, entities)
    if intent not in CONTEXT_INTENTS:
        _answer_the_question(reading, intent, requested_slot, text)
    return reading


def as_answer(intent: str, text: str, requested: Optional[str] = None,
              entities: Iterable[Mapping[str, Any]] = ()) -> str:
    """A message that opens with a plain yes or no, while a question waits, is an answer,
    whatever topic the classifier heard in it ("yes I get cramps with it"); so is a short
    reply naming a trigger while the trigger question waits ("stress")."""
    if intent.partition("/")[0] != "faq":
        return intent
    if (lead := read_answer(text, "")) in (True, False):
        return "affirm" if lead else "deny"
    if requested == "clear_trigger" and _short(text) and _entities(entities, "trigger"):
        return "describe_symptoms"
    return intent


def _short(text: str) -> bool:
    return 0 < len(text.split()) <= SHORT_ANSWER_WORDS


def _read_findings(reading: Reading, entities: List[Mapping[str, Any]]) -> None:
    places = {e.get("value") for e in _entities(entities, "body_part") if _present(e)}
    if ALL_OVER in places or len({REGIONS[p] for p in places if p in REGIONS}) >= 3:
        reading.slots["spreading"] = True
    for e in _entities(entities, "symptom"):
        name, pol = e.get("value"), e.get("polarity", "present")
        if name not in FLAG_VALUES:
            continue
        if pol == "uncertain":
            reading.unsure.append(name)
        else:
            reading.slots[name] = pol == "present"
    _read_triggers(reading, entities)


def _read_triggers(reading: Reading, entities: List[Mapping[str, Any]]) -> None:
    named = [e.get("value") for e in _entities(entities, "trigger") if _present(e)]
    reading.triggers = [t for t in dict.fromkeys(named) if t and t != "none"]
    if reading.triggers:
        reading.slots["clear_trigger"] = True
    elif "none" in named:
        reading.slots["clear_trigger"] = False


def _answer_the_question(reading: Reading, intent: str, requested: Optional[str], text: str) -> None:
    """A yes, no, "not sure" or short free-text reply answers the question asked."""
    if not requested or requested in reading.slots:
        return
    words = text.split()
    if intent == "unsure":
        reading.unsure.append(requested)
    elif requested in FLAG_VALUES:
        # The words first: the classifier reads "it is not" or "I have not noticed
        # any" as a yes for their first words.
        answer = read_answer(text, requested)
        if answer is None and intent in ("affirm", "deny"):
            answer = intent == "affirm"
        if answer == UNSURE:
            reading.unsure.append(requested)
        elif answer is not None:
            reading.slots[requested] = answer
    elif requested == "twitch_location" and intent == "describe_symptoms":
        if _short(text):
            reading.slots["twitch_location"] = " ".join(words).strip(" .!?").lower()
    elif requested == "twitch_duration_days" and 0 < len(words) <= 3:
        days = to_days(text)  # a bare "months" or "weeks now"
        if days is not None:
            reading.slots["twitch_duration_days"] = days


def merge_unsure(before: Iterable[str], reading: Reading, slots: Mapping[str, Any]) -> List[str]:
    """The "not sure" list after this turn: a later clear answer removes a name."""
    names = list(dict.fromkeys([*before, *reading.unsure]))
    return [n for n in names if slots.get(n) is None and n not in reading.slots]
