"""The triage result in plain words: the level, what set it, what to do and how soon,
which doctor, what to watch for, and that this is information, not a diagnosis.

Sentences that name a number or a service use twitch/locale.py's placeholders
({emergency_number}, {urgent_help}, {doctor}); every paragraph is filled once, at the end.
Every paragraph reads at US grade 8 or below (tests/unit/test_result_text.py).
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence

from twitch import locale
from twitch.triage import TWO_WEEKS_DAYS, Result, level_info

# What set the level, one short sentence each (short sentences keep the grade low).
FINDING_WORDS = {
    "emergency_symptoms": "You have signs that can mean a stroke or a breathing emergency.",
    "duration_over_two_weeks": "It has gone on for more than two weeks.",
    "weakness": "You have noticed real loss of strength.",
    "atrophy": "A muscle looks thinner or smaller.",
    "spreading": "The twitching is in several places, or spreading.",
    "sensory_symptoms": "You have numbness, tingling or trouble with balance.",
    "bulbar_symptoms": "Your speech or swallowing has changed.",
    "family_history": "Someone in your family had a nerve or muscle disease.",
    "painful_cramps": "Painful cramps come with it.",
    "worsening": "It is getting more frequent or stronger.",
    "clear_trigger": "It comes at rest, with no trigger you can see.",
    "rapid_progression": "It came on, or got clearly worse, over hours or days.",
    "stiffness": "The muscle feels stiff.",
    "medicine_change": "It began around a change in a medicine.",
    "weakness_not_sure": "You were not sure if you have lost strength.",
    "atrophy_not_sure": "You were not sure if a muscle looks thinner.",
    "bulbar_symptoms_not_sure": "You were not sure if your speech or swallowing has changed.",
}
# The emergency the medicine question finds, in place of the generic words.
MEDICINE_REACTION_WORDS = "Since a change in a medicine, you have had a fever, felt confused or restless, sweated a lot, or had a fast heartbeat."
WATCH_WORDS = {
    "twitch_duration_days": "how long it lasts",
    "weakness": "any real loss of strength, like dropping things",
    "atrophy": "a muscle that looks thinner than it used to",
    "spreading": "twitching spreading to new, unrelated areas",
    "sensory_symptoms": "numbness, tingling or trouble with balance",
    "bulbar_symptoms": "slurred speech or trouble swallowing",
    "rapid_progression": "anything that gets worse over hours or days",
    "clear_trigger": "whether it follows exercise, caffeine, stress or poor sleep",
    "worsening": "whether it is getting more frequent or stronger",
    "stiffness": "a muscle that feels stiff",
    "painful_cramps": "painful cramps",
    "family_history": "if anyone in your family had ALS or a muscle disease",
    "medicine_change": "whether it began after a change in a medicine",
    "medicine_reaction": "fever, confusion, heavy sweating or a fast heartbeat (get help at once if they start)",
}
HEADLINES = {
    "emergency": "What you describe needs emergency care. Call {emergency_number} now.",
    "urgent": "Please get a medical check within a day or two. Ask your {doctor} for an urgent appointment, or get help from {urgent_help}.",
    "soon": "It would be wise to book a visit with your {doctor} in the next one to three weeks.",
    "routine": "There's no rush. If it keeps going, tell your {doctor} about it at a normal visit.",
    "self_care": "This sounds very likely to be the common, harmless kind of twitching. It usually settles with a few changes at home.",
}
# Urgent because it came on or got worse over hours or days: today, not tomorrow.
TODAY_HEADLINE = (
    "Please get seen today. Ask your {doctor} for an urgent appointment today, or get help "
    "from {urgent_help}. If it gets worse or you find it hard to breathe, speak or swallow, "
    "call {emergency_number}."
)
MEDICINE_ADVICE = (
    "Ask a pharmacist or your {doctor} about the medicine. Do not stop a prescribed medicine "
    "without advice."
)
TRIGGER_TIPS = {
    "caffeine": "Cut back on coffee, energy drinks and pre-workout, slowly over a week or so.",
    "exercise": "After hard sessions, drink water with some salts, stretch, cool down, and build up training slowly.",
    "sleep": "Aim for seven to nine hours of sleep for a while.",
    "stress": "Give yourself some calm time each day: a walk, slow breathing, or anything that helps you unwind.",
    "dehydration": "Drink steadily through the day, with some salts after heavy sweating.",
    "strain": "Take regular breaks from screens and from repeated movements like typing.",
}
GENERAL_TIP = (
    "Drink enough water, eat foods like leafy greens, nuts, seeds and bananas, go easy on "
    "caffeine, and keep regular sleep."
)
EYELID_TIP = "Rest your eyes: take screen breaks, try a warm compress, and go easy on caffeine."
EYELID_WHEN = "See an eye doctor if it lasts more than two weeks, closes the eye fully, or spreads to other parts of the face."
EYELID_LASTING = "Go sooner if it closes the eye fully or spreads to other parts of the face."
# Routine for an eyelid that has twitched for over two weeks: the eye doctor, not the GP.
EYELID_HEADLINE = "There's no rush. As it has lasted over two weeks, book a normal visit with an eye doctor."
JOURNAL_TIP = "Keep a short note of where, when and after what it twitches, to bring along."
REASSURANCE = "Twitching on its own, without weakness or muscle loss, is very rarely a sign of anything serious."
NO_WARNING_SIGNS = "None of the warning signs I asked about came up: no weakness, muscle loss, spreading, numbness, or speech changes."
RETURN_SIGNS = "See your {doctor} if you notice weakness, a thinner muscle, numbness, or a change in speech or swallowing."
RETURN_AFTER_TWO_WEEKS = "Also see them if it still twitches every day after two weeks."
SOON_TESTS = (
    "A doctor may examine you and, if needed, arrange blood tests or nerve tests such as "
    "an EMG. A note of where and when it twitches helps."
)
NOT_A_DIAGNOSIS = "This is information, not a diagnosis. A doctor who sees you can tell you more."
EMERGENCY_SIGNS = (
    "If you ever get sudden weakness or drooping of the face, an arm or a leg, sudden "
    "trouble speaking, trouble breathing or choking, call {emergency_number} straight away."
)
# The one short safety line a benign result ends with.
SAFETY_LINE = "Watch for sudden weakness, a drooping face, or trouble speaking or breathing. If so, get help now. Call {emergency_number}."
UNDER_16 = (
    "Thank you for telling me. This check is made for people aged 16 and over, so I can't "
    "say how much this matters for a child or young person.",
    "Twitches in children are common and usually harmless. The best person to ask is the "
    "child's {doctor}, or a children's health service near you.",
    "Sudden weakness, a drooping face, trouble breathing or a fit need help at once. "
    "Call {emergency_number}.",
    "You can still ask me general questions about twitching.",
)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _is_eyelid_only(location: Optional[str]) -> bool:
    loc = (location or "").lower()
    return any(w in loc for w in ("eye", "lid", "brow")) and "," not in loc


def _past_two_weeks(findings: Mapping[str, Any]) -> bool:
    return (findings.get("twitch_duration_days") or 0) > TWO_WEEKS_DAYS


def _today(result: Result) -> bool:
    return result.level == "urgent" and "rapid_progression" in result.red_flags


def which_doctor(level: str, findings: Mapping[str, Any], result: Optional[Result] = None) -> str:
    if level == "emergency":
        return "emergency services"
    if result is not None and _today(result):
        return "your {doctor} today, or {urgent_help}"
    if _is_eyelid_only(findings.get("twitch_location")) and level in ("self_care", "routine"):
        return "an eye doctor (optometrist or ophthalmologist)" if _past_two_weeks(findings) else "none for now"
    if level in ("urgent", "soon"):
        return "your {doctor}, who can refer you to a neurologist"
    if level == "routine":
        return "a pharmacist or your {doctor}" if findings.get("medicine_change") else "your {doctor}"
    return "none for now"


def _why(result: Result, findings: Mapping[str, Any]) -> List[str]:
    words = []
    for flag in result.red_flags:
        if flag == "emergency_symptoms" and findings.get("medicine_reaction"):
            words.append(MEDICINE_REACTION_WORDS)
        elif flag in FINDING_WORDS:
            words.append(FINDING_WORDS[flag])
    return words


def _tips(level: str, findings: Mapping[str, Any], triggers: Sequence[str]) -> List[str]:
    if _is_eyelid_only(findings.get("twitch_location")):
        tips = [EYELID_TIP, EYELID_LASTING if _past_two_weeks(findings) else EYELID_WHEN]
    else:
        tips = [TRIGGER_TIPS[t] for t in triggers if t in TRIGGER_TIPS] or [GENERAL_TIP]
    if level == "routine":
        tips.append(JOURNAL_TIP)
    return tips


def compose(result: Result, findings: Mapping[str, Any], triggers: Sequence[str] = ()) -> Dict[str, Any]:
    """Text and a channel-neutral payload for the result card."""
    level = result.level
    doctor = which_doctor(level, findings, result)
    headline = TODAY_HEADLINE if _today(result) else HEADLINES[level]
    if level == "routine" and doctor.startswith("an eye doctor"):
        headline = EYELID_HEADLINE
    paragraphs: List[str] = [headline]
    if level == "routine" and findings.get("medicine_change"):
        paragraphs.append(MEDICINE_ADVICE)
    why = _why(result, findings)
    if why:
        paragraphs.append("Why I say this: " + " ".join(why))
    elif level == "self_care":
        paragraphs.append(NO_WARNING_SIGNS + " " + REASSURANCE)
    if level != "emergency" and doctor != "none for now":
        paragraphs.append(f"Who to see: {doctor}.")
    if level == "soon":
        paragraphs.append(SOON_TESTS)
    if level in ("routine", "self_care"):
        paragraphs.append("What helps: " + " ".join(_tips(level, findings, triggers)))
    if result.unknown:
        watch = [WATCH_WORDS[n] for n in result.unknown if n in WATCH_WORDS]
        paragraphs.append("You weren't sure about some things. Keep an eye on " + _join(watch) + ".")
    if level in ("routine", "self_care"):
        back = RETURN_SIGNS + ("" if _past_two_weeks(findings) else " " + RETURN_AFTER_TWO_WEEKS)
        paragraphs += [back, NOT_A_DIAGNOSIS, SAFETY_LINE]
    elif level == "emergency":
        paragraphs.append(NOT_A_DIAGNOSIS)
    else:
        paragraphs += [EMERGENCY_SIGNS, NOT_A_DIAGNOSIS]
    info = level_info(level)
    payload = {
        # An emergency the questions found is shown as the emergency advice it is.
        "type": "emergency" if level == "emergency" else "triage_result",
        "level": level,
        "label": info["label"],
        "timeframe": "today" if _today(result) else info["timeframe"],
        "advice": info["advice"],
        "red_flags": list(result.red_flags),
        "watch_for": list(result.unknown),
        "doctor": locale.fill(doctor),
        "disclaimer": NOT_A_DIAGNOSIS,
    }
    return {"text": "\n\n".join(locale.fill(p) for p in paragraphs), "payload": payload}


def compose_under_16() -> Dict[str, Any]:
    """The reply when the person with the twitching is under 16: no triage level."""
    return {"text": "\n\n".join(locale.fill(p) for p in UNDER_16), "payload": {"type": "under_16"}}
