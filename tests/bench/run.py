"""`make bench`: the assistant beside Rasa's own `rasa init` starter bot, in one run.

Every bot is started once (the time from launching its servers to ready is its start-up
figure), then loaded in turn by Locust (tests/bench/locustfile.py), a closed loop of 1,
10 and 50 users, each profile of the assistant and then the starter bot, round after
round, so that all see the same machine. Only a ratio taken within one run means much on
a shared machine. Then the soak: the cluster profile at 20 users for 10 minutes, its
errors counted and each process's memory followed. Writes build/bench.md; a full run
also refreshes the figures in docs/performance.md. BENCH_SHORT=1 is a run of a few
seconds a level, for CI; `--soak` (`make soak`) starts the cluster and soaks it only.

Figures only; nothing asserts on time. Bounded: each period is fixed in time, loopback only.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Protocol, Tuple

import psutil

from deploy.cluster import wait
from tests.bench.starter import LOGS, StarterBot, build
from tests.cluster.harness import Cluster, PrivatePostgres, PrivateRedis
from tests.e2e.server import BIN, ROOT, Servers

SHORT = os.environ.get("BENCH_SHORT") == "1"
LEVELS = (1, 10, 50)
SHORT_ROUNDS = 1
ROUNDS = SHORT_ROUNDS if SHORT else 2
PERIOD_S = 3 if SHORT else 30
WARM_UP_S = 2 if SHORT else 5
SOAK_USERS = 20
SOAK_S = 10 if SHORT else 600
SOAK_SAMPLE_S = 2 if SHORT else 60
REPORT = Path(os.environ.get("BENCH_OUT", ROOT / "build" / "bench.md"))
DOCS = ROOT / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench:start -->", "<!-- bench:end -->"
# The server processes reported, in this order; a profile names those it has.
ROLES = ("Rasa server", "action server")


class Bot(Protocol):
    url: str
    ready_s: float  # from launching its servers to ready to answer


    def processes(self) -> Dict[str, List[int]]: ...  # role -> process ids, one per instance

    def stop(self) -> None: ...


class MakeRun:
    """The servers as `make run` starts them (scripts/serve.sh), SQLite tracker store."""

    def __init__(self) -> None:
        self.servers = Servers(os.environ["TWITCH_MODEL"])
        t0 = time.perf_counter()
        try:
            self.servers.start()
        except BaseException:  # an interrupted start too: serve.sh runs in a session of its own
            self.servers.stop()
            raise
        self.ready_s = time.perf_counter() - t0
        self.url = self.servers.url

    def processes(self) -> Dict[str, List[int]]:
        pids = self.servers.pids()
        return {"Rasa server": [pids["rasa"]], "action server": [pids["actions"]]}

    def stop(self) -> None:
        self.servers.stop()


class MakeRunCluster:
    """`make run-cluster` (deploy/cluster.py): nginx in front of two instances, each a Rasa
    server and its action server, conversations in PostgreSQL, locks and shared state in
    Redis; a PostgreSQL and a Redis of its own (tests/cluster/harness.py), made before the
    clock starts, so that the figures are the cluster's alone and no one's data is touched."""

    def __init__(self) -> None:
        self.pg = PrivatePostgres().init()
        self.redis = PrivateRedis().start()
        self.cluster = Cluster(os.environ["TWITCH_MODEL"], self.pg, self.redis)
        t0 = time.perf_counter()
        try:
            self.cluster.start()
        except BaseException:
            self.stop()
            raise
        self.ready_s = time.perf_counter() - t0
        self.url = self.cluster.url

    def processes(self) -> Dict[str, List[int]]:
        c = self.cluster
        return {"Rasa server": [c.pid(i) for i in range(c.instances)],
                "action server": [c.pid(i, "actions") for i in range(c.instances)]}

    def stop(self) -> None:
        self.cluster.stop()
        self.redis.stop()
        self.pg.stop()


def starter_bot() -> StarterBot:
    build()  # once; not part of its start-up
    t0 = time.perf_counter()
    bot = StarterBot().start()
    bot.ready_s = time.perf_counter() - t0
    return bot


@dataclass
class Profile:
    name: str
    start: Callable[[], Bot]
    user_class: str = "Assistant"


# A profile is a name and a function that starts it and returns once it is ready.
PROFILES = [Profile("make run", MakeRun), Profile("make run-cluster", MakeRunCluster)]
STARTER = Profile("starter bot", starter_bot, "Starter")
# The production profile is the one soaked.
SOAKED = next(p for p in PROFILES if p.name == "make run-cluster")


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
    load: float  # the 1-minute load average at the end of the period
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


@dataclass
class Stats:
    """A Locust run's figures (tests/bench/locustfile.py writes them)."""
    messages: int
    failures: int
    per_s: float
    p50_ms: float
    p95_ms: float
    errors: Dict[str, int] = field(default_factory=dict)  # "METHOD error" -> how many


