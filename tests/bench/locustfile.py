"""The virtual users of `make bench`, for Locust (the tool Rasa's load-testing guide uses).

Closed loop: each user sends a message, waits for the reply, and sends the next, with no
pause; every conversation it starts has a new sender id. tests/bench/run.py runs Locust
headless with one of these classes and reads the figures it writes as it exits.
"""
from __future__ import annotations

import itertools
import json
import uuid
from pathlib import Path
from typing import Any, Iterator, List, Optional

from locust import FastHttpUser, constant, events, task


@events.init_command_line_parser.add_listener
def summary_option(parser: Any) -> None:
    parser.add_argument("--summary-file", default="", help="where to write the run's figures (JSON) as it exits")


@events.quitting.add_listener
def write_summary(environment: Any, **_: Any) -> None:
    """The whole run's figures, by Locust's own arithmetic, once every user has stopped
    (its CSV files are written every second or two while it runs, and miss the end)."""
    path = environment.parsed_options.summary_file
    if not path:
        return
    total = environment.stats.total
    Path(path).write_text(json.dumps({
        # Answered messages only: a failure (a fast 503) is not throughput.
        "messages": total.num_requests - total.num_failures, "failures": total.num_failures,
        "per_s": total.total_rps - total.total_fail_per_sec,
        "p50_ms": total.get_response_time_percentile(0.5), "p95_ms": total.get_response_time_percentile(0.95),
        "errors": {f"{e.method} {e.error}": e.occurrences for e in environment.stats.errors.values()},
    }))


class Conversations(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    SCRIPTS: List[List[str]] = []

    def on_start(self) -> None:
        self.scripts = itertools.cycle(self.SCRIPTS)
        self.turns: Iterator[str] = iter(())
        self.sender: Optional[str] = None

    # One message per task, so that at the end of a period Locust lets each user finish
    # the message in flight (--stop-timeout) and every message the servers did is counted.
    @task
    def say(self) -> None:
        text = next(self.turns, None)
        if text is None:
            self.sender = f"bench-{uuid.uuid4().hex}"
            self.turns = iter(next(self.scripts))
            text = next(self.turns)
        with self.client.post("/webhooks/rest/webhook", json={"sender": self.sender, "message": text},
                              name="message", catch_response=True) as response:
            if response.status_code == 200 and not response.json():
                response.failure("no reply")


class Assistant(Conversations):
    """The assistant's mixed conversation: a greeting, a short triage to its result (three
    group questions answered no, then the result), an FAQ question, thanks."""
    SCRIPTS = [[
        "hi", "my left calf has been twitching for 5 days after running", "no", "not really", "no",
        "what causes twitches?", "thanks",
    ]]


class Starter(Conversations):
    """The starter bot's own stories: a greeting, a good or a bad mood, goodbye."""
    SCRIPTS = [
        ["hello", "I am great", "bye"],
        ["hi", "I am sad", "yes", "goodbye"],
    ]
