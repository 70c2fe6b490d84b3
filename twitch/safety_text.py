"""What the bot says in an emergency and in a crisis (content/safety.yml), with the
deployment's numbers and services filled in (twitch/locale.py)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from twitch import locale

SAFETY_FILE = Path(__file__).resolve().parent.parent / "content" / "safety.yml"

# The crisis replies by what the user said, once the conversation is in crisis.
FIRST, FIRST_IMMINENT, NOT_SAFE, UNSURE, SAFE, STILL_HERE, GOODBYE, REMINDER = (
    "first", "first_imminent", "not_safe", "unsure", "safe", "still_here", "goodbye", "reminder")


@lru_cache(maxsize=1)
def _content() -> Dict[str, Any]:
    with open(SAFETY_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def emergency(loc: Optional[str] = None) -> str:
    return locale.fill(_content()["emergency"]["text"], loc)


def crisis(kind: str, loc: Optional[str] = None) -> str:
    return locale.fill(_content()["crisis"][kind], loc)


def crisis_label() -> str:
    return _content()["crisis"]["label"]


def crisis_buttons() -> List[Dict[str, str]]:
    return [dict(b) for b in _content()["crisis"]["buttons"]]


def crisis_kind(intent: str, imminent: bool, safety_asked: bool) -> str:
    """Which crisis reply answers this turn. A new crisis message gets the first reply
    (the emergency number first when they mention a plan, the means or having hurt
    themselves); a yes, no or not sure answers "are you safe?" only right after it was
    asked; anything else gets a short "still here" with the line."""
    if intent == "crisis":
        return FIRST_IMMINENT if imminent else FIRST
    if safety_asked and intent in ("affirm", "deny", "unsure"):
        return {"affirm": SAFE, "deny": NOT_SAFE, "unsure": UNSURE}[intent]
    return GOODBYE if intent == "goodbye" else STILL_HERE


def page_texts(loc: Optional[str] = None) -> Dict[str, str]:
    """The web page's locale-dependent words: the widget's notice and crisis banner,
    and the footer."""
    c = _content()
    return {"notice": locale.fill(c["notice"], loc), "footer": locale.fill(c["footer"], loc),
            "crisis_title": c["crisis"]["label"], "crisis_banner": locale.fill(c["crisis"]["banner"], loc)}
