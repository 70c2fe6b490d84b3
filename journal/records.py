"""The journal's records as plain, frozen data, and the checks a new one must pass.

Everything outside `journal.store` (the chat side, the patterns, the chart, the page
for the doctor, the CSV) reads these, never the database rows. Pure: no SQLAlchemy.
Times are timezone-aware and in the user's own time zone; `day` is the user's
calendar day.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Dict, Iterable, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.errors import JournalError

# What might go with the twitching (CONTRACT.md section 5), and how we say each one.
FACTORS: Dict[str, str] = {
    "exercise": "exercise",
    "caffeine": "caffeine",
    "alcohol": "alcohol",
    "poor_sleep": "poor sleep",
    "stress": "stress",
    "not_drinking_enough": "not drinking enough",
    "medicine_change": "a medicine change",
}
# The red-flag findings a check-in or a triage can answer (CONTRACT.md section 2).
RED_FLAGS = (
    "weakness", "atrophy", "spreading", "sensory_symptoms", "bulbar_symptoms", "family_history",
    "painful_cramps", "worsening", "clear_trigger", "rapid_progression", "stiffness",
    "medicine_change", "age_under_16", "emergency_symptoms",
)
TRIAGE_LEVELS = ("emergency", "urgent", "soon", "routine", "self_care")
MAX_PLACE = 60
MAX_NOTE = 500
# A twitch that lasts longer than a day is not one entry: it is several days.
MAX_DURATION_SECONDS = 24 * 60 * 60
MAX_TIMES = 1000
# A clock a few minutes fast on the user's device is not "the future".
CLOCK_SLACK = timedelta(minutes=5)
DEFAULT_TIME_ZONE = "UTC"


@dataclass(frozen=True)
class Entry:
    """One logged twitch: when and where, how long (seconds) or how many times, what
    went with it, and a note."""

    id: int
    at: datetime
    place: str
    duration_seconds: Optional[int] = None
    times: Optional[int] = None
    factors: Tuple[str, ...] = ()
    note: Optional[str] = None

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True)
class CheckIn:
    """The daily check-in: did it twitch today, and what went with the day. One a day."""

    day: date
    twitching: bool
    factors: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlagAnswer:
    """One answer to a red-flag question: True, False, or None for "not sure"."""

    at: datetime
    flag: str
    value: Optional[bool]
    source: str  # "check-in" or "triage"


@dataclass(frozen=True)
class TriageResult:
    at: datetime
    level: str
    red_flags: Tuple[str, ...] = ()


@dataclass(frozen=True)
class JournalData:
    """Everything of one user between two days (inclusive), in their time zone."""

    time_zone: str
    start: date
    end: date
    entries: Tuple[Entry, ...] = ()
    checkins: Tuple[CheckIn, ...] = ()
    red_flag_answers: Tuple[RedFlagAnswer, ...] = ()
    triage_results: Tuple[TriageResult, ...] = ()


def time_zone(name: Optional[str]) -> ZoneInfo:
    """The IANA zone the widget sends ("Europe/Berlin"); None or "" is UTC."""
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        raise JournalError("bad_time_zone", "I could not read that time zone. "
                           "Please send one such as Europe/London.") from None


def clean_text(text: Optional[str]) -> str:
    """Unicode-normalised, control characters dropped, runs of space made one."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    return " ".join(text.split())


def check_place(place: Optional[str]) -> str:
    place = clean_text(place)
    if not any(c.isalpha() for c in place):
        raise JournalError("no_place", "Where was the twitch? For example: left calf, right eyelid, or thumb.")
    if len(place) > MAX_PLACE:
        raise JournalError("too_long", f"Please name the place in a few words (at most {MAX_PLACE} letters), "
                           "for example: left calf.")
    return place.lower()


def check_note(note: Optional[str]) -> Optional[str]:
    note = clean_text(note)
    if len(note) > MAX_NOTE:
        raise JournalError("too_long", f"That note is too long for the journal. Please keep it to "
                           f"{MAX_NOTE} letters or fewer.")
    return note or None


def check_factors(factors: Iterable[str]) -> Tuple[str, ...]:
    factors = tuple(factors)
    unknown = [f for f in factors if f not in FACTORS]
    if unknown:
        raise JournalError("unknown_factor", "I can note these with a twitch: " + ", ".join(FACTORS.values()) + ".")
    return tuple(sorted(set(factors)))


def check_when(when: datetime, now: datetime) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise JournalError("no_time_zone", "I need to know the time zone of that time.")
    if when > now + CLOCK_SLACK:
        raise JournalError("future", "That time is still to come. I can only log a twitch that has happened.")
    return when


def check_duration(seconds: Optional[float]) -> Optional[int]:
    if seconds is None:
        return None
    if not 0 < seconds <= MAX_DURATION_SECONDS:
        raise JournalError("bad_duration", "How long did it last? Anything from a second to a day fits; "
                           "for longer, log each day.")
    return max(1, round(seconds))


def check_times(times: Optional[int]) -> Optional[int]:
    if times is None:
        return None
    if not 1 <= times <= MAX_TIMES:
        raise JournalError("bad_times", "About how many times did it twitch? A rough number is fine, or leave it out.")
    return int(times)


def check_red_flags(answers: Mapping[str, Optional[bool]]) -> Dict[str, Optional[bool]]:
    unknown = [a for a in answers if a not in RED_FLAGS]
    if unknown or any(v not in (True, False, None) for v in answers.values()):
        raise JournalError("unknown_flag", "I could not note that answer.")
    return dict(answers)


def check_level(level: str) -> str:
    if level not in TRIAGE_LEVELS:
        raise JournalError("unknown_level", "I could not note that result.")
    return level
