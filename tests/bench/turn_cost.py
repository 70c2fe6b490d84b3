"""CPU cost of one conversation turn, A against B in one run (docs/performance.md).

    python -m tests.bench.turn_cost NAME=ROOT[:ENV=VALUE,...] NAME=ROOT ... [NAME=starter]

Each ROOT is a checkout of this project with its own servers (scripts/serve.sh, as
`make run`); ENV values go to that variant's processes (e.g. PYTHONPATH for another
library version). ROOT `starter` is Rasa's starter bot (tests/bench/starter.py) with its
own conversations. All variants run at once and take turns under the same closed-loop
Locust load as `make bench` (USERS users for SECONDS seconds), ROUNDS times, so the
machine's noise falls on each alike. It prints the Rasa and action servers' CPU
milliseconds per user message (from /proc), the variants' ratio, and Locust's messages
per second and p95.
Figures only; bounded: fixed periods, loopback only.
"""
from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from typing import Dict, List, Tuple

from tests.bench.run import cpu_s, locust
from tests.bench.starter import LOGS, StarterBot
from tests.e2e import server

USERS = int(os.environ.get("USERS", "10"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
SECONDS = int(os.environ.get("SECONDS", "20"))  # per round and variant
ROLES = {"rasa": "Rasa server", "actions": "action server"}


def parse(arg: str) -> Tuple[str, str, Dict[str, str]]:
    name, _, rest = arg.partition("=")
    root, _, env = rest.partition(":")
    extra = dict(pair.split("=", 1) for pair in env.split(",") if pair)
    return name, root, extra


class Checkout:
    """One checkout's servers, as `make run` starts them."""
    user_class = "Assistant"

    def __init__(self, root: Path, env: Dict[str, str]) -> None:
        # Servers runs scripts/serve.sh of the checkout its module names.
        server.ROOT, server.LOGS = root, root / "build" / "e2e-logs"
        self.servers = server.Servers(os.environ["TWITCH_MODEL"], env=env).start()
        self.url = self.servers.url

    def processes(self) -> Dict[str, List[int]]:
        pids = self.servers.pids()
        return {role: [pids[key]] for key, role in ROLES.items()}

    def stop(self) -> None:
        self.servers.stop()


class Starter(StarterBot):
    user_class = "Starter"


def main() -> None:
    variants = [parse(a) for a in sys.argv[1:]]
    LOGS.mkdir(parents=True, exist_ok=True)
    running = {name: Starter().start() if root == "starter" else Checkout(Path(root).resolve(), env)
               for name, root, env in variants}
    cost: Dict[str, Dict[str, List[float]]] = {name: {r: [] for r in ROLES.values()} for name in running}
    rate: Dict[str, List[float]] = {name: [] for name in running}
    p95: Dict[str, List[float]] = {name: [] for name in running}
    try:
        for name, bot in running.items():
            locust(bot.url, bot.user_class, USERS, 5, f"turn-cost-{name}-warm-up")
        for round_ in range(ROUNDS):
            for name, bot in running.items():
                procs = bot.processes()
                before = {role: cpu_s(pids) for role, pids in procs.items()}
                stats = locust(bot.url, bot.user_class, USERS, SECONDS, f"turn-cost-{name}-{round_}")
                messages = max(stats.messages, 1)
                rate[name].append(stats.per_s)
                p95[name].append(stats.p95_ms)
                for role, pids in procs.items():
                    cost[name][role].append((cpu_s(pids) - before[role]) / messages * 1000)
                print(f"  {name} round {round_}: {messages} messages, "
                      f"{cost[name]['Rasa server'][-1]:.1f} ms/msg", flush=True)
    finally:
        for bot in running.values():
            bot.stop()
    first = next(iter(cost))
    rasa = {name: statistics.median(c["Rasa server"]) for name, c in cost.items()}
    print(f"# CPU per user message, {USERS} users, {ROUNDS} rounds x {SECONDS} s per variant, "
          "median of rounds")
    print("| variant | Rasa CPU ms/msg | rounds | action server CPU ms/msg | Rasa vs " + first
          + " | msg/s | rounds | p95 ms |")
    print("| --- | ---: | --- | ---: | ---: | ---: | --- | ---: |")
    for name, c in cost.items():
        act = f"{statistics.median(c['action server']):.1f}" if c["action server"] else "–"
        print(f"| {name} | {rasa[name]:.1f} | {' '.join(f'{x:.1f}' for x in c['Rasa server'])} | "
              f"{act} | {rasa[name] / rasa[first]:.2f} | {statistics.median(rate[name]):.1f} | "
              f"{' '.join(f'{x:.1f}' for x in rate[name])} | {statistics.median(p95[name]):.0f} |")


if __name__ == "__main__":
    main()
