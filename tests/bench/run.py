"""`make bench`: the assistant beside Rasa's own `rasa init` starter bot, in one run.

Every bot is started once, then loaded in turn by Locust (tests/bench/locustfile.py), a
closed loop of 1, 10 and 50 users, each profile of the assistant and then the starter
bot, round after round, so that both see the same machine. Only a ratio taken within one
run means much on a shared machine. Writes build/bench.md; a full run also refreshes the
figures in docs/performance.md. BENCH_SHORT=1 is a run of a few seconds a level, for CI.

Figures only; nothing asserts on time. Bounded: each period is fixed in time, loopback only.
"""
from __future__ import annotations

import csv
import datetime
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Protocol

import psutil

from tests.bench.starter import LOGS, StarterBot
from tests.e2e.server import BIN, ROOT, Servers

SHORT = os.environ.get("BENCH_SHORT") == "1"
LEVELS = (1, 10, 50)
SHORT_ROUNDS = 1
ROUNDS = SHORT_ROUNDS if SHORT else 2
PERIOD_S = 3 if SHORT else 30
WARM_UP_S = 2 if SHORT else 5
REPORT = Path(os.environ.get("BENCH_OUT", ROOT / "build" / "bench.md"))
DOCS = ROOT / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench:start -->", "<!-- bench:end -->"
# The server processes reported, in this order; a profile names those it has.
ROLES = ("Rasa server", "action server")


class Bot(Protocol):
    url: str

    def processes(self) -> Dict[str, List[int]]: ...  # role -> process ids, one per instance

    def stop(self) -> None: ...


class MakeRun:
    """The servers as `make run` starts them (scripts/serve.sh), SQLite tracker store."""

    def __init__(self) -> None:
        self.servers = Servers(os.environ["TWITCH_MODEL"]).start()
        self.url = self.servers.url

    def processes(self) -> Dict[str, List[int]]:
        pids = self.servers.pids()
        return {"Rasa server": [pids["rasa"]], "action server": [pids["actions"]]}

    def stop(self) -> None:
        self.servers.stop()


@dataclass
class Profile:
    name: str
    start: Callable[[], Bot]
    user_class: str = "Assistant"


# A profile is a name and a function that starts it and returns once it is ready.
PROFILES = [Profile("make run", MakeRun)]
STARTER = Profile("starter bot", lambda: StarterBot().start(), "Starter")


@dataclass
class Period:
    """One bot under one load for one period."""
    bot: str
    users: int
    round: int
    messages: int
    failures: int
    per_s: float
    p50_ms: float
    p95_ms: float
    cpu_ms: Dict[str, float] = field(default_factory=dict)  # role -> CPU ms per message, all instances
    rss_mb: Dict[str, List[float]] = field(default_factory=dict)  # role -> RSS of each instance


def tree(pid: int) -> List[psutil.Process]:
    """A server process and its children (Sanic's workers, if it runs several)."""
    proc = psutil.Process(pid)
    return [proc, *proc.children(recursive=True)]


def cpu_s(pids: List[int]) -> float:
    return sum(sum(p.cpu_times()[:2]) for pid in pids for p in tree(pid))


def rss_mb(pid: int) -> float:
    return sum(p.memory_info().rss for p in tree(pid)) / 2**20


def locust(url: str, user_class: str, users: int, seconds: int, name: str) -> Dict[str, str]:
    """Runs Locust headless for a period and returns its aggregated statistics."""
    prefix = LOGS / name
    with open(LOGS / f"{name}.log", "w") as log:
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "tests" / "bench" / "locustfile.py"), user_class,
             "--headless", "--host", url, "--users", str(users), "--spawn-rate", str(users),
             "--run-time", f"{seconds}s", "--stop-timeout", "60", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 120)
    with open(f"{prefix}_stats.csv") as f:
        return next(row for row in csv.DictReader(f) if row["Name"] == "Aggregated")


def measure(name: str, bot: Bot, user_class: str, users: int, round_: int) -> Period:
    procs = bot.processes()
    before = {role: cpu_s(pids) for role, pids in procs.items()}
    slug = re.sub(r"\W+", "-", name).strip("-")
    stats = locust(bot.url, user_class, users, PERIOD_S, f"{slug}-{users}-{round_}")
    messages = int(stats["Request Count"])
    period = Period(name, users, round_, messages, int(stats["Failure Count"]), float(stats["Requests/s"]),
                    float(stats["50%"]), float(stats["95%"]))
    for role, pids in procs.items():
        period.cpu_ms[role] = (cpu_s(pids) - before[role]) / max(messages, 1) * 1000
        period.rss_mb[role] = [rss_mb(pid) for pid in pids]
    print(f"  {name}, {users} users: {period.per_s:.1f} msg/s, p95 {period.p95_ms:.0f} ms", flush=True)
    return period


