"""The journal as CSV: one row per entry, oldest first. The columns are described in
docs/journal.md; a spreadsheet opens it as it is (UTF-8 with a byte-order mark)."""
from __future__ import annotations

import csv
import io
from typing import Iterable

from journal.records import Entry

COLUMNS = ("date", "time", "utc_offset", "place", "duration_seconds", "times", "factors", "note")
# A cell that starts with one of these is a formula to a spreadsheet: quoted with ' first.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(entries: Iterable[Entry]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=lambda e: e.at):
        offset = e.at.strftime("%z")
        writer.writerow([
            e.at.date().isoformat(), e.at.strftime("%H:%M"), f"{offset[:3]}:{offset[3:]}", _cell(e.place),
            "" if e.duration_seconds is None else e.duration_seconds, "" if e.times is None else e.times,
            " ".join(e.factors), _cell(e.note or ""),
        ])
    return out.getvalue()
