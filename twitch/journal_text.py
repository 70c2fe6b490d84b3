"""What the journal's side of the chat says (content/journal.yml), filled in. Pure."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional

import yaml

from twitch import locale

TEXTS = Path(__file__).resolve().parent.parent / "content" / "journal.yml"
FACTOR_BUTTONS = ("caffeine", "poor_sleep", "exercise", "stress", "alcohol", "not_drinking_enough")


@lru_cache(maxsize=1)
def texts() -> Dict[str, Any]:
    return yaml.safe_load(TEXTS.read_text(encoding="utf-8"))


def say(key: str, **fill: Any) -> str:
    return " ".join(str(texts()[key]).split()).format(**fill)


def label(key: str, **fill: Any) -> str:
    return str(texts()["labels"][key]).format(**fill)


def button(key: str) -> str:
    return str(texts()["buttons"][key])


def and_list(words: List[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def when(day: date, today: date) -> str:
    if day == today:
        return label("today")
    if (today - day).days == 1:
        return label("yesterday")
    return f"on {day.strftime('%A')} {day.day} {day.strftime('%B')}"


def length(seconds: Optional[int]) -> Optional[str]:
    if not seconds:
        return None
    if seconds < 45:
        return label("seconds")
    if seconds < 90:
        return label("minute")
    if seconds < 90 * 60:
        return label("minutes", n=round(seconds / 60))
    return label("hours", n=round(seconds / 3600, 1) if seconds % 3600 else seconds // 3600)


def how_often(times: Optional[int]) -> Optional[str]:
    if not times:
        return None
    return label("once") if times == 1 else label("times", n=times)


def count_entries(n: int) -> str:
    return label("entry") if n == 1 else label("entries", n=n)


def factor_words(factors: Iterable[str], names: Mapping[str, str]) -> str:
    return and_list([names.get(f, f.replace("_", " ")) for f in factors])


def describe(place: str, day: date, today: date, seconds: Optional[int], times: Optional[int],
             factors: Iterable[str], names: Mapping[str, str]) -> str:
    """One entry as the confirmation shows it: "left calf, about 10 minutes, with
    exercise, today"."""
    factors = list(factors)
    parts = [place, length(seconds), how_often(times),
             label("with", factors=factor_words(factors, names)) if factors else None, when(day, today)]
    return ", ".join(p for p in parts if p)


def day_written(day: date, today: date, locale_code: Optional[str] = None) -> str:
    """"2 November" (or "November 2", as the deployment's locale writes it), with the
    year when it is not this year's."""
    written = locale.services(locale_code)["day_format"].format(day=day.day, month=day.strftime("%B"))
    return written if day.year == today.year else f"{written} {day.year}"


def triage_offer(places: Iterable[str], since: date, today: date, opens_triage: bool,
                 locale_code: Optional[str] = None) -> str:
    """"Your journal shows your left calf since 2 November. Is that right?" Where the
    triage has not asked anything yet, it opens as the first question does."""
    shown = say("triage_offer", places="your " + and_list(list(places)),
                day=day_written(since, today, locale_code))
    return f'{say("triage_offer_opening")} {shown}' if opens_triage else shown
