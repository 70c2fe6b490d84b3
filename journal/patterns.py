"""Patterns in a journal: counts per place and per day, since when each place, and the
factors that go with more twitching. Pure functions of the records.

A day's amount is how many entries it has; a check-in of "twitching today" with no entry
counts as one, a check-in of "no twitching" as none. A factor belongs to a day if any
entry or the check-in of that day names it. Days with no entry and no check-in are
unknown, not calm, and count for nothing.

A factor is named only with at least `MIN_DAYS` (3) days with it and 3 without (as
Bearable does), and only when its days have clearly more: on average at least half as
many entries again (`MIN_RATIO`) and at least half an entry more (`MIN_DIFFERENCE`). It
is worded as a hint ("more on days after caffeine"), never a cause: a few weeks of one
person's notes cannot show one.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Dict, FrozenSet, Iterable, List, Optional

from journal.records import FACTORS, CheckIn, Entry

MIN_DAYS = 3
MIN_RATIO = 1.5
MIN_DIFFERENCE = 0.5
# "more on days ..." for each factor.
HINT_WORDS: Dict[str, str] = {
    "exercise": "after exercise",
    "caffeine": "after caffeine",
    "alcohol": "after alcohol",
    "poor_sleep": "after poor sleep",
    "stress": "with stress",
    "not_drinking_enough": "when you drank less",
    "medicine_change": "after a medicine change",
}
assert set(HINT_WORDS) == set(FACTORS)


@dataclass(frozen=True)
class Day:
    day: date
    amount: int
    factors: FrozenSet[str]


@dataclass(frozen=True)
class Hint:
    """A factor whose days had more twitching, with the numbers behind it."""

    factor: str
    days_with: int
    days_without: int
    mean_with: float
    mean_without: float

    @property
    def text(self) -> str:
        """ "more on days after caffeine" """
        return f"more on days {HINT_WORDS[self.factor]}"


def days(entries: Iterable[Entry], checkins: Iterable[CheckIn] = ()) -> List[Day]:
    """One Day per day with an entry or a check-in, oldest first."""
    amount: Counter = Counter()
    factors: Dict[date, set] = defaultdict(set)
    for e in entries:
        amount[e.day] += 1
        factors[e.day].update(e.factors)
    for c in checkins:
        amount[c.day] = max(amount[c.day], 1 if c.twitching else 0)
        factors[c.day].update(c.factors)
    return [Day(d, amount[d], frozenset(factors[d])) for d in sorted(factors.keys() | amount.keys())]


def per_place(entries: Iterable[Entry]) -> Dict[str, int]:
    """Entries per place, the most first (ties by name)."""
    counts = Counter(e.place for e in entries)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def per_day(entries: Iterable[Entry]) -> Dict[date, int]:
    """Entries per day, oldest first; days without one are left out."""
    return dict(sorted(Counter(e.day for e in entries).items()))


def since(entries: Iterable[Entry]) -> Dict[str, date]:
    """The first day of each place, earliest first: for "your journal shows your left
    calf since 2 November" (the triage offers it to confirm)."""
    first: Dict[str, date] = {}
    for e in entries:
        if e.place not in first or e.day < first[e.place]:
            first[e.place] = e.day
    return dict(sorted(first.items(), key=lambda kv: (kv[1], kv[0])))


def compare(factor: str, history: Iterable[Day]) -> Optional[Hint]:
    """The numbers for one factor, or None without 3 days with it and 3 without."""
    with_ = [d.amount for d in history if factor in d.factors]
    without = [d.amount for d in history if factor not in d.factors]
    if len(with_) < MIN_DAYS or len(without) < MIN_DAYS:
        return None
    return Hint(factor, len(with_), len(without), sum(with_) / len(with_), sum(without) / len(without))


def named(hint: Optional[Hint]) -> bool:
    """Whether a factor's days clearly had more twitching."""
    return (hint is not None and hint.mean_with - hint.mean_without >= MIN_DIFFERENCE
            and hint.mean_with >= MIN_RATIO * hint.mean_without)


def hints(history: Iterable[Day]) -> List[Hint]:
    """The factors to name, the clearest first."""
    history = list(history)
    found = [h for h in (compare(f, history) for f in FACTORS) if named(h)]
    return sorted(found, key=lambda h: (-(h.mean_with - h.mean_without), h.factor))
