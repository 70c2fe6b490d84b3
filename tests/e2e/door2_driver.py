"""Drives one conversation of a door set (tests/nlu_door2, tests/nlu_door3 conversations.yml):
answers whatever the bot asks from what is true of the person, in their own words or by
tapping the buttons, and reports how it ended."""
from __future__ import annotations

from itertools import cycle
from typing import Any, Dict, List, Mapping, Optional

from tests.e2e.server import Conversation
from tests.e2e.triage_driver import UNSURE_OF, answer_for, group_findings, value_of

# A "yes" to each finding as people say it.
YES_WORDS = {
    "weakness": "yes, I've been dropping things",
    "atrophy": "yes, one of the muscles looks thinner",
    "sensory_symptoms": "yes, tingling and some numbness",
    "bulbar_symptoms": "yes, my speech has got a bit slurred",
    "spreading": "yes, it's in lots of places now",
    "worsening": "yeah, it's getting more frequent",
    "stiffness": "yes, the muscle feels stiff",
    "painful_cramps": "yes, painful cramps as well",
    "family_history": "yes, a relative had ALS",
    "medicine_change": "yes, I changed a medicine just before it started",
    "clear_trigger": "yeah, mostly after exercise or coffee",
    "rapid_progression": "yes, it came on over a couple of days",
    "medicine_reaction": "yes",
}
NO_WORDS = cycle(["no", "nope", "not really", "no, not that I've noticed", "nah"])
NONE_WORDS = cycle(["none of those", "no, none of them", "nope none"])
UNSURE_WORDS = cycle(["I'm not sure", "no idea tbh", "hard to say"])
STOP = ("emergency", "crisis")
CHECK = "/describe_symptoms"  # the "Check my twitching" button under an FAQ answer


def kind(replies: List[Dict[str, Any]]) -> Optional[str]:
    """The type of the turn's first custom payload, if any."""
    return next((r["custom"].get("type") for r in replies if isinstance(r.get("custom"), dict)), None)


def in_words(slot: str, case: Mapping[str, Any], group: Optional[Dict[str, str]]) -> str:
    findings = case.get("findings") or {}
    said = (case.get("words") or {}).get(slot)
    if said:
        return said
    if group:
        values = {name: value_of(name, findings) for name in group}
        picked = next((name for name, v in values.items() if v is True), None)
        if picked:
            return YES_WORDS[picked]
        unsure = next((name for name, v in values.items() if v is None), None)
        return UNSURE_OF.get(unsure, next(UNSURE_WORDS)) if unsure else next(NONE_WORDS)
    if slot == "twitch_location":
        return str(findings.get("twitch_location", "my calf"))
    if slot == "twitch_duration_days":
        days = findings.get(slot, 3)
        return next(UNSURE_WORDS) if days is None else f"about {days:g} days"
    value = value_of(slot, findings)
    if value is None:
        return next(UNSURE_WORDS)
    return YES_WORDS.get(slot, "yes") if value else next(NO_WORDS)


def drive(conv: Conversation, case: Mapping[str, Any], limit: int = 16) -> Dict[str, Any]:
    """Runs the case; returns the turns' payload types, the questions asked and the
    final slots."""
    replies = conv.say(case["first"])
    turns = [{"said": case["first"], "kind": kind(replies), "first_text": (replies[0].get("text", "") if replies else "")}]
    asked: List[str] = []
    interrupt = case.get("interrupt")
    offer = next((b["payload"] for r in replies for b in r.get("buttons") or [] if b["payload"] == CHECK), None)
    if offer and conv.asked() is None and turns[-1]["kind"] not in STOP:
        # The bot answered a question and offered the check: the person takes it.
        replies = conv.say(offer)
        turns.append({"said": offer, "kind": kind(replies), "first_text": (replies[0].get("text", "") if replies else "")})
    after = case.get("interrupt_after", 1)
    for _ in range(limit):
        slot = conv.asked()
        if turns[-1]["kind"] in STOP:
            break
        if slot is not None:
            asked.append(slot)
        if interrupt and len(asked) >= after:
            text, interrupt = interrupt, None
        elif slot is None:
            break
        elif case.get("style") == "buttons":
            group = group_findings(conv)
            text = (case.get("words") or {}).get(slot) or answer_for(slot, case.get("findings") or {}, group)
        else:
            text = in_words(slot, case, group_findings(conv))
        replies = conv.say(text)
        turns.append({"said": text, "kind": kind(replies), "first_text": (replies[0].get("text", "") if replies else "")})
    if interrupt:  # the bot asked nothing: say it anyway
        replies = conv.say(interrupt)
        turns.append({"said": interrupt, "kind": kind(replies), "first_text": (replies[0].get("text", "") if replies else "")})
    return {"turns": turns, "asked": asked, "slots": conv.slots()}
