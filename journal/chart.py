"""The chart of the last 30 days as a PNG: one row per place, a dot on each day with
entries there (bigger for more), and below a line a row per factor with a mark on each
day it was noted. Drawn by matplotlib without a display (Agg).

Sized for a phone: 4 x (1.2 + 0.32 per row) inches at 200 dpi, i.e. 800 pixels wide,
sharp when shown 400 CSS pixels wide on a 2x screen, with 9-point text. (150 dpi draws
about a fifth faster and still reads well, but is no longer sharp on a 2x screen;
tests/browser/test_journal_pages.py holds the chart to 2 image pixels a CSS pixel.)

A PNG is kept for what it draws (the places, days and factors in the window, not the
notes): opening a chart again, or Slack and Telegram fetching the one just shown, costs
no drawing until the journal changes or the day does.
"""
from __future__ import annotations

import io
from collections import Counter
from itertools import groupby
from datetime import date, timedelta
from functools import lru_cache
from typing import List, NamedTuple, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")
from matplotlib import dates as mdates  # noqa: E402 - the backend is chosen first
from matplotlib.figure import Figure  # noqa: E402

from journal.patterns import per_place  # noqa: E402
from journal.records import FACTORS, CheckIn, Entry  # noqa: E402

DAYS = 30
MAX_PLACES = 6
WIDTH_IN, DPI = 4.0, 200
CACHED_PNGS = 32
PLACE_COLOUR, FACTOR_COLOUR, CALM_COLOUR = "#1f5fa8", "#b35900", "#6b8e23"
NO_TWITCHING = "no twitching"


def window(today: date, days: int = DAYS) -> List[date]:
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


class Mark(NamedTuple):
    """What the chart draws of an entry (and part of the cache's key)."""

    place: str
    day: date
    factors: Tuple[str, ...]


class DayMark(NamedTuple):
    """What the chart draws of a check-in."""

    day: date
    twitching: bool
    factors: Tuple[str, ...]


def render_png(entries: Sequence[Entry], checkins: Sequence[CheckIn], today: date, days: int = DAYS) -> bytes:
    """The PNG of the `days` days up to `today` (the user's day)."""
    first = window(today, days)[0]
    return _png(tuple(sorted(Mark(e.place, e.day, e.factors) for e in entries if first <= e.day <= today)),
                tuple(sorted(DayMark(c.day, c.twitching, c.factors) for c in checkins if first <= c.day <= today)),
                today, days)


@lru_cache(maxsize=CACHED_PNGS)
def _png(entries: Tuple[Mark, ...], checkins: Tuple[DayMark, ...], today: date, days: int) -> bytes:
    span = window(today, days)
    first = span[0]

    # Places with the most entries on top; the rest share a row.
    places = list(per_place(entries))
    shown = places[:MAX_PLACES] if len(places) <= MAX_PLACES else places[:MAX_PLACES - 1]
    other = "other places" if len(places) > len(shown) else None

    def row_of(place: str) -> str:
        return place if place in shown else other

    place_rows = shown + ([other] if other else [])
    calm_days = sorted({c.day for c in checkins if not c.twitching} - {e.day for e in entries})
    if calm_days:
        place_rows.append(NO_TWITCHING)
    factor_days = {f: sorted({e.day for e in entries if f in e.factors} | {c.day for c in checkins if f in c.factors})
                   for f in FACTORS}
    factor_rows = [f for f in FACTORS if factor_days[f]]

    labels = place_rows + [FACTORS[f] for f in factor_rows]
    rows = max(len(labels), 1)
    fig = Figure(figsize=(WIDTH_IN, 1.2 + 0.32 * rows), dpi=DPI)
    ax = fig.add_subplot()
    y = {label: rows - 1 - i for i, label in enumerate(labels)}

    # Lines with markers only, one per row and size: far cheaper to draw than scatter.
    counts = Counter((row_of(e.place), e.day) for e in entries)
    for (row, n), group in groupby(sorted(counts.items(), key=lambda kv: (kv[0][0], min(kv[1], 6))),
                                   key=lambda kv: (kv[0][0], min(kv[1], 6))):
        days_ = [day for (_, day), _ in group]
        ax.plot(days_, [y[row]] * len(days_), "o", markersize=3.6 + 0.9 * n, color=PLACE_COLOUR, zorder=3)
    if calm_days:
        ax.plot(calm_days, [y[NO_TWITCHING]] * len(calm_days), "o", markersize=4, markerfacecolor="none",
                markeredgecolor=CALM_COLOUR, zorder=3)
    for f in factor_rows:
        ax.plot(factor_days[f], [y[FACTORS[f]]] * len(factor_days[f]), "^", markersize=4.4,
                color=FACTOR_COLOUR, zorder=3)
    if factor_rows:
        ax.axhline(len(factor_rows) - 0.5, color="#888888", linewidth=0.6)
    if not labels:
        ax.text(0.5, 0.5, "Nothing logged in these 30 days", transform=ax.transAxes, ha="center",
                va="center", fontsize=9)

    ax.set_yticks([y[label] for label in labels])
    ax.set_yticklabels(labels, fontsize=9)
    for tick, label in zip(ax.get_yticklabels(), labels):
        tick.set_color(FACTOR_COLOUR if label in {FACTORS[f] for f in factor_rows} else "#222222")
    ax.set_ylim(-0.6, rows - 0.4)
    ax.set_xlim(first - timedelta(days=0.7), today + timedelta(days=0.7))
    ax.set_xticks(span[::7])  # a week apart, from the first day: never two labels close
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#e4e4e4", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"Your twitch journal, {first:%-d %b} to {today:%-d %b}", fontsize=10, loc="left")
    # Margins from the longest label, not tight_layout, which draws the figure once more.
    left = min(0.5, 0.05 + 0.017 * max((len(label) for label in labels), default=0))
    height = 1.2 + 0.32 * rows
    fig.subplots_adjust(left=left, right=0.97, top=1 - 0.42 / height, bottom=0.4 / height)
    out = io.BytesIO()
    fig.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()
