"""Red-flag triage engine: pure functions over the rules table in content/.

Findings are a mapping of finding name to True, False or None (unknown).
Nothing here knows about Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Collection, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

import yaml

RULES_FILE = Path(__file__).resolve().parent.parent / "content" / "triage_rules.yml"

LEVELS: Tuple[str, ...] = ("self_care", "routine", "soon", "urgent", "emergency")

# The contract's boolean findings, each with the value that counts as a red flag.
# medicine_reaction is internal: fever, confusion, agitation, heavy sweating or a racing
# heart since a medicine change (the follow-up question to medicine_change).
FLAG_VALUES: Dict[str, bool] = {
    "weakness": True,
    "atrophy": True,
    "spreading": True,
    "sensory_symptoms": True,
    "bulbar_symptoms": True,
    "clear_trigger": False,
    "worsening": True,
    "painful_cramps": True,
    "family_history": True,
    "rapid_progression": True,
    "stiffness": True,
    "medicine_change": True,
    "medicine_reaction": True,
}

# The order the triage asks in: where, how long, then the red flags by weight. The
# questions that content/questions.yml asks together are next to each other here.
QUESTION_ORDER: Tuple[str, ...] = (
    "twitch_location",
    "twitch_duration_days",
    "weakness",
    "atrophy",
    "sensory_symptoms",
    "bulbar_symptoms",
    "rapid_progression",
    "spreading",
    "worsening",
    "stiffness",
    "painful_cramps",
    "clear_trigger",
    "family_history",
    "medicine_change",
    "medicine_reaction",
)

# Contract 3: never self_care or routine unless each of these was asked or told ...
MUST_ASK: Tuple[str, ...] = (
    "weakness",
    "atrophy",
    "spreading",
    "sensory_symptoms",
    "bulbar_symptoms",
    "stiffness",
    "twitch_duration_days",
    "family_history",
    "worsening",
)
# ... and never self_care unless these were too.
MUST_ASK_FOR_SELF_CARE: Tuple[str, ...] = ("medicine_change", "clear_trigger", "painful_cramps")

# Follow-up questions, asked only (and always) after one of these answers: the finding
# is true, or, where the flag says so, the user was not sure of it. bulbar_symptoms is
# there too, so that speech or swallowing trouble that came on fast is never missed.
FOLLOW_UPS: Dict[str, Tuple[Tuple[str, ...], bool]] = {
    "rapid_progression": (("weakness", "sensory_symptoms", "bulbar_symptoms"), True),
    "medicine_reaction": (("medicine_change",), False),
}

TWO_WEEKS_DAYS = 14


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    when: Mapping[str, Any]
    why: str
    source: str
    lists: Optional[Tuple[str, ...]] = None  # the red flags it reports, if not its findings


@dataclass(frozen=True)
class Result:
    level: str
    red_flags: Tuple[str, ...]
    rules: Tuple[str, ...]  # ids of the rules that hold, in table order
    unknown: Tuple[str, ...]  # asked, but the user was not sure


def level_rank(level: str) -> int:
    return LEVELS.index(level)


@lru_cache(maxsize=1)
def load_table(path: Path = RULES_FILE) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=1)
def rules(path: Path = RULES_FILE) -> Tuple[Rule, ...]:
    return tuple(
        Rule(r["id"], r["level"], r["when"], r["why"], r["source"],
             tuple(r["lists"]) if "lists" in r else None)
        for r in load_table(path)["rules"]
    )


def level_info(level: str) -> Dict[str, str]:
    return next(row for row in load_table()["levels"] if row["level"] == level)


def derive(findings: Mapping[str, Any]) -> Dict[str, Optional[bool]]:
    """Adds the derived finding duration_over_two_weeks to a copy of findings."""
    out: Dict[str, Any] = dict(findings)
    days = findings.get("twitch_duration_days")
    out["duration_over_two_weeks"] = None if days is None else float(days) > TWO_WEEKS_DAYS
    return out


def _is(findings: Mapping[str, Any], name: str, value: bool = True) -> bool:
    return findings.get(name) is value


def _flags_of(when: Mapping[str, Any], f: Mapping[str, Any], unsure: Set[str]) -> Optional[List[str]]:
    """The findings that make a condition hold, or None when it does not hold."""
    if "finding" in when:
        name = when["finding"]
        return [name] if _is(f, name, when.get("is", True)) else None
    if "not_sure" in when:
        name = when["not_sure"]
        return [f"{name}_not_sure"] if name in unsure and f.get(name) is None else None
    if "all" in when:
        names = list(when["all"])
        return names if all(_is(f, n) for n in names) else None
    if "at_least" in when:
        hits = [n for n in when["of"] if _is(f, n)]
        return hits if len(hits) >= int(when["at_least"]) else None
    raise ValueError(f"unknown condition: {when}")


def evaluate(findings: Mapping[str, Any], unsure: Iterable[str] = ()) -> Result:
    """Applies the table. `unsure` names findings the user could not answer."""
    f = derive(findings)
    unsure = set(unsure)
    holding = [(rule, flags) for rule in rules() if (flags := _flags_of(rule.when, f, unsure))]
    level = max((r.level for r, _ in holding), key=level_rank, default="self_care")
    floor = min(level_rank(level), level_rank("soon"))
    red_flags: List[str] = []
    for rule, flags in holding:
        if level_rank(rule.level) >= floor:
            red_flags += [n for n in (rule.lists or flags) if n not in red_flags]
    unknown = tuple(n for n in QUESTION_ORDER if n in unsure and findings.get(n) is None)
    return Result(level, tuple(red_flags), tuple(r.id for r, _ in holding), unknown)


def _answered(findings: Mapping[str, Any], unsure: Collection[str], name: str) -> bool:
    return findings.get(name) is not None or name in unsure


def could_change(findings: Mapping[str, Any], name: str, now: Optional[Result] = None,
                 unsure: Collection[str] = ()) -> bool:
    """Whether learning that `name` is a red flag would change the outcome: the
    level, or the red flags the result lists. `now` is evaluate(findings, unsure)."""
    if name not in FLAG_VALUES:
        return True  # location and duration are always worth asking
    now = now or evaluate(findings, unsure)
    flipped = evaluate({**findings, name: FLAG_VALUES[name]}, [n for n in unsure if n != name])
    return (flipped.level, flipped.red_flags) != (now.level, now.red_flags)


def must_ask(name: str, level: str) -> bool:
    """Whether contract 3 needs `name` asked before a result at `level`."""
    return (name in MUST_ASK and level_rank(level) <= level_rank("routine")) or (
        name in MUST_ASK_FOR_SELF_CARE and level == "self_care"
    )


def _follow_up_due(findings: Mapping[str, Any], unsure: Collection[str], name: str) -> bool:
    after, when_unsure = FOLLOW_UPS[name]
    return any(_is(findings, n) or (when_unsure and n in unsure and findings.get(n) is None)
               for n in after)


def questions_needed(findings: Mapping[str, Any], unsure: Sequence[str] = ()) -> List[str]:
    """The findings still worth asking, in asking order.

    A question is skipped when it was answered (or met with "not sure"), and a red-flag
    question is skipped when its answer could no longer change the outcome and the
    contract does not require it. A follow-up is asked exactly when it is due. Nothing
    is asked once the level is an emergency, nor of someone under 16 (the triage is for
    16 and over).
    """
    if findings.get("age_under_16"):
        return []
    now = evaluate(findings, unsure)
    if now.level == "emergency":
        return []
    needed = []
    for name in QUESTION_ORDER:
        if _answered(findings, unsure, name):
            continue
        if name in FOLLOW_UPS:
            due = _follow_up_due(findings, unsure, name)
        else:
            due = must_ask(name, now.level) or could_change(findings, name, now, unsure)
        if due:
            needed.append(name)
    return needed


def next_question(findings: Mapping[str, Any], unsure: Sequence[str] = ()) -> Optional[str]:
    needed = questions_needed(findings, unsure)
    return needed[0] if needed else None