def ms(value: float) -> str:
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"


def spread(values: List[float], fmt: Callable[[float], str]) -> str:
    low, high = min(values), max(values)
    return fmt(low) if fmt(low) == fmt(high) else f"{fmt(low)}–{fmt(high)}"


def report(startups: Dict[str, float], periods: List[Period], started: datetime.datetime) -> str:
    starter = {(p.users, p.round): p for p in periods if p.bot == STARTER.name}
    cores, load = os.cpu_count(), os.getloadavg()[0]
    lines = [
        f"Run {started:%Y-%m-%d %H:%M} UTC, {'short' if SHORT else 'full'} mode: {PERIOD_S} s a period, "
        f"{ROUNDS} round(s) a level, {cores} cores, load average {load:.1f} at the end. "
        "The machine is shared, so absolute figures move from run to run; only a ratio taken "
        "within one run is comparable.",
        "",
        "Start-up, from launch to ready to answer (with a trained model):",
        "",
        "| bot | ready after |", "| --- | ---: |",
        *(f"| {name} | {seconds:.1f} s |" for name, seconds in startups.items()),
    ]
    for profile in PROFILES:
        mine = [p for p in periods if p.bot == profile.name]
        lines += [
            "", f"### `{profile.name}` beside the starter bot", "",
            "| users | starter msg/s | assistant msg/s | ratio | starter p95 | assistant p95 |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for users in LEVELS:
            a = [p for p in mine if p.users == users]
            s = [starter[(p.users, p.round)] for p in a]
            ratios = [p.per_s / max(starter[(p.users, p.round)].per_s, 1e-9) for p in a]
            lines.append(
                f"| {users} | {spread([p.per_s for p in s], '{:.1f}'.format)} "
                f"| {spread([p.per_s for p in a], '{:.1f}'.format)} | {spread(ratios, '{:.2f}'.format)} "
                f"| {spread([p.p95_ms for p in s], ms)} | {spread([p.p95_ms for p in a], ms)} |")
        lines += [
            "", "Each period in the order run (CPU: user and system CPU time of the process over the "
            "period, divided by the messages answered; RSS at the end of the period, of each instance):", "",
            "| users | round | bot | msg/s | assistant/starter | p50 | p95 | messages | failed | "
            + " | ".join(f"{role} CPU/msg | {role} RSS" for role in ROLES) + " |",
            "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | " + " | ".join("---: | ---:" for _ in ROLES) + " |",
        ]
        for a in mine:
            s = starter[(a.users, a.round)]
            for p in (a, s):
                ratio = f"{a.per_s / max(s.per_s, 1e-9):.2f}" if p is a else ""
                roles = " | ".join(
                    f"{p.cpu_ms[r]:.1f} ms | {' / '.join(f'{mb:.0f} MB' for mb in p.rss_mb[r])}"
                    if r in p.cpu_ms else "– | –" for r in ROLES)
                lines.append(f"| {p.users} | {p.round} | {p.bot} | {p.per_s:.1f} | {ratio} | {ms(p.p50_ms)} "
                             f"| {ms(p.p95_ms)} | {p.messages} | {p.failures} | {roles} |")
    return "\n".join(lines) + "\n"


def refresh_docs(table: str) -> None:
    text = DOCS.read_text()
    start, end = text.index(DOCS_START) + len(DOCS_START), text.index(DOCS_END)
    DOCS.write_text(text[:start] + "\n" + table + text[end:])


def main() -> None:
    started = datetime.datetime.now(datetime.timezone.utc)
    LOGS.mkdir(parents=True, exist_ok=True)
    bots: Dict[str, Bot] = {}
    startups: Dict[str, float] = {}
    periods: List[Period] = []
    try:
        for profile in [*PROFILES, STARTER]:
            print(f"Starting {profile.name}", flush=True)
            t0 = time.perf_counter()
            bots[profile.name] = profile.start()
            startups[profile.name] = time.perf_counter() - t0
            locust(bots[profile.name].url, profile.user_class, 1, WARM_UP_S, "warm-up")
        for users in LEVELS:
            for round_ in range(1, ROUNDS + 1):
                for profile in [*PROFILES, STARTER]:
                    periods.append(measure(profile.name, bots[profile.name], profile.user_class, users, round_))
    finally:
        for bot in bots.values():
            bot.stop()
    table = report(startups, periods, started)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("# `make bench`: the assistant beside Rasa's starter bot\n\n" + table)
    print(table)
    if not SHORT and "BENCH_OUT" not in os.environ:
        refresh_docs(table)
        print(f"Refreshed {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
