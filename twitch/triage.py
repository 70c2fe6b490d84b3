"""Red-flag triage engine: pure functions over the rules table in content/.

Findings are a mapping of finding name to True, False or None (unknown).
Nothing here knows about Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

RULES_FILE = Path(__file__).resolve().parent.parent / "content" / "triage_rules.yml"

LEVELS: Tuple[str, ...] = ("self_care", "routine", "soon", "urgent", "emergency")

# The contract's boolean findings, each with the value that counts as a red flag.
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
}

# The order the triage asks in: where, how long, then the red flags by weight.
QUESTION_ORDER: Tuple[str, ...] = (
    "twitch_location",
    "twitch_duration_days",
    "weakness",
    "atrophy",
    "spreading",
    "sensory_symptoms",
    "bulbar_symptoms",
    "clear_trigger",
    "worsening",
    "painful_cramps",
    "family_history",
)

# Must each be asked or told before a self_care or routine result (contract 3).
MUST_ASK: Tuple[str, ...] = (
    "weakness",
    "atrophy",
    "spreading",
    "sensory_symptoms",
    "bulbar_symptoms",
)

TWO_WEEKS_DAYS = 14


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    when: Mapping[str, Any]
    why: str
    source: str


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
        Rule(r["id"], r["level"], r["when"], r["why"], r["source"])
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


def _flags_of(when: Mapping[str, Any], f: Mapping[str, Any]) -> Optional[List[str]]:
    """The findings that make a condition hold, or None when it does not hold."""
    if "finding" in when:
        name = when["finding"]
        return [name] if _is(f, name, when.get("is", True)) else None
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
    holding = [(rule, flags) for rule in rules() if (flags := _flags_of(rule.when, f))]
    level = max((r.level for r, _ in holding), key=level_rank, default="self_care")
    floor = min(level_rank(level), level_rank("soon"))
    red_flags: List[str] = []
    for rule, flags in holding:
        if level_rank(rule.level) >= floor:
            red_flags += [n for n in flags if n not in red_flags]
    unknown = tuple(n for n in QUESTION_ORDER if n in set(unsure) and findings.get(n) is None)
    return Result(level, tuple(red_flags), tuple(r.id for r, _ in holding), unknown)


def _answered(findings: Mapping[str, Any], unsure: Sequence[str], name: str) -> bool:
    return findings.get(name) is not None or name in unsure


def could_change(findings: Mapping[str, Any], name: str, now: Optional[Result] = None) -> bool:
    """Whether learning that `name` is a red flag would change the outcome: the
    level, or the red flags the result lists. `now` is evaluate(findings)."""
    if name not in FLAG_VALUES:
        return True  # location and duration are always worth asking
    now = now or evaluate(findings)
    flipped = evaluate({**findings, name: FLAG_VALUES[name]})
    return (flipped.level, flipped.red_flags) != (now.level, now.red_flags)


def questions_needed(findings: Mapping[str, Any], unsure: Sequence[str] = ()) -> List[str]:
    """The slots still worth asking, in asking order.

    A question is skipped when it was answered (or met with "not sure"), and a red-flag
    question is skipped when its answer could no longer change the outcome.
    """
    if _is(findings, "emergency_symptoms"):
        return []
    now = evaluate(findings)
    return [
        name
        for name in QUESTION_ORDER
        if not _answered(findings, unsure, name) and could_change(findings, name, now)
    ]


def next_question(findings: Mapping[str, Any], unsure: Sequence[str] = ()) -> Optional[str]:
    needed = questions_needed(findings, unsure)
    return needed[0] if needed else None
