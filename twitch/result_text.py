"""The triage result in plain words: the level, what set it, what to do and how soon,
which doctor, what to watch for, and that this is information, not a diagnosis."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence

from twitch import locale
from twitch.triage import Result, level_info

FINDING_WORDS = {
    "emergency_symptoms": "signs that can mean a stroke or a breathing emergency",
    "duration_over_two_weeks": "it has gone on for more than two weeks",
    "weakness": "you have noticed real loss of strength",
    "atrophy": "a muscle looks thinner or smaller",
    "spreading": "the twitching is in several areas or spreading",
    "sensory_symptoms": "numbness, tingling or trouble with balance",
    "bulbar_symptoms": "changes in speech or swallowing that came on gradually",
    "family_history": "neuromuscular disease in your family",
    "painful_cramps": "painful cramps come with it",
    "worsening": "it is getting more frequent or stronger",
    "clear_trigger": "it comes at rest, without a trigger you can see",
}
WATCH_WORDS = {
    "twitch_duration_days": "how long it has been going on",
    "weakness": "any real loss of strength, like dropping things or struggling with stairs",
    "atrophy": "a muscle looking thinner than the same one on the other side",
    "spreading": "twitching spreading to new, unrelated areas",
    "sensory_symptoms": "numbness, tingling or trouble with balance",
    "bulbar_symptoms": "slurred speech or trouble swallowing",
    "clear_trigger": "whether it follows exercise, caffeine, stress or poor sleep",
    "worsening": "whether it is getting more frequent or stronger",
    "painful_cramps": "painful cramps",
    "family_history": "whether anyone in your family had ALS/MND or another muscle disease",
}
HEADLINES = {
    "emergency": "What you describe needs emergency care. Call {emergency_number} now.",
    "urgent": "Please get a medical assessment within a day or two: ask your {doctor} for an urgent appointment, or use {urgent_help}.",
    "soon": "It would be sensible to book a doctor's appointment within the next one to three weeks.",
    "routine": "There's no rush. If it keeps going, mention it to a doctor at a normal appointment.",
    "self_care": "This sounds very likely to be the common, harmless kind of twitching, and it usually settles with a few changes at home.",
}
TRIGGER_TIPS = {
    "caffeine": "Cut back on coffee, energy drinks and pre-workout, tapering over a week or so.",
    "exercise": "After hard sessions, drink water with some electrolytes, stretch, cool down, and build training up gradually.",
    "sleep": "Aim for seven to nine hours of sleep for a while.",
    "stress": "Give yourself some calm time each day: a walk, slow breathing, or anything that helps you unwind.",
    "dehydration": "Drink steadily through the day, with electrolytes after heavy sweating.",
}
GENERAL_TIP = (
    "Drink enough water through the day, eat magnesium and potassium-rich foods like leafy "
    "greens, nuts, seeds and bananas, go easy on caffeine, and keep regular sleep."
)
EYELID_TIP = (
    "Rest your eyes: take screen breaks, try a warm compress, and go easy on caffeine. "
    "See an eye doctor if it lasts more than two weeks, closes the eye fully, or spreads "
    "to other parts of the face."
)
JOURNAL_TIP = "Keep a short journal of where, when and after what it twitches, to bring along."
REASSURANCE = (
    "Twitching on its own, without weakness or muscle loss, is very rarely a sign of "
    "anything serious."
)
RETURN_SIGNS = (
    "See a doctor sooner if you notice real weakness, a muscle getting thinner, twitching "
    "spreading to new areas, numbness or tingling, slurred speech or trouble swallowing, "
    "or if it is still there every day after two weeks."
)
EMERGENCY_SIGNS = (
    "If you ever get sudden weakness or drooping of the face, an arm or a leg, sudden "
    "trouble speaking, trouble breathing or choking, call {emergency_number} straight away."
)
NOT_A_DIAGNOSIS = "I give information, not a diagnosis: a doctor who examines you can tell you more."


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _is_eyelid_only(location: str | None) -> bool:
    loc = (location or "").lower()
    return any(w in loc for w in ("eye", "lid", "brow")) and "," not in loc


def which_doctor(level: str, findings: Mapping[str, Any]) -> str:
    days = findings.get("twitch_duration_days") or 0
    if level == "emergency":
        return "emergency services"
    if _is_eyelid_only(findings.get("twitch_location")) and level in ("self_care", "routine"):
        return "an eye doctor (optometrist or ophthalmologist)" if days > 14 else "none for now"
    if level in ("urgent", "soon"):
        return "your GP or family doctor, who can refer you to a neurologist"
    if level == "routine":
        return "your GP or family doctor"
    return "none for now"


def compose(result: Result, findings: Mapping[str, Any], triggers: Sequence[str] = ()) -> Dict[str, Any]:
    """Text and a channel-neutral payload for the result card."""
    level = result.level
    paragraphs: List[str] = [locale.fill(HEADLINES[level])]
    if result.red_flags:
        why = [FINDING_WORDS[f] for f in result.red_flags if f in FINDING_WORDS]
        paragraphs.append("What points that way: " + _join(why) + ".")
    elif level == "self_care":
        paragraphs.append(
            "None of the warning signs I asked about (weakness, muscle loss, spreading, "
            "numbness, speech or swallowing changes) came up. " + REASSURANCE
        )
    doctor = which_doctor(level, findings)
    if level not in ("emergency",) and doctor != "none for now":
        paragraphs.append(f"Who to see: {doctor}.")
    if level == "soon":
        paragraphs.append(
            "A doctor may examine you and, if needed, arrange blood tests or nerve tests "
            "such as an EMG. Writing down where and when it twitches helps."
        )
    if level in ("routine", "self_care"):
        if _is_eyelid_only(findings.get("twitch_location")):
            tips = [EYELID_TIP]
        else:
            tips = [TRIGGER_TIPS[t] for t in triggers if t in TRIGGER_TIPS] or [GENERAL_TIP]
        if level == "routine":
            tips.append(JOURNAL_TIP)
        paragraphs.append("What helps: " + " ".join(tips))
    if result.unknown:
        watch = [WATCH_WORDS[n] for n in result.unknown if n in WATCH_WORDS]
        paragraphs.append("You weren't sure about some things, so keep an eye on " + _join(watch) + ".")
    if level in ("self_care", "routine"):
        paragraphs.append(RETURN_SIGNS + " " + locale.fill(EMERGENCY_SIGNS))
    elif level != "emergency":
        paragraphs.append(locale.fill(EMERGENCY_SIGNS))
    paragraphs.append(NOT_A_DIAGNOSIS)
    info = level_info(level)
    payload = {
        "type": "triage_result",
        "level": level,
        "label": info["label"],
        "timeframe": info["timeframe"],
        "advice": info["advice"],
        "red_flags": list(result.red_flags),
        "watch_for": list(result.unknown),
        "doctor": doctor,
        "disclaimer": NOT_A_DIAGNOSIS,
    }
    return {"text": "\n\n".join(paragraphs), "payload": payload}
