"""The short `make bench` (BENCH_SHORT=1) end to end: the real servers and the starter bot
under Locust, and a report with a row for every bot, profile, load and round. No figure
is checked against a time: only that every row is there and every message got a reply."""
import os
import subprocess
import sys

import pytest

from tests.bench.run import LEVELS, PROFILES, ROLES, SHORT_ROUNDS, STARTER
from tests.e2e.server import ROOT


def table_rows(text: str, header: str):
    """The rows of the markdown tables whose header starts with `header`, as cell lists."""
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith(header):
            inside = True
        elif inside and line.startswith("|"):
            if not line.startswith("| ---"):
                rows.append([cell.strip() for cell in line.strip("|").split("|")])
        else:
            inside = False
    return rows


def test_short_bench_reports_every_row(tmp_path):
    model = os.environ.get("TWITCH_MODEL")
    if not model:
        pytest.fail("TWITCH_MODEL is not set: run this through `make test-bench`")
    out = tmp_path / "bench.md"
    subprocess.run([sys.executable, "-m", "tests.bench.run"], cwd=ROOT, check=True, timeout=1800,
                   env=dict(os.environ, BENCH_SHORT="1", BENCH_OUT=str(out)))
    text = out.read_text()

    startups = {row[0] for row in table_rows(text, "| bot | ready after")}
    assert startups == {p.name for p in PROFILES} | {STARTER.name}

    summary = table_rows(text, "| users | starter msg/s")
    assert [int(row[0]) for row in summary] == [n for _ in PROFILES for n in LEVELS]
    assert all(cell for row in summary for cell in row)

    periods = table_rows(text, "| users | round | bot")
    # Each profile's table: its period at each load and round, beside the starter bot's.
    expected = [(n, r, bot) for p in PROFILES for n in LEVELS for r in range(1, SHORT_ROUNDS + 1)
                for bot in (p.name, STARTER.name)]
    assert [(int(r[0]), int(r[1]), r[2]) for r in periods] == expected
    for users, _, bot, per_s, ratio, p50, p95, messages, failed, *per_role in periods:
        assert int(messages) > 0 and int(failed) == 0, (users, bot)
        assert bool(ratio) == (bot != STARTER.name)
        rasa_cpu, rasa_rss = per_role[ROLES.index("Rasa server") * 2:][:2]
        assert rasa_cpu.endswith(" ms") and rasa_rss.endswith(" MB"), (users, bot)
        actions = per_role[ROLES.index("action server") * 2:][:2]
        assert (actions == ["–", "–"]) == (bot == STARTER.name), (users, bot)
