"""Reads a door set (tests/nlu_door2, tests/nlu_door3): its *_nlu.yml (first messages,
each with how the running bot must handle it) and conversations.yml (whole
conversations with their level)."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Dict, List, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ["self_care", "routine", "soon", "urgent", "emergency"]


class Message(NamedTuple):
    text: str
    intent: str  # as in Rasa: faq/<key> for an FAQ topic
    handling: str  # crisis, emergency, triage, child, faq, out_of_scope or other
    near_miss: bool
    style: str


class DoorSet:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.name = self.folder.name

    @property
    def nlu_file(self) -> Path:
        (found,) = self.folder.glob("*_nlu.yml")
        return found

    @cached_property
    def messages(self) -> List[Message]:
        found = []
        for block in yaml.safe_load(self.nlu_file.read_text())["nlu"]:
            meta = block.get("metadata") or {}
            for line in block["examples"].splitlines():
                if line.startswith("- "):
                    found.append(Message(line[2:].strip(), block["intent"], meta["handling"],
                                         bool(meta.get("near_miss")), meta.get("style", "")))
        return found

    def handled(self, handling: str) -> List[str]:
        return [m.text for m in self.messages if m.handling == handling]

    def near_misses(self) -> List[str]:
        return [m.text for m in self.messages if m.near_miss]

    @cached_property
    def conversations(self) -> List[Dict[str, Any]]:
        return yaml.safe_load((self.folder / "conversations.yml").read_text())


DOOR2 = DoorSet(ROOT / "tests" / "nlu_door2")
DOOR3 = DoorSet(ROOT / "tests" / "nlu_door3")