def locust(url: str, user_class: str, users: int, seconds: int, name: str,
           during: Optional[Callable[[], None]] = None) -> Stats:
    """Runs Locust headless for a period and returns its figures; `during` is called
    every SOAK_SAMPLE_S while it runs."""
    # A short run (`make test-bench`) can run beside a full one.
    prefix = LOGS / f"{'short-' if SHORT else ''}{name}"
    with open(f"{prefix}.log", "w") as log:
        proc = subprocess.Popen(
            [str(BIN / "locust"), "-f", str(ROOT / "tests" / "bench" / "locustfile.py"), user_class,
             "--headless", "--host", url, "--users", str(users), "--spawn-rate", str(users),
             "--run-time", f"{seconds}s", "--stop-timeout", "60", "--summary-file", f"{prefix}.json",
             "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + seconds + 120
        try:
            while proc.poll() is None and time.monotonic() < deadline:
                time.sleep(SOAK_SAMPLE_S if during else 0.5)
                if during and proc.poll() is None:
                    during()
        finally:
            wait(proc, max(deadline - time.monotonic(), 1))
    return Stats(**json.loads(Path(f"{prefix}.json").read_text()))


def measure(name: str, bot: Bot, user_class: str, users: int, round_: int) -> Period:
    procs = bot.processes()
    before = {role: cpu_s(pids) for role, pids in procs.items()}
    slug = re.sub(r"\W+", "-", name).strip("-")
    stats = locust(bot.url, user_class, users, PERIOD_S, f"{slug}-{users}-{round_}")
    messages = stats.messages
    period = Period(name, users, round_, messages, stats.failures, stats.per_s, stats.p50_ms, stats.p95_ms,
                    os.getloadavg()[0])
    for role, pids in procs.items():
        period.cpu_ms[role] = (cpu_s(pids) - before[role]) / max(messages, 1) * 1000
        period.rss_mb[role] = [rss_mb(pid) for pid in pids]
    print(f"  {name}, {users} users: {period.per_s:.1f} msg/s, p95 {period.p95_ms:.0f} ms, "
          f"load {period.load:.1f}", flush=True)
    return period


def ms(value: float) -> str:
    return f"{value / 1000:.1f} s" if value >= 1000 else f"{value:.0f} ms"


def spread(values: List[float], fmt: Callable[[float], str]) -> str:
    low, high = min(values), max(values)
    return fmt(low) if fmt(low) == fmt(high) else f"{fmt(low)}–{fmt(high)}"


@dataclass
class Soak:
    """One long period at SOAK_USERS users, with each server process's memory followed."""
    bot: str
    stats: Stats = field(default_factory=lambda: Stats(0, 0, 0.0, 0.0, 0.0))
    loads: List[float] = field(default_factory=list)
    rss_mb: Dict[str, List[float]] = field(default_factory=dict)  # "role i (pid)" -> samples
    gone: List[str] = field(default_factory=list)  # processes that died or were replaced


def soak(profile: Profile, bot: Bot) -> Soak:
    procs = bot.processes()
    named = {f"{role} {i + 1} (pid {pid})": pid for role, pids in procs.items() for i, pid in enumerate(pids)}
    result = Soak(profile.name)

    def sample() -> None:
        result.loads.append(os.getloadavg()[0])
        for name, pid in named.items():
            try:
                result.rss_mb.setdefault(name, []).append(rss_mb(pid))
            except psutil.NoSuchProcess:
                if name not in result.gone:
                    result.gone.append(name)

    print(f"Soak: {profile.name}, {SOAK_USERS} users, {SOAK_S} s", flush=True)
    sample()
    result.stats = locust(bot.url, profile.user_class, SOAK_USERS, SOAK_S, "soak", during=sample)
    sample()
    # An instance that died and was started again has a new process: not the same server.
    now = bot.processes()
    result.gone += [name for name, pid in named.items()
                    if name not in result.gone and pid not in {p for pids in now.values() for p in pids}]
    return result


def soak_report(s: Soak) -> List[str]:
    st = s.stats
    lines = [
        f"### Soak: `{s.bot}`, {SOAK_USERS} users for {SOAK_S} s", "",
        f"{st.messages} messages, {st.per_s:.1f} msg/s, p50 {ms(st.p50_ms)}, "
        f"p95 {ms(st.p95_ms)}; {st.failures} failed; load average {min(s.loads):.1f} to "
        f"{max(s.loads):.1f}; processes that died or were replaced: {', '.join(s.gone) or 'none'}.", "",
    ]
    lines += [f"- {count} x {error}" for error, count in st.errors.items()]
    lines += [
        *([""] if st.errors else []),
        "RSS of each server process (with its children), at the start, highest, and at the end "
        f"(sampled every {SOAK_SAMPLE_S} s):", "",
        "| process | start | highest | end | growth |", "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, mb in s.rss_mb.items():
        lines.append(f"| {name} | {mb[0]:.0f} MB | {max(mb):.0f} MB | {mb[-1]:.0f} MB "
                     f"| {(mb[-1] - mb[0]) / mb[0] * 100:+.1f} % |")
    return lines


def report(startups: Dict[str, Tuple[float, float]], periods: List[Period], soaked: Optional[Soak],
           started: datetime.datetime) -> str:
    starter = {(p.users, p.round): p for p in periods if p.bot == STARTER.name}
    cores, load = os.cpu_count(), os.getloadavg()[0]
    lines = [
        f"Run {started:%Y-%m-%d %H:%M} UTC, {'short' if SHORT else 'full'} mode: {PERIOD_S} s a period, "
        f"{ROUNDS} round(s) a level, {cores} cores, load average {load:.1f} at the end. "
        "The machine is shared, so absolute figures move from run to run; only a ratio taken "
        "within one run is comparable. \"load\" is the 1-minute load average at the end of a period.",
        "",
        "Start-up, from launching the servers to ready to answer (a trained model; the "
        "cluster's own PostgreSQL and Redis already up):",
        "",
        "| bot | ready after | load average then |", "| --- | ---: | ---: |",
        *(f"| {name} | {seconds:.1f} s | {at:.1f} |" for name, (seconds, at) in startups.items()),
    ]
    for profile in PROFILES:
        mine = [p for p in periods if p.bot == profile.name]
        if not mine:
            continue
        lines += [
            "", f"### `{profile.name}` beside the starter bot", "",
            "| users | starter msg/s | assistant msg/s | ratio | starter p95 | assistant p95 | load |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for users in LEVELS:
            a = [p for p in mine if p.users == users]
            s = [starter[(p.users, p.round)] for p in a]
            ratios = [p.per_s / max(starter[(p.users, p.round)].per_s, 1e-9) for p in a]
            lines.append(
                f"| {users} | {spread([p.per_s for p in s], '{:.1f}'.format)} "
                f"| {spread([p.per_s for p in a], '{:.1f}'.format)} | {spread(ratios, '{:.2f}'.format)} "
                f"| {spread([p.p95_ms for p in s], ms)} | {spread([p.p95_ms for p in a], ms)} "
                f"| {spread([p.load for p in a + s], '{:.1f}'.format)} |")
        lines += [
            "", "Each period in the order run (CPU: user and system CPU time of the process over the "
            "period, divided by the messages answered, all instances together; RSS at the end of the "
            "period, of each instance):", "",
            "| users | round | bot | msg/s | assistant/starter | p50 | p95 | messages | failed | load | "
            + " | ".join(f"{role} CPU/msg | {role} RSS" for role in ROLES) + " |",
            "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
            + " | ".join("---: | ---:" for _ in ROLES) + " |",
        ]
        for a in mine:
            s = starter[(a.users, a.round)]
            for p in (a, s):
                ratio = f"{a.per_s / max(s.per_s, 1e-9):.2f}" if p is a else ""
                roles = " | ".join(
                    f"{p.cpu_ms[r]:.1f} ms | {' / '.join(f'{mb:.0f} MB' for mb in p.rss_mb[r])}"
                    if r in p.cpu_ms else "– | –" for r in ROLES)
                lines.append(f"| {p.users} | {p.round} | {p.bot} | {p.per_s:.1f} | {ratio} | {ms(p.p50_ms)} "
                             f"| {ms(p.p95_ms)} | {p.messages} | {p.failures} | {p.load:.1f} | {roles} |")
    if soaked:
        lines += ["", *soak_report(soaked)]
    return "\n".join(lines) + "\n"


def refresh_docs(table: str) -> None:
    text = DOCS.read_text()
    start, end = text.index(DOCS_START) + len(DOCS_START), text.index(DOCS_END)
    DOCS.write_text(text[:start] + "\n" + table + text[end:])


def main() -> None:
    soak_only = "--soak" in sys.argv[1:]
    started = datetime.datetime.now(datetime.timezone.utc)
    LOGS.mkdir(parents=True, exist_ok=True)
    profiles = [SOAKED] if soak_only else [*PROFILES, STARTER]
    bots: Dict[str, Bot] = {}
    startups: Dict[str, Tuple[float, float]] = {}
    periods: List[Period] = []
    soaked: Optional[Soak] = None
    try:
        for profile in profiles:
            print(f"Starting {profile.name}", flush=True)
            bots[profile.name] = profile.start()
            startups[profile.name] = (bots[profile.name].ready_s, os.getloadavg()[0])
            print(f"  ready after {bots[profile.name].ready_s:.1f} s", flush=True)
            locust(bots[profile.name].url, profile.user_class, 1, WARM_UP_S, "warm-up")
        for users in [] if soak_only else LEVELS:
            for round_ in range(1, ROUNDS + 1):
                for profile in profiles:
                    periods.append(measure(profile.name, bots[profile.name], profile.user_class, users, round_))
        # The soak has the machine to itself.
        for name in [name for name in bots if name != SOAKED.name]:
            bots.pop(name).stop()
        soaked = soak(SOAKED, bots[SOAKED.name])
    finally:
        for bot in bots.values():
            bot.stop()
    table = report(startups, periods, soaked, started)
    out = REPORT.with_name("soak.md") if soak_only and "BENCH_OUT" not in os.environ else REPORT
    out.parent.mkdir(parents=True, exist_ok=True)
    title = "`make soak`: the cluster under a steady load" if soak_only else \
        "`make bench`: the assistant beside Rasa's starter bot"
    out.write_text(f"# {title}\n\n" + table)
    print(table)
    if not SHORT and not soak_only and "BENCH_OUT" not in os.environ:
        refresh_docs(table)
        print(f"Refreshed {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
