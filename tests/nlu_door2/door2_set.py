"""Reads the second door set: door2_nlu.yml (first messages, each with how the running
bot must handle it) and conversations.yml (whole conversations with their level)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, NamedTuple

import yaml

HERE = Path(__file__).resolve().parent
LEVELS = ["self_care", "routine", "soon", "urgent", "emergency"]


class Message(NamedTuple):
    text: str
    intent: str  # as in Rasa: faq/<key> for an FAQ topic
    handling: str  # crisis, emergency, triage, child, faq, out_of_scope or other
    near_miss: bool
    style: str


@lru_cache(maxsize=None)
def messages() -> List[Message]:
    found = []
    for block in yaml.safe_load((HERE / "door2_nlu.yml").read_text())["nlu"]:
        meta = block.get("metadata") or {}
        for line in block["examples"].splitlines():
            if line.startswith("- "):
                found.append(Message(line[2:].strip(), block["intent"], meta["handling"],
                                     bool(meta.get("near_miss")), meta.get("style", "")))
    return found


def handled(handling: str) -> List[str]:
    return [m.text for m in messages() if m.handling == handling]


def near_misses() -> List[str]:
    return [m.text for m in messages() if m.near_miss]


@lru_cache(maxsize=None)
def conversations() -> List[Dict[str, Any]]:
    return yaml.safe_load((HERE / "conversations.yml").read_text())
