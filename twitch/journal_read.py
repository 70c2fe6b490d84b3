"""Reads a journal entry from a message the project's spaCy rules have parsed: where
(the triage's body-part entities), how long one bout lasted and how often (the
triage's duration parser), which day, and the factors (the triage's trigger
entities). Pure: the Rasa action passes in the message's entities and text.

"left calf again after my run, about 10 minutes" is the left calf, 10 minutes, today,
after exercise. A stated length of a day or more ("for three weeks") is how long it
has been going on, which the triage asks about, not the length of one bout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Iterable, List, Mapping, Optional, Tuple

from twitch.duration import MONTHS, NUMBER_WORDS, WEEKDAYS, to_days

# The journal's factors (CONTRACT.md section 5), from the lexicon's trigger names.
FACTORS = ("exercise", "caffeine", "alcohol", "poor_sleep", "stress", "not_drinking_enough",
           "medicine_change")
TRIGGER_FACTORS = {"exercise": "exercise", "caffeine": "caffeine", "stress": "stress",
                   "sleep": "poor_sleep", "dehydration": "not_drinking_enough"}
# The lexicon files drinking under dehydration; these words make it alcohol.
ALCOHOL_WORDS = {"alcohol", "booze", "drinking", "drunk", "hungover", "hangover", "beer",
                 "beers", "wine", "pints", "pint", "vodka", "cocktails"}
# Words that put the entry on a day still to come.
FUTURE = re.compile(r"\b(tomorrow|tmrw|tmr|next (?:week|month|year|"
                    + "|".join(WEEKDAYS) + r")|later this week|in (?:a|an|\d+|"
                    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r") (?:days?|weeks?|months?)(?! ago))\b")
YESTERDAY = re.compile(r"\b(yesterday|last night)\b")
AGO = re.compile(r"\b(?P<amount>.+?) ago\b")
ON_WEEKDAY = re.compile(r"\b(?:on|last) (" + "|".join(WEEKDAYS) + r")\b")
# A date written out: 2026-11-20, 20/11, 20 November, November 20.
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?(" + "|".join(MONTHS) + r")\b")
MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2})(?:st|nd|rd|th)?\b")
SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")
# How often: "five times", "3x", "twice", "all day".
TIMES = re.compile(r"\b(?P<n>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
                   + r")\s*(?:times|x)\b|\b(?P<word>once|twice)\b")
# Duration phrases that name a day rather than a length.
POINT_WORDS = re.compile(r"\b(today|this morning|this afternoon|this evening|tonight|earlier|"
                         r"yesterday|last night|" + "|".join(WEEKDAYS) + r")\b")


@dataclass(frozen=True)
class Entry:
    """What an entry message says. The journal's store checks it (no place, a day
    still to come, a note too long) before anything is stored."""
    place: Optional[str] = None
    day: Optional[date] = None
    minutes: Optional[float] = None
    times: Optional[int] = None
    factors: Tuple[str, ...] = ()
    note: str = ""
    day_said: bool = False  # the message named the day (else today is assumed)

    @property
    def seconds(self) -> Optional[float]:
        return None if self.minutes is None else self.minutes * 60


def _clean(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _present(e: Mapping[str, Any]) -> bool:
    return e.get("polarity", "present") == "present"


def _place(entities: List[Mapping[str, Any]]) -> Optional[str]:
    named = [str(e.get("text") or e.get("value")).lower() for e in entities
             if e.get("entity") == "body_part" and _present(e)]
    named = [n[3:] if n.startswith("my ") else n for n in named]
    return ", ".join(dict.fromkeys(named)) or None


def _is_point(text: str) -> bool:
    """A duration entity that names a day ("yesterday", "on monday"), not a length."""
    return bool(POINT_WORDS.search(_clean(text)))


def _minutes(entities: List[Mapping[str, Any]], text: str) -> Optional[float]:
    lengths = []
    for e in entities:
        if e.get("entity") != "duration" or _is_point(str(e.get("text") or "")):
            continue
        start, end = e.get("start"), e.get("end")
        if isinstance(end, int) and re.match(r"\s*ago\b", text[end:].lower()):
            continue  # "two days ago" says when, not how long
        try:
            days = float(e["value"])
        except (TypeError, ValueError, KeyError):
            continue
        if 0 < days < 1:
            lengths.append(round(days * 1440, 2))
    return max(lengths) if lengths else None


def _times(text: str) -> Optional[int]:
    m = TIMES.search(text)
    if not m:
        return None
    if m.group("word"):
        return 1 if m.group("word") == "once" else 2
    n = m.group("n")
    value = int(n) if n.isdigit() else int(NUMBER_WORDS[n])
    return value if 0 < value <= 1000 else None


def _factors(entities: List[Mapping[str, Any]], text: str) -> Tuple[str, ...]:
    found: List[str] = []
    words = set(re.findall(r"[a-z']+", text))
    for e in entities:
        if not _present(e):
            continue
        if e.get("entity") == "trigger" and e.get("value") in TRIGGER_FACTORS:
            name = TRIGGER_FACTORS[e["value"]]
            if name == "not_drinking_enough" and words & ALCOHOL_WORDS:
                name = "alcohol"
            found.append(name)
        elif e.get("entity") == "symptom" and e.get("value") == "medicine_change":
            found.append("medicine_change")
    return tuple(dict.fromkeys(found))


def _written_date(text: str, today: date) -> Optional[date]:
    """A date written out; without a year, this year's."""
    try:
        if m := ISO_DATE.search(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := DAY_MONTH.search(text):
            return date(today.year, MONTHS.index(m.group(2)) + 1, int(m.group(1)))
        if m := MONTH_DAY.search(text):
            return date(today.year, MONTHS.index(m.group(1)) + 1, int(m.group(2)))
        if m := SLASH_DATE.search(text):
            year = int(m.group(3)) if m.group(3) else today.year
            year += 2000 if year < 100 else 0
            return date(year, int(m.group(2)), int(m.group(1)))  # day first, as in most places
    except ValueError:  # the 31st of a short month, a 13th month
        return None
    return None


def _day(text: str, today: date) -> Optional[date]:
    """The day the message names (maybe one still to come), or None."""
    if FUTURE.search(text):
        return today + timedelta(days=1)
    written = _written_date(text, today)
    if written is not None:
        return written
    if YESTERDAY.search(text):
        return today - timedelta(days=1)
    if m := ON_WEEKDAY.search(text):
        back = (today.weekday() - WEEKDAYS.index(m.group(1))) % 7
        return today - timedelta(days=back)
    if m := AGO.search(text):
        days = to_days(" ".join(m.group("amount").split()[-3:]), today)
        if days is not None and days >= 1:
            return today - timedelta(days=int(days))
    return None


def read_entry(entities: Iterable[Mapping[str, Any]], text: str, today: date) -> Entry:
    """The entry a message describes; the note is the message itself."""
    raw = " ".join(text.split())
    entities = list(entities or [])
    low = _clean(raw)
    said = _day(low, today)
    entry = Entry(place=_place(entities), day=said or today, minutes=_minutes(entities, raw),
                  times=_times(low), factors=_factors(entities, low), note=raw,
                  day_said=said is not None)
    return entry


def correct(entry: Entry, correction: Entry) -> Entry:
    """The entry with what a correction ("no, it was my right calf", "it was 5
    minutes") says instead; what it does not mention stays."""
    return replace(
        entry,
        place=correction.place or entry.place,
        minutes=correction.minutes if correction.minutes is not None else entry.minutes,
        times=correction.times if correction.times is not None else entry.times,
        factors=tuple(dict.fromkeys(entry.factors + correction.factors)),
        day=correction.day if correction.day_said else entry.day,
    )
