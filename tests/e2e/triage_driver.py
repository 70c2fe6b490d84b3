"""Answers the triage's questions the way a person would, from a set of findings."""
from __future__ import annotations

import json
import re
from itertools import cycle
from typing import Any, Dict, List, Mapping, Optional

from tests.e2e.server import Conversation

YES = cycle(["yes", "yeah kinda", "yep, I think so", "yes definitely"])
NO = cycle(["no", "not really", "nope", "no, nothing like that"])
NONE_OF_THEM = cycle(["no none of those", "None of these", "nope, none", "no"])
UNSURE = cycle(["I'm not sure", "dunno", "hard to say"])
# "Not sure" of one finding in a group question, in the user's words.
UNSURE_OF = {
    "weakness": "not sure if I've lost strength",
    "atrophy": "not sure if a muscle looks thinner",
    "bulbar_symptoms": "not sure if my speech is slurred",
}
# The benign answer to a question the case does not list ("asked and answered no").
BENIGN = {"clear_trigger": True}
FINDING_OF_BUTTON = re.compile(r'"symptom":\s*"(\w+)"')


def value_of(slot: str, findings: Mapping[str, Any]) -> Any:
    return findings[slot] if slot in findings else BENIGN.get(slot, False)


def question_buttons(conv: Conversation) -> List[Dict[str, str]]:
    """The buttons of the question the bot asked last."""
    asked = [m for m in conv.replies[-1] if m.get("buttons")]
    return asked[-1]["buttons"] if asked else []


def group_findings(conv: Conversation) -> Dict[str, str]:
    """A group question's findings, each with its button's payload."""
    found = {}
    for b in question_buttons(conv):
        m = FINDING_OF_BUTTON.search(b["payload"])
        if m:
            found[m.group(1)] = b["payload"]
    return found


def answer_for(slot: str, findings: Mapping[str, Any], group: Optional[Dict[str, str]] = None) -> str:
    if group:
        values = {name: value_of(name, findings) for name in group}
        picked = next((name for name, v in values.items() if v is True), None)
        if picked:
            return group[picked]  # taps its button
        unsure = next((name for name, v in values.items() if v is None), None)
        if unsure:
            return UNSURE_OF.get(unsure, "/unsure")
        return next(NONE_OF_THEM)
    if slot == "twitch_location":
        return str(findings.get("twitch_location", "my calf"))
    if slot == "twitch_duration_days":
        if slot in findings and findings[slot] is None:
            return next(UNSURE)
        return f"about {findings.get(slot, 3):g} days"
    value = value_of(slot, findings)
    if value is None:
        return next(UNSURE)
    return next(YES) if value else next(NO)


def answer_all(conv: Conversation, findings: Mapping[str, Any], limit: int = 14) -> Dict[str, Any]:
    """Answers until the triage stops asking; returns which questions were asked (a
    group asked twice is listed once per time, as "signs", "signs#2")."""
    asked: Dict[str, Any] = {}
    for _ in range(limit):
        slot = conv.asked()
        if slot is None:
            return asked
        group = group_findings(conv)
        key = slot if slot not in asked else f"{slot}#{sum(k.split('#')[0] == slot for k in asked) + 1}"
        asked[key] = answer_for(slot, findings, group)
        conv.say(asked[key])
    raise AssertionError(f"the triage kept asking: {json.dumps(asked)}")
