"""Which question the triage asks next, in what words, and how an answer to a group
question ("Have you noticed any of these?") is read. Pure; the wording and the grouping
are data (content/questions.yml), the choice of findings is twitch/triage.py's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

import yaml

from twitch.answers import UNSURE, read_answer
from twitch.findings import NOT_ANSWERS, Reading
from twitch.triage import questions_needed

QUESTIONS_FILE = Path(__file__).resolve().parent.parent / "content" / "questions.yml"
# "just the tingling", "only my speech": the one named, and none of the others.
ONLY = re.compile(r"^\W*(?:it'?s |its )?(?:just|only)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    id: str  # the form's requested_slot: a finding, or a group's name
    findings: Tuple[str, ...]  # what the answer tells
    text: str
    buttons: Tuple[Dict[str, str], ...]

    @property
    def is_group(self) -> bool:
        return len(self.findings) > 1


@lru_cache(maxsize=1)
def content() -> Dict[str, Any]:
    return yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))


def group_of(finding: str) -> Optional[str]:
    return next((name for name, g in content()["groups"].items() if finding in g["members"]), None)


def single(finding: str) -> Question:
    q = content()["questions"][finding]
    return Question(finding, (finding,), q["text"], tuple(q.get("buttons", ())))


def grouped(group: str, members: Sequence[str], again: bool = False) -> Question:
    g = content()["groups"][group]
    buttons = [
        {"title": g["members"][m], "payload": f'/describe_symptoms{{"symptom": "{m}"}}'}
        for m in members
    ]
    buttons += [content()["none_of_these"], content()["not_sure"]]
    text = g["again"] if again and "again" in g else g["text"]
    return Question(group, tuple(members), text, tuple(buttons))


def next_question(findings: Mapping[str, Any], unsure: Sequence[str] = ()) -> Optional[Question]:
    """The next question: the first finding still worth asking, together with the rest
    of its group that is still worth asking; None when the triage has what it needs."""
    needed = questions_needed(findings, unsure)
    if not needed:
        return None
    group = group_of(needed[0])
    members = [n for n in needed if group and group_of(n) == group] or [needed[0]]
    if len(members) == 1:
        return single(members[0])
    picked = any(findings.get(m) is True for m in content()["groups"][group]["members"])
    return grouped(group, members, again=picked)


def asked(question_id: Optional[str], findings: Mapping[str, Any], unsure: Sequence[str] = ()) -> Optional[Question]:
    """The question the user is answering, worked out again from the state it was asked
    in (the same state gives the same question); None when `question_id` is not it."""
    question = next_question(findings, unsure)
    return question if question is not None and question.id == question_id else None


def read_group_answer(question: Question, reading: Reading, intent: str, text: str) -> Reading:
    """Adds to `reading` what an answer to a group question says of the group's findings.

    Findings the message names are taken as they are ("no numbness, but my grip is
    weaker"); "just the tingling" also says no to the others. A plain no ("None of
    these", "nope, none of those") is no to all, a plain "not sure" is not sure of all.
    A reply that answers one finding's own question and no other ("about the same",
    "only in my calf") answers that one. A plain yes names nothing, so it answers nothing
    (the question is asked again).
    """
    if intent in NOT_ANSWERS:  # an emergency, a crisis or "stop" answers nothing
        return reading
    named = [n for n in question.findings if n in reading.slots or n in reading.unsure]
    rest = [n for n in question.findings if n not in named]
    if named:
        if ONLY.match(text or ""):
            reading.slots.update({n: False for n in rest})
        return reading
    answer = UNSURE if intent == "unsure" else False if intent == "deny" else read_answer(text or "", question.id)
    if answer == UNSURE:
        reading.unsure.extend(rest)
    elif answer is False:
        reading.slots.update({n: False for n in rest})
    elif answer is None:
        own = {n: a for n in rest if (a := read_answer(text or "", n)) is not None}
        if len(own) == 1 and UNSURE not in own.values():
            reading.slots.update(own)
    return reading


def render(question: Question) -> Dict[str, Any]:
    """The message the channels show: the text and its buttons."""
    return {"text": question.text, "buttons": [dict(b) for b in question.buttons]}

