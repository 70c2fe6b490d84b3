"""The door set (door_nlu.yml, near_misses.yml) as the end-to-end gates read it: each
message with its labelled intent and the style its block names."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import List, NamedTuple

import yaml

DIR = Path(__file__).resolve().parent


class Example(NamedTuple):
    text: str
    intent: str  # as labelled: "faq/als", not "faq"
    style: str


@lru_cache(maxsize=None)
def examples() -> List[Example]:
    """Every message of door_nlu.yml, in file order."""
    out = []
    for block in yaml.safe_load((DIR / "door_nlu.yml").read_text())["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip():
                out.append(Example(line.strip()[2:].strip(), block["intent"], block["metadata"]["style"]))
    return out


def texts(intent: str) -> List[str]:
    return [e.text for e in examples() if e.intent == intent]


def twitch_descriptions() -> List[str]:
    """The first messages that describe twitching or ask whether it matters (the door
    rule): every describe_symptoms message except the bare answers to a question."""
    return [e.text for e in examples() if e.intent == "describe_symptoms" and e.style != "answer"]


@lru_cache(maxsize=None)
def near_misses() -> List[dict]:
    return yaml.safe_load((DIR / "near_misses.yml").read_text())["near_misses"]
