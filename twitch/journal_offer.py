"""What the user's journal already tells the triage (CONTRACT.md section 5: "the triage
reads the journal"), offered for the user to confirm, never taken as given. Pure.

The journal can show where it twitches and since when: the places logged lately and
the first day of the place the triage is about. A "yes" fills `twitch_location` (where
the triage does not know it yet) and `twitch_duration_days`. It never fills a red-flag
finding: several places in the journal are not `spreading` until the user says so in
the triage's own question, and every red-flag question is still asked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Dict, Iterable, Mapping, Optional, Protocol, Set, Tuple

import yaml

from twitch.nlp_build import LEXICON, expand

# The journal shows twitching that goes on only if the place was logged this lately.
RECENT_DAYS = 14
# How far back the places logged lately reach, for a triage that does not know where.
PLACES_DAYS = 30


class Logged(Protocol):
    """A journal entry as far as the triage needs it (journal.records.Entry is one)."""

    place: str

    @property
    def day(self) -> date: ...


@dataclass(frozen=True)
class Offer:
    places: Tuple[str, ...]  # as the user logged them, the first logged first
    since: date
    slots: Dict[str, Any]  # what a "yes" fills


@lru_cache(maxsize=1)
def _body_words() -> Dict[str, str]:
    """Each body-part phrase of the lexicon ("calves", "shoulder blade"), to its part."""
    lexicon = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    return {text.lower(): part for part, phrases in lexicon["body_part"].items()
            for phrase in phrases for text in expand(phrase)}


def body_parts(place: str) -> Set[str]:
    """The lexicon's parts a place names: "left calf" -> {"calf"}."""
    padded = " " + " ".join(re.findall(r"[a-z'-]+", place.lower())) + " "
    return {part for text, part in _body_words().items() if f" {text} " in padded}


def offer(entries: Iterable[Logged], findings: Mapping[str, Any], today: date) -> Optional[Offer]:
    """The offer the journal allows while the triage still needs how long it has gone
    on, or None: no entry of the place lately, or the first one is today (which says
    nothing of how long)."""
    if findings.get("twitch_duration_days") is not None:
        return None
    entries = [e for e in entries if e.day <= today]
    location = findings.get("twitch_location")
    if location:
        wanted = body_parts(location)
        entries = [e for e in entries if wanted and wanted & body_parts(e.place)]
    else:
        entries = [e for e in entries if e.day > today - timedelta(days=PLACES_DAYS)]
    if not entries or max(e.day for e in entries) <= today - timedelta(days=RECENT_DAYS):
        return None
    first = min(e.day for e in entries)
    if first >= today:
        return None
    places = tuple(dict.fromkeys(e.place for e in sorted(entries, key=lambda e: e.day)))
    slots: Dict[str, Any] = {"twitch_duration_days": float((today - first).days)}
    if not location:
        slots["twitch_location"] = ", ".join(places)
    return Offer(places, first, slots)
