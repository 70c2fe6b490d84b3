"""Whether a message says the person with the twitching is under 16: "my 9 year old's
leg keeps twitching", "my son (12)", "I'm 15", "my toddler". The triage is for people
16 and over (CONTRACT.md section 3). Pure; regular expressions over the lowercased text.
"""
from __future__ import annotations

import re
from typing import List, Optional

ADULT_AGE = 16
WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER = r"(\d{1,2}|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
# Not an age: "I'm 15 days into this", "I'm 12 weeks pregnant".
NOT_AGE_AFTER = r"(?!\s*(?:-|\s)?(?:days?|weeks?|wks?|months?|hours?|hrs?|minutes?|mins?|times?|%|kg|lbs?|cm|st|stone|mg|cups?|percent)\b)"
AGE_PATTERNS = [
    # "9 year old", "9-year-old", "15 yrs old", "9yo", "9 y/o", "12 years of age"
    re.compile(NUMBER + r"[\s-]*(?:years?|yrs?|yr)[\s-]*(?:old|of age)\b"),
    re.compile(r"\b" + NUMBER + r"\s*(?:yo|y/o|y\.o\.)\b"),
    # "I'm 15", "I am only 14", "im 13 and"
    re.compile(r"\b(?:i'm|im|i am)\s+(?:only\s+|just\s+)?" + NUMBER + r"\b" + NOT_AGE_AFTER),
    # "my son (12)", "my daughter, 12,", "my boy 10", "my daughter is 12"
    re.compile(r"\b(?:son|daughter|child|kid|boy|girl|brother|sister|grandson|granddaughter|"
               r"nephew|niece|stepson|stepdaughter)\s*[(,]?\s*(?:(?:is|who is|who's|just turned)\s+)?" + NUMBER + r"\s*[),]?(?=\W|$)" + NOT_AGE_AFTER),
    # "aged 10", "age 7"
    re.compile(r"\b(?:aged|age)\s+" + NUMBER + r"\b"),
]
# Asking about one's own child's twitching, with no age given ("my toddler's eyelid",
# "my son keeps twitching"); "since my baby was born" is about the parent.
CHILD = re.compile(
    r"\b(?:my|our)\s+(?:little\s+|young\s+|baby\s+)?(?:child|children|kid|kids|baby|babies|toddler|"
    r"infant|newborn|little one|son|daughter|boy|girl)(?:'s\b|(?:\s+\S+){0,4}?\s+"
    r"(?:twitch|jerk|spasm|flicker|jump|tic|shak)\w*)"
    # With no "my": words that are always a young child ("toddler's eyelid twitching").
    r"|\b(?:toddler|infant|newborn)'s\b"
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else WORDS[word]


def ages(text: str) -> List[int]:
    """The ages a message states."""
    t = text.lower().replace("’", "'")
    return [_number(m.group(1)) for p in AGE_PATTERNS for m in p.finditer(t)]


def under_16(text: str) -> Optional[bool]:
    """True when the message says the person is under 16; None when it doesn't say."""
    stated = ages(text)
    if stated:
        return True if min(stated) < ADULT_AGE else None
    return True if CHILD.search(text.lower()) else None
