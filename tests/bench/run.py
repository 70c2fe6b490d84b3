"""`make bench`: real servers, real conversations; prints latency, throughput and memory.

Figures only; no test asserts on time. Bounded: a fixed number of messages, loopback only.
"""
from __future__ import annotations

import os
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import requests
import socketio

from tests.e2e.server import Conversation, Servers

SCRIPT = [
    "hi", "my left calf has been twitching for 5 days after running", "no", "not really",
    "no", "no", "no", "what causes twitches?", "no", "no", "thanks",
]
ROUNDS_SINGLE = 5
USERS = 10
ROUNDS_CONCURRENT = 3


def rss_mb(pid: int) -> float:
    total = 0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and its children so far."""
    total = 0.0
    for p in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except FileNotFoundError:
            pass
    return total


def children(pid: int) -> List[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(k) for k in kids] + [g for k in kids for g in children(int(k))]


def converse(servers: Servers) -> List[float]:
    conv = Conversation(servers)
    times = []
    for text in SCRIPT:
        start = time.perf_counter()
        conv.say(text)
        times.append(time.perf_counter() - start)
    return times


def socket_first_replies(servers: Servers) -> List[float]:
    """The widget's path: from emitting a message to the first bot event of its reply."""
    sio, arrived, times = socketio.Client(), threading.Event(), []
    sio.on("bot_uttered", lambda _: arrived.set())
    sio.connect(servers.url, transports=["websocket"], socketio_path="/socket.io")
    session = uuid.uuid4().hex
    sio.emit("session_request", {"session_id": session})
    try:
        for text in SCRIPT:
            time.sleep(0.3)  # let the previous turn's last events arrive
            arrived.clear()
            start = time.perf_counter()
            sio.emit("user_uttered", {"message": text, "session_id": session})
            if arrived.wait(30):
                times.append(time.perf_counter() - start)
    finally:
        sio.disconnect()
    return times


def page_times(servers: Servers, path: str, n: int = 50) -> List[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        requests.get(servers.web_url + path, timeout=30).raise_for_status()
        times.append(time.perf_counter() - start)
    return times


def pct(values: List[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    model = os.environ["TWITCH_MODEL"]
    store = os.environ.get("TWITCH_TRACKER_STORE", "sqlite")
    started = time.perf_counter()
    servers = Servers(model, store).start()
    startup = time.perf_counter() - started
    try:
        converse(servers)  # warm-up
        single = [t for _ in range(ROUNDS_SINGLE) for t in converse(servers)]
        socket_single = [t for _ in range(ROUNDS_SINGLE) for t in socket_first_replies(servers)]
        faq_page = page_times(servers, "/faq")
        pids = servers.pids()
        cpu_before = cpu_seconds(pids["rasa"]), cpu_seconds(pids["actions"])
        wall = time.perf_counter()
        with ThreadPoolExecutor(USERS) as pool:
            runs = list(pool.map(lambda _: converse(servers), range(USERS * ROUNDS_CONCURRENT)))
        wall = time.perf_counter() - wall
        rasa_cpu = cpu_seconds(pids["rasa"]) - cpu_before[0]
        actions_cpu = cpu_seconds(pids["actions"]) - cpu_before[1]
        concurrent = [t for run in runs for t in run]
        rasa_mb, actions_mb, web_mb = rss_mb(pids["rasa"]), rss_mb(pids["actions"]), rss_mb(pids["web"])
    finally:
        servers.stop()
    lines = [
        f"# Benchmark ({store} tracker store, {os.cpu_count()} cores)",
        "",
        "| measure | value |", "| --- | ---: |",
        f"| servers ready after start | {startup:.1f} s |",
        f"| one user: median reply | {statistics.median(single) * 1000:.0f} ms |",
        f"| one user: p95 reply | {pct(single, 0.95) * 1000:.0f} ms |",
        f"| one user over socket.io (the widget): median first reply | {statistics.median(socket_single) * 1000:.0f} ms |",
        f"| FAQ page (17 topics, rendered per request): median | {statistics.median(faq_page) * 1000:.1f} ms |",
        f"| {USERS} users at once: messages/s | {len(concurrent) / wall:.1f} |",
        f"| {USERS} users at once: median reply | {statistics.median(concurrent) * 1000:.0f} ms |",
        f"| {USERS} users at once: p95 reply | {pct(concurrent, 0.95) * 1000:.0f} ms |",
        f"| {USERS} users at once: Rasa server CPU per message | {rasa_cpu / len(concurrent) * 1000:.0f} ms |",
        f"| {USERS} users at once: action server CPU per message | {actions_cpu / len(concurrent) * 1000:.0f} ms |",
        f"| Rasa server memory (RSS) | {rasa_mb:.0f} MB |",
        f"| action server memory (RSS) | {actions_mb:.0f} MB |",
        f"| web page server memory (RSS) | {web_mb:.0f} MB |",
        f"| messages measured | {len(single)} + {len(concurrent)} |",
    ]
    out = Path("build/bench.md")
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
