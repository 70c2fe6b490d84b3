"""The FAQ knowledge base (data/knowledge/faq.yml): one source for the bot, the
channels and the support page."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

FAQ_FILE = Path(__file__).resolve().parent.parent / "data" / "knowledge" / "faq.yml"
# One retrieval intent, `faq`, with a sub-intent `faq/<key>` per entry (data/nlu/faq.yml);
# Rasa's ResponseSelector picks the key, and the answer text comes from this file.
RETRIEVAL_INTENT = "faq"
# Rasa 3.6 does not take "/faq/als" as a payload (only intents listed in the domain), so
# a button names its topic in an entity: /faq{"faq_key": "als"}.
KEY_ENTITY = "faq_key"


def faq_file() -> Path:
    """TWITCH_FAQ_FILE points the bot and the page at another copy (tests, staging)."""
    return Path(os.environ.get("TWITCH_FAQ_FILE") or FAQ_FILE)


def load() -> Dict[str, Dict[str, Any]]:
    """Entries by key, in the file's order. Read again when the file changes, so an
    edited answer reaches the bot and the support page together, without a restart."""
    path = faq_file()
    return _parse(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _parse(path: Path, mtime_ns: int) -> Dict[str, Dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    default_review = data.get("reviewed")
    return {
        e["key"]: {**e, "reviewed": str(e.get("reviewed") or default_review)}
        for e in data["entries"]
    }


def keys() -> List[str]:
    return list(load())


def intent_for(key: str) -> str:
    """The full retrieval intent of a topic: "faq/als"."""
    return f"{RETRIEVAL_INTENT}/{key}"


def payload(key: str) -> str:
    """A button payload that asks this topic directly, without the classifier."""
    return "/" + RETRIEVAL_INTENT + json.dumps({KEY_ENTITY: key})


def key_for_intent(intent: Optional[str]) -> Optional[str]:
    """"faq/als" -> "als"; None for anything that is not a known topic."""
    retrieval, _, key = (intent or "").partition("/")
    return key if retrieval == RETRIEVAL_INTENT and key in load() else None


def entry(key: str) -> Dict[str, Any]:
    return load()[key]


def answer_text(key: str) -> str:
    """The answer as the bot says it: the answer, then when to see a doctor."""
    e = entry(key)
    return " ".join(p.strip() for p in (e["answer"], e.get("see_a_doctor") or "") if p)
