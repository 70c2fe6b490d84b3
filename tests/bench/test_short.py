"""The short `make bench` (BENCH_SHORT=1) end to end: the real servers (`make run` and
`make run-cluster`) and the starter bot under Locust, and a report that has every figure:
each start-up, a row for every bot, profile, load and round with its throughput, latency,
CPU and memory, and the soak with each process's memory. No figure is checked against a
time: only that every figure is there, is a number, and every message got a reply."""
import os
import re
import subprocess
import sys

import pytest

from tests.bench.run import LEVELS, PROFILES, ROLES, SHORT_ROUNDS, SOAK_USERS, SOAKED, STARTER
from tests.e2e.server import ROOT

NUMBER = r"\d+(?:\.\d+)?"
DURATION = re.compile(rf"^{NUMBER} (?:ms|s)$")


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


def figure(cell: str, unit: str = "") -> float:
    """The number in a cell ("12.5 ms", "3.1", "930 MB / 941 MB" gives each), or a failure."""
    assert re.fullmatch(rf"{NUMBER}{' ' + unit if unit else ''}", cell), (cell, unit)
    return float(cell.split()[0])


def spread(cell: str, unit: str = "") -> None:
    """A figure or a range of two ("0.41–0.47", "180 ms–1.2 s")."""
    for part in cell.split("–"):
        assert re.fullmatch(rf"{NUMBER}{' ' + unit if unit else ''}", part) or DURATION.match(part), cell


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not os.environ.get("TWITCH_MODEL"):
        pytest.fail("TWITCH_MODEL is not set: run this through `make test-bench`")
    out = tmp_path_factory.mktemp("bench") / "bench.md"
    subprocess.run([sys.executable, "-m", "tests.bench.run"], cwd=ROOT, check=True, timeout=3600,
                   env=dict(os.environ, BENCH_SHORT="1", BENCH_OUT=str(out)))
    return out.read_text()


def test_every_bot_has_its_start_up_time_and_the_load_then(report):
    startups = {row[0]: row[1:] for row in table_rows(report, "| bot | ready after")}
    assert set(startups) == {p.name for p in PROFILES} | {STARTER.name}
    for ready, load in startups.values():
        assert figure(ready, "s") > 0
        figure(load)


def test_each_profile_beside_the_starter_bot_at_every_load(report):
    summary = table_rows(report, "| users | starter msg/s")
    assert [int(row[0]) for row in summary] == [n for _ in PROFILES for n in LEVELS]
    for users, starter_rate, rate, ratio, starter_p95, p95, load in summary:
        spread(starter_rate), spread(rate), spread(ratio), spread(load)
        spread(starter_p95), spread(p95)
    for profile in PROFILES:
        assert f"### `{profile.name}` beside the starter bot" in report


def test_every_period_has_throughput_latency_cpu_and_memory_per_process(report):
    periods = table_rows(report, "| users | round | bot")
    # Each profile's table: its period at each load and round, beside the starter bot's.
    expected = [(n, r, bot) for p in PROFILES for n in LEVELS for r in range(1, SHORT_ROUNDS + 1)
                for bot in (p.name, STARTER.name)]
    assert [(int(r[0]), int(r[1]), r[2]) for r in periods] == expected
    instances = {p.name: (2 if p is SOAKED else 1) for p in PROFILES}
    for users, _, bot, per_s, ratio, p50, p95, messages, failed, load, *per_role in periods:
        assert int(messages) > 0 and int(failed) == 0, (users, bot)
        assert figure(per_s) > 0
        figure(load)
        assert DURATION.match(p50) and DURATION.match(p95), (p50, p95)
        if bot == STARTER.name:
            assert ratio == ""
        else:
            assert figure(ratio) > 0
        rasa_cpu, rasa_rss = per_role[ROLES.index("Rasa server") * 2:][:2]
        actions_cpu, actions_rss = per_role[ROLES.index("action server") * 2:][:2]
        assert figure(rasa_cpu, "ms") > 0, (users, bot)
        # One RSS per instance: the cluster's two Rasa servers and two action servers.
        count = instances.get(bot, 1)
        assert [figure(mb, "MB") > 0 for mb in rasa_rss.split(" / ")] == [True] * count, (bot, rasa_rss)
        if bot == STARTER.name:  # it has no action server
            assert (actions_cpu, actions_rss) == ("–", "–")
        else:
            figure(actions_cpu, "ms")
            assert [figure(mb, "MB") > 0 for mb in actions_rss.split(" / ")] == [True] * count, (bot, actions_rss)


def test_the_soak_counts_errors_and_follows_each_process_memory(report):
    heading = f"### Soak: `{SOAKED.name}`, {SOAK_USERS} users for"
    assert heading in report
    summary = report.split(heading, 1)[1].split("\n\n")[1]
    found = re.match(rf"({NUMBER}) messages, ({NUMBER}) msg/s, .* (\d+) failed; load average ({NUMBER}) to "
                     rf"({NUMBER}); processes that died or were replaced: (.*)\.$", summary)
    assert found, summary
    assert int(found[1]) > 0 and int(found[3]) == 0 and found[6] == "none", summary
    rows = table_rows(report, "| process | start | highest | end | growth")
    names = [row[0] for row in rows]
    assert [re.sub(r" \(pid \d+\)$", "", n) for n in names] == \
        ["Rasa server 1", "Rasa server 2", "action server 1", "action server 2"], names
    for _, start, highest, end, growth in rows:
        low, high, last = figure(start, "MB"), figure(highest, "MB"), figure(end, "MB")
        assert low > 0 and high >= max(low, last)
        assert re.fullmatch(rf"[+-]{NUMBER} %", growth), growth
