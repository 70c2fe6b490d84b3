"""Answers the triage's questions the way a person would, from a set of findings."""
from __future__ import annotations

from itertools import cycle
from typing import Any, Dict, Mapping

from tests.e2e.server import Conversation

YES = cycle(["yes", "yeah kinda", "yep, I think so", "yes definitely"])
NO = cycle(["no", "not really", "nope", "no, nothing like that"])
UNSURE = cycle(["I'm not sure", "dunno", "hard to say"])
# The benign answer to a question the case does not list ("asked and answered no").
BENIGN = {"clear_trigger": True}


def answer_for(slot: str, findings: Mapping[str, Any]) -> str:
    if slot == "twitch_location":
        return str(findings.get("twitch_location", "my calf"))
    if slot == "twitch_duration_days":
        if slot in findings and findings[slot] is None:
            return next(UNSURE)
        return f"about {findings.get(slot, 3):g} days"
    value = findings[slot] if slot in findings else BENIGN.get(slot, False)
    if value is None:
        return next(UNSURE)
    return next(YES) if value else next(NO)


def answer_all(conv: Conversation, findings: Mapping[str, Any], limit: int = 14) -> Dict[str, Any]:
    """Answers until the triage stops asking; returns which slots were asked."""
    asked = {}
    for _ in range(limit):
        slot = conv.asked()
        if slot is None:
            return asked
        asked[slot] = answer_for(slot, findings)
        conv.say(asked[slot])
    raise AssertionError(f"the triage kept asking: {asked}")
