"""The virtual users of `make bench`, for Locust (the tool Rasa's load-testing guide uses).

Closed loop: each user sends a message, waits for the reply, and sends the next, with no
pause; every conversation it starts has a new sender id. tests/bench/run.py runs Locust
headless with one of these classes and reads its CSV statistics.
"""
from __future__ import annotations

import itertools
import uuid
from typing import Iterator, List, Optional

from locust import FastHttpUser, constant, task


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
