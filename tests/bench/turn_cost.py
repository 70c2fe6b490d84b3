"""CPU cost of one conversation turn, A against B in one run (docs/performance.md).

    python -m tests.bench.turn_cost NAME=ROOT[:ENV=VALUE,...] NAME=ROOT ...

Each ROOT is a checkout of this project with its own servers (scripts/serve.sh, as
`make run`); ENV values go to that variant's processes (e.g. PYTHONPATH for another
library version). All variants run at once and take turns under the same closed-loop
REST load of USERS users, ROUNDS times, so the machine's noise falls on each alike.
It prints the Rasa and action servers' CPU milliseconds per user message (from
/proc) and the variants' ratio.
Figures only; bounded: a fixed number of conversations, loopback only.
"""
from __future__ import annotations

import os
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

from tests.bench.run import SCRIPT, converse, cpu_seconds
from tests.e2e import server

USERS = int(os.environ.get("USERS", "10"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
CONVERSATIONS = int(os.environ.get("CONVERSATIONS", "20"))  # per round and variant


def parse(arg: str) -> Tuple[str, Path, Dict[str, str]]:
    name, _, rest = arg.partition("=")
    root, _, env = rest.partition(":")
    extra = dict(pair.split("=", 1) for pair in env.split(",") if pair)
    return name, Path(root).resolve(), extra


def start(root: Path, env: Dict[str, str]) -> server.Servers:
    # Servers runs scripts/serve.sh of the checkout its module names.
    server.ROOT, server.LOGS = root, root / "build" / "e2e-logs"
    return server.Servers(os.environ["TWITCH_MODEL"], env=env).start()


def main() -> None:
    variants = [parse(a) for a in sys.argv[1:]]
    running = {name: start(root, env) for name, root, env in variants}
    cost: Dict[str, List[float]] = {name: [] for name in running}
    actions: Dict[str, List[float]] = {name: [] for name in running}
    try:
        for servers in running.values():
            converse(servers)  # warm-up
        for _ in range(ROUNDS):
            for name, servers in running.items():
                pids = servers.pids()
                before = cpu_seconds(pids["rasa"]), cpu_seconds(pids["actions"])
                with ThreadPoolExecutor(USERS) as pool:
                    list(pool.map(lambda _: converse(servers), range(CONVERSATIONS)))
                messages = CONVERSATIONS * len(SCRIPT)
                cost[name].append((cpu_seconds(pids["rasa"]) - before[0]) / messages * 1000)
                actions[name].append((cpu_seconds(pids["actions"]) - before[1]) / messages * 1000)
    finally:
        for servers in running.values():
            servers.stop()
    first = next(iter(cost))
    print(f"# CPU per user message, {USERS} users, {ROUNDS} rounds x {CONVERSATIONS} conversations "
          f"x {len(SCRIPT)} messages per variant, median of rounds")
    print("| variant | Rasa CPU ms/msg | rounds | action server CPU ms/msg | Rasa vs " + first + " |")
    print("| --- | ---: | --- | ---: | ---: |")
    for name in cost:
        med = statistics.median(cost[name])
        print(f"| {name} | {med:.1f} | {' '.join(f'{c:.1f}' for c in cost[name])} | "
              f"{statistics.median(actions[name]):.1f} | {med / statistics.median(cost[first]):.2f} |")


if __name__ == "__main__":
    main()
