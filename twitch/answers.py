"""Reads a free-text reply to a yes/no triage question ("nope, strength is fine",
"I do", "about the same", "only in my calf") when the classifier did not read it as
a plain yes, no or "not sure". Pure; phrase lists are lowercase, matched on words.
"""
from __future__ import annotations

import re
from typing import Union

UNSURE = "unsure"
Answer = Union[bool, str, None]

LEAD_UNSURE = ("not sure", "unsure", "maybe", "dunno", "idk", "i don't know", "i dont know",
               "perhaps", "possibly", "no idea", "can't tell", "cant tell", "hard to say",
               "not certain", "🤷")
LEAD_NO = ("no", "nope", "nah", "never", "none", "nothing", "not at all", "not really",
           "i don't", "i dont", "i do not", "it doesn't", "it doesnt", "it does not",
           "i haven't", "i havent", "it hasn't", "it hasnt", "it isn't", "it isnt", "it's not",
           "its not", "they don't", "they dont", "not that", "neither", "negative", "👎", "❌")
LEAD_YES = ("yes", "yeah", "yep", "yup", "yea", "ya", "yh", "ye", "yeh", "mhm", "uh huh", "👍", "✅",
            "sure", "definitely", "absolutely",
            "correct", "i do", "it does", "they do", "i have", "it has", "it is", "i am",
            "i think so", "kind of", "kinda", "sort of", "a bit", "a little", "slightly")
# For "have you had X?" questions: now and then is a yes.
SOMETIMES = ("sometimes", "occasionally", "now and then", "at times", "once in a while",
             "on and off", "every so often")
OCCASIONAL_SLOTS = {"weakness", "sensory_symptoms", "painful_cramps", "bulbar_symptoms"}
SAME = ("same", "no change", "unchanged", "stable", "steady", "hasn't changed",
        "hasnt changed", "not changed", "not getting worse", "no worse", "not worse")
ONE_PLACE = ("only", "just", "one spot", "one place", "same spot", "same place", "one area")


def _starts(text: str, phrases) -> bool:
    # (?!\w) rather than \b, so that emoji answers match too.
    return any(re.match(rf"{re.escape(p)}(?!\w)", text) for p in phrases)


def _has(text: str, phrases) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in phrases)


def read_answer(text: str, slot: str) -> Answer:
    """True, False, "unsure", or None when the reply does not answer the question."""
    t = " ".join(text.lower().replace("’", "'").split()).strip(" .!?,")
    if not t:
        return None
    if slot == "worsening" and _has(t, SAME):
        return False
    if slot == "spreading" and _starts(t, ONE_PLACE):
        return False
    if _starts(t, LEAD_UNSURE):
        return UNSURE
    # "I have" is a yes, "I have not noticed any" a no.
    if _starts(t, LEAD_NO) or re.match(rf"(?:{'|'.join(map(re.escape, LEAD_YES))}) (?:not|never)\b", t):
        return False
    if _starts(t, LEAD_YES):
        return True
    if slot in OCCASIONAL_SLOTS and _has(t, SOMETIMES):
        return True
    return None
