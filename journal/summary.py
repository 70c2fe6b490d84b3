"""The page for the doctor: one printable A4/Letter page, as HTML (Jinja2) and as PDF
(WeasyPrint, which lays the same HTML out with Pango; no browser needed).

It holds the dates, the places with how often and how long, the factors (and any hint,
worded as one), the red-flag answers over time with their dates, the triage results, and
questions to ask. Everything it says is written here or in the template.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from jinja2 import Environment, FileSystemLoader, select_autoescape

from journal import patterns
from journal.records import FACTORS, Entry, JournalData
from twitch.triage import level_info

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                        autoescape=select_autoescape())
# The findings as a doctor's page names them (CONTRACT.md section 2).
FLAG_LABELS: Dict[str, str] = {
    "weakness": "Loss of strength in daily life",
    "atrophy": "A muscle looking thinner",
    "spreading": "Twitching in several places, or spreading",
    "sensory_symptoms": "Numbness, tingling or trouble with balance",
    "bulbar_symptoms": "Slurred speech or harder swallowing, come on gradually",
    "family_history": "ALS/MND or another nerve or muscle disease in the family",
    "painful_cramps": "Painful cramps with the twitching",
    "worsening": "Getting more frequent, stronger or wider",
    "clear_trigger": "Follows something clear (exercise, caffeine, stress, sleep)",
    "rapid_progression": "Came on or got worse over hours or days",
    "stiffness": "Stiff or rigid muscles",
    "medicine_change": "A medicine started, stopped or changed before it began",
    "age_under_16": "Under 16",
    "emergency_symptoms": "Signs of an emergency",
    "duration_over_two_weeks": "Going on for more than two weeks",
}
ANSWER_WORDS = {True: "yes", False: "no", None: "not sure"}
# So that the page stays one page: the latest answers to each sign, the latest results.
MAX_ANSWERS, MAX_TRIAGE, MAX_NOTES = 6, 5, 4
PAPERS = ("A4", "letter")
# Written by us: open questions for the visit. None asks the user to test themselves.
QUESTIONS_TO_ASK = (
    "What do you think is the most likely reason for my twitching?",
    "Is there anything in this journal you would like to look into further?",
    "Could any of my medicines, or a change to them, play a part?",
    "Could caffeine, sleep, stress or exercise make it worse, and what could I change?",
    "What changes would mean I should come back sooner, and how soon?",
    "Do I need any tests? If so, what would they tell us?",
)


@dataclass(frozen=True)
class PlaceLine:
    place: str
    entries: int
    days: int
    first: date
    last: date
    duration: str  # typical (median) and longest, in words, or ""


def duration_words(seconds: Optional[float]) -> str:
    """ "40 seconds", "10 minutes", "2 hours" """
    if seconds is None:
        return ""
    for unit, size in (("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size:
            n = round(seconds / size)
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return "1 second"


def place_lines(entries: Sequence[Entry]) -> List[PlaceLine]:
    lines = []
    for place in patterns.per_place(entries):
        mine = [e for e in entries if e.place == place]
        lasted = [e.duration_seconds for e in mine if e.duration_seconds]
        how_long = ""
        if lasted:
            how_long = f"usually {duration_words(statistics.median(lasted))}"
            if max(lasted) > statistics.median(lasted):
                how_long += f", at most {duration_words(max(lasted))}"
        days = {e.day for e in mine}
        lines.append(PlaceLine(place, len(mine), len(days), min(days), max(days), how_long))
    return lines


def red_flags_over_time(data: JournalData) -> List[Tuple[str, List[Tuple[date, str, str]]]]:
    """One line per warning sign asked about: its latest answers, oldest first, each
    with its date, its answer and where it came from (check-in or triage)."""
    lines: Dict[str, List[Tuple[date, str, str]]] = {}
    for a in sorted(data.red_flag_answers, key=lambda a: a.at):
        lines.setdefault(a.flag, []).append((a.at.date(), ANSWER_WORDS[a.value], a.source))
    order = [f for f in FLAG_LABELS if f in lines]
    return [(FLAG_LABELS[f], lines[f][-MAX_ANSWERS:]) for f in order]


def context(data: JournalData, made: datetime) -> Dict[str, object]:
    """What the template shows, from one user's records."""
    history = patterns.days(data.entries, data.checkins)
    factor_days = {f: sum(1 for d in history if f in d.factors) for f in FACTORS}
    return {
        "data": data,
        "made": made,
        "places": place_lines(data.entries),
        "entry_count": len(data.entries),
        "twitch_days": sum(1 for d in history if d.amount),
        "calm_days": sum(1 for d in history if not d.amount),
        "recorded_days": len(history),
        "span_days": (data.end - data.start).days + 1,
        "factors": [(FACTORS[f], n) for f, n in factor_days.items() if n],
        "hints": patterns.hints(history),
        "min_days": patterns.MIN_DAYS,
        "red_flags": red_flags_over_time(data),
        "triage": [(t.at, level_info(t.level)["label"], [FLAG_LABELS.get(f, f) for f in t.red_flags])
                   for t in data.triage_results[-MAX_TRIAGE:]],
        "questions": QUESTIONS_TO_ASK,
        "notes": [(e.at, e.place, e.note) for e in data.entries if e.note][-MAX_NOTES:],
    }


def render_html(data: JournalData, made: datetime, paper: str = "A4") -> str:
    """The page; `paper` is "A4" or "letter" (the print size the PDF gets)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}, not {paper!r}")
    return TEMPLATES.get_template("summary.html").render(paper=paper, **context(data, made))


def render_pdf(data: JournalData, made: datetime, paper: str = "A4") -> bytes:
    from weasyprint import HTML  # imported when asked: it loads Pango

    return HTML(string=render_html(data, made, paper)).write_pdf()
