"""Journal speed: logging an entry, the chart and the PDF, on a month of entries.

    .venv/bin/python -m tests.bench.journal

Figures only, printed; no test asserts on time (docs/journal.md has the latest).
In-process on SQLite in a temporary folder; the web page server adds its request
handling (a few ms) on top of the rendering measured here.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from journal import chart, export, summary
from journal.migrate import upgrade
from journal.records import FACTORS
from journal.store import Journal

RUNS = 20
PLACES = ["left calf", "right calf", "left eyelid", "thumb", "upper back"]


def timed(fn, runs=RUNS):
    """Median and worst wall time, and median CPU time of this process, in ms. On a
    shared machine the wall time includes waiting for a core; the CPU time does not."""
    fn()  # the first run loads fonts and caches
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def drawn_chart(data, today) -> bytes:
    """The chart drawn afresh: its PNG cache emptied first, as after a new entry."""
    chart._png.cache_clear()
    return chart.render_png(data.entries, data.checkins, today)


def first_chart_ms() -> float:
    """Wall ms for a new process to import the chart module and draw its first chart:
    what the first request after a start would wait for if the server had not imported
    it already (web/server.py imports it when it starts)."""
    code = ("import time; t = time.perf_counter(); from datetime import date; from journal import chart; "
            "chart.render_png([], [], date.today()); print((time.perf_counter() - t) * 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'journal.db'}"
        upgrade(url)
        journal = Journal.from_env(url)
        now = datetime.now(timezone.utc)
        factor_names = list(FACTORS)
        n = [0]

        def log():
            n[0] += 1
            i = n[0]
            journal.add_entry("bench", PLACES[i % len(PLACES)], now - timedelta(hours=7 * (i % 100)),
                              duration_seconds=30 + i % 600, factors=factor_names[: i % 4], note="after coffee")

        for _ in range(60):
            log()
        for day in range(0, 30, 3):
            journal.check_in("bench", day % 2 == 0, ["poor_sleep"], day=(now - timedelta(days=day)).date())
        journal.add_red_flag_answers("bench", {"weakness": False, "atrophy": None})
        journal.add_triage_result("bench", "routine", ["atrophy_not_sure"])

        today = now.date()
        data = journal.data("bench")
        rows = [
            ("add_entry (SQLite)", timed(log)),
            ("read a month (data)", timed(lambda: journal.data("bench"))),
            ("chart PNG, drawn", timed(lambda: drawn_chart(data, today))),
            ("chart PNG, kept", timed(lambda: chart.render_png(data.entries, data.checkins, today))),
            ("page HTML", timed(lambda: summary.render_html(data, now))),
            ("page PDF", timed(lambda: summary.render_pdf(data, now))),
            ("CSV", timed(lambda: export.to_csv(data.entries))),
        ]
        print(f"{len(data.entries)} entries, {len(data.checkins)} check-ins; {RUNS} runs each after one warm-up")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'what':24} {'median ms':>10} {'max ms':>8} {'CPU ms':>8}")
        for name, (median, worst, cpu) in rows:
            print(f"{name:24} {median:10.1f} {worst:8.1f} {cpu:8.1f}")
        firsts = [first_chart_ms() for _ in range(3)]
        print(f"first chart in a new process (import and draw), wall ms: median {statistics.median(firsts):.0f}")


if __name__ == "__main__":
    main()
