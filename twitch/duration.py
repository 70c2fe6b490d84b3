"""How long it has gone on: spotting duration phrases and turning them into days.

`duration_token_patterns` gives the spaCy entity-ruler patterns that find a phrase;
`to_days` reads the phrase ("three weeks", "since last Monday", "a couple of months",
"2 days", "over a fortnight") into a number of days. Pure: no spaCy needed to read.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UNIT_DAYS: Dict[str, float] = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "night": 1,
    "week": 7,
    "fortnight": 14,
    "month": 30,
    "year": 365,
}
UNIT_ALIASES = {
    "sec": "second", "secs": "second", "seconds": "second",
    "min": "minute", "mins": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hours": "hour",
    "d": "day", "days": "day", "dys": "day", "nights": "night",
    "w": "week", "wk": "week", "wks": "week", "weeks": "week", "weeek": "week", "weeks.": "week",
    "fortnights": "fortnight",
    "mo": "month", "mos": "month", "mth": "month", "mths": "month", "mnth": "month",
    "mnths": "month", "months": "month", "monthes": "month",
    "y": "year", "yr": "year", "yrs": "year", "years": "year",
}
# Long but vague: read as a month, enough to count as "over two weeks".
LONG_TIME = {"ages", "a long time", "a long while", "forever", "donkey's years", "yonks"}
# "for weeks": a plural unit with no number is read as a typical amount.
VAGUE_PLURAL_DAYS = {"hour": 0.2, "day": 3, "night": 3, "week": 21, "month": 60, "year": 730}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "couple": 2, "few": 3,
    "several": 3, "half": 0.5, "dozen": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_RE = re.compile(
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)s?"
)
WEEKDAY_BY_ABBR = {d[:3]: d for d in WEEKDAYS}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
# A month as written: its name or usual abbreviation, nothing longer ("marriage" is no March).
MONTH_RE = "(" + "|".join(sorted({*MONTHS, *(m[:3] for m in MONTHS), "sept"}, key=len, reverse=True)) + r")\.?"
RELATIVE_DAYS = {
    "today": 0.5, "this morning": 0.5, "this afternoon": 0.3, "this evening": 0.2,
    "tonight": 0.2, "earlier today": 0.5, "last night": 1, "yesterday": 1,
    "the day before yesterday": 2, "day before yesterday": 2, "the weekend": None,
    "last weekend": None, "last week": 7, "this week": None, "last month": 30,
    "this month": None, "last year": 365, "this year": None, "christmas": None,
}
MORE = ("more than", "over", "longer than", "well over", "upwards of")
LESS = ("less than", "under", "almost", "nearly", "just under", "not quite")

_UNIT_WORDS = sorted(set(UNIT_DAYS) | set(UNIT_ALIASES), key=len, reverse=True)
_UNIT_RE = "|".join(re.escape(u) for u in _UNIT_WORDS)
_NUM_WORDS_RE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUM_RE = rf"(?:\d+(?:\.\d+)?|(?:{_NUM_WORDS_RE})\b)"
_AMOUNT = re.compile(
    rf"\b(?:(?P<half_a>half an?)\s+(?P<hunit>{_UNIT_RE})\b)"
    rf"|\b(?:(?P<n1>{_NUM_RE})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_NUM_RE}))?"
    rf"(?P<and_half1>\s+and\s+a\s+half)?\s*(?:of\s+)?(?P<unit>{_UNIT_RE})\b"
    rf"(?P<and_half2>\s+and\s+a\s+half)?)"
)
_VAGUE = re.compile(rf"\b(?:for|over|past|the last|in)\s+(?P<unit>{_UNIT_RE})\b")


def user_today(metadata: Any = None, now: Optional[datetime] = None) -> date:
    """The user's date: in the IANA time zone the channel sent (the widget sends
    `{"timezone": "Europe/London"}`), else in UTC, never the server's local date."""
    now = now or datetime.now(timezone.utc)
    name = metadata.get("timezone") if isinstance(metadata, dict) else None
    if isinstance(name, str) and 0 < len(name) <= 64:
        try:
            return now.astimezone(ZoneInfo(name)).date()
        except (ZoneInfoNotFoundError, ValueError):
            pass  # an unknown or malformed zone: UTC
    return now.astimezone(timezone.utc).date()


def _unit(word: str) -> Optional[str]:
    word = word.lower().rstrip(".")
    if word in UNIT_DAYS:
        return word
    return UNIT_ALIASES.get(word)


def _number(word: str) -> float:
    word = word.lower()
    return float(word) if word[0].isdigit() else float(NUMBER_WORDS[word])


def _days_since_weekday(name: str, today: date) -> int:
    back = (today.weekday() - WEEKDAYS.index(name)) % 7
    return back or 7


def _days_since_month(name: str, today: date) -> int:
    month = MONTHS.index(name) + 1
    year = today.year if month <= today.month else today.year - 1
    return max(1, (today - date(year, month, 1)).days)


def _days_since_day_of_month(day: int, today: date) -> Optional[float]:
    """'since the 3rd': this month's 3rd, or last month's when that is still to come."""
    if not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    if day >= today.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        return float(max(1, (today - date(year, month, day)).days))
    except ValueError:  # the 31st of a short month
        return None


def _since(text: str, today: date) -> Optional[float]:
    """'since last monday', 'since yesterday', 'since march', bare 'yesterday'."""
    t = re.sub(r"^(?:ever\s+)?since\s+", "", text).strip()
    t = re.sub(rf"^(?:last|this|on|the)\s+(?={WEEKDAY_RE.pattern}$)", "", t)
    t = re.sub(r"^(?:the\s+)?(?:start|beginning)\s+of\s+", "", t)
    nth = re.fullmatch(r"the (\d{1,2}) ?(?:st|nd|rd|th)?", t)
    if nth:
        return _days_since_day_of_month(int(nth.group(1)), today)
    day = WEEKDAY_RE.fullmatch(t)
    if day:
        return float(_days_since_weekday(WEEKDAY_BY_ABBR[day.group(1)[:3]], today))
    month = re.fullmatch(rf"(?:last\s+|early\s+|mid\s+|late\s+)?{MONTH_RE}", t)
    if month:
        name = next(m for m in MONTHS if m.startswith(month.group(1)[:3]))
        return float(_days_since_month(name, today))
    if t in ("the weekend", "last weekend", "weekend", "the week end"):
        return float(_days_since_weekday("saturday", today))
    if t in ("this week",):
        return float(today.weekday() or 7)
    if t in ("this month",):
        return float(max(1, today.day - 1))
    if t in ("this year",):
        return float(max(1, today.timetuple().tm_yday - 1))
    if t in ("christmas", "xmas"):
        year = today.year if (today.month, today.day) > (12, 25) else today.year - 1
        return float((today - date(year, 12, 25)).days)
    return RELATIVE_DAYS.get(t)


def to_days(text: str, today: Optional[date] = None) -> Optional[float]:
    """Days a duration phrase stands for, or None when it is not one (by default
    counted from the date in UTC, never the server's local date)."""
    today = today or user_today()
    t = " ".join(text.lower().replace("’", "'").split())
    t = re.sub(r"(\d)(?=[a-z])", r"\1 ", t)  # 3wks -> 3 wks
    t = re.sub(r"\s+now$", "", t)  # "three weeks now"
    if not t:
        return None
    since = _since(t, today)
    if since is not None:
        return since
    core = re.sub(r"^(?:for|over|in)\s+", "", t)
    if core in LONG_TIME:
        return 30.0
    past = re.fullmatch(rf"(?:the\s+)?(?:past|last)\s+({_UNIT_RE})", core)
    if past and _unit(past.group(1)) in UNIT_DAYS and not past.group(1).endswith("s"):
        return float(UNIT_DAYS[_unit(past.group(1))])  # "the past month"
    days: Optional[float] = None
    m = _AMOUNT.search(t)
    if m and m.group("half_a"):
        days = 0.5 * UNIT_DAYS[_unit(m.group("hunit"))]
    elif m:
        unit = _unit(m.group("unit"))
        amount = max(_number(m.group("n1")), _number(m.group("n2")) if m.group("n2") else 0)
        if m.group("and_half1") or m.group("and_half2"):
            amount += 0.5
        days = amount * UNIT_DAYS[unit]
    else:
        v = _VAGUE.search(t)
        bare = _unit(core)
        if v and _unit(v.group("unit")) in VAGUE_PLURAL_DAYS and v.group("unit").endswith("s"):
            days = VAGUE_PLURAL_DAYS[_unit(v.group("unit"))]
        elif bare in VAGUE_PLURAL_DAYS and core.endswith("s"):  # a bare "months"
            days = VAGUE_PLURAL_DAYS[bare]
        elif bare in UNIT_DAYS and not core.endswith("s"):  # "week"
            days = UNIT_DAYS[bare]
    if days is None:
        return None
    if any(t.startswith(w + " ") for w in MORE):
        days += 1
    elif any(t.startswith(w + " ") for w in LESS):
        days = max(days - 1, days / 2)
    return round(days, 8)  # to well under a second: a journal entry can be "a few seconds"


def duration_token_patterns() -> List[List[Dict]]:
    """spaCy entity-ruler token patterns that find the phrases to_days reads."""
    units = sorted(set(UNIT_DAYS) | set(UNIT_ALIASES))
    num = {"LOWER": {"IN": sorted(set(NUMBER_WORDS) - {"half"})}}
    like_num = {"LIKE_NUM": True}
    unit = {"LOWER": {"IN": units}}
    plural_unit = {"LOWER": {"IN": [u for u in units if u.endswith("s") and len(u) > 3]}}
    modifier = {"LOWER": {"IN": ["more", "than", "over", "longer", "well", "less", "under",
                                 "almost", "nearly", "just", "upwards", "of", "not", "quite"]},
                "OP": "*"}
    glued = {"LOWER": {"REGEX": rf"^\d+(\.\d+)?({_UNIT_RE})$"}}
    and_half = [{"LOWER": "and"}, {"LOWER": "a"}, {"LOWER": "half"}]
    day_word = {"LOWER": {"REGEX": rf"^{WEEKDAY_RE.pattern}$"}}
    month_word = {"LOWER": {"REGEX": rf"^{MONTH_RE}$"}}
    patterns: List[List[Dict]] = []
    for n in (num, like_num):
        patterns += [
            [modifier, n, unit],
            [modifier, n, {"LOWER": "of"}, unit],
            [modifier, n, unit, *and_half],
            [modifier, n, *and_half, unit],
            [modifier, n, {"LOWER": {"IN": ["-", "to", "or", "–"]}}, {"LIKE_NUM": True}, unit],
            [modifier, n, {"LOWER": {"IN": ["-", "to", "or", "–"]}}, num, unit],
        ]
    patterns += [
        [modifier, {"LOWER": "a", "OP": "?"}, {"LOWER": {"IN": ["couple", "few"]}},
         {"LOWER": "of", "OP": "?"}, unit],
        [modifier, {"LOWER": "half"}, {"LOWER": {"IN": ["a", "an"]}}, unit],
        [modifier, glued],
        [{"LOWER": "a", "OP": "?"}, {"LOWER": "fortnight"}],
        [{"LOWER": {"IN": ["for", "over"]}}, plural_unit],
        [{"LOWER": "since"}, {"LOWER": {"IN": ["last", "this", "on", "the"]}, "OP": "?"}, day_word],
        [{"LOWER": "since"}, {"LOWER": {"IN": ["last", "early", "mid", "late"]}, "OP": "?"}, month_word],
        [{"LOWER": "since"}, {"LOWER": {"IN": ["yesterday", "today", "christmas", "xmas"]}}],
        [{"LOWER": "since"}, {"LOWER": "the"}, {"LOWER": {"REGEX": r"^\d{1,2}(st|nd|rd|th)?$"}}],
        [{"LOWER": "since"}, {"LOWER": {"IN": ["last", "this", "the"]}},
         {"LOWER": {"IN": ["week", "month", "year", "weekend", "night", "morning"]}}],
        [{"LOWER": "since"}, {"LOWER": "the"}, {"LOWER": "day"}, {"LOWER": "before"},
         {"LOWER": "yesterday"}],
        [{"LOWER": {"IN": ["yesterday", "today"]}}],
        [{"LOWER": {"IN": ["last", "this"]}}, {"LOWER": {"IN": ["night", "week", "month", "weekend", "morning"]}}],
        [{"LOWER": "the", "OP": "?"}, {"LOWER": "past"}, {"LOWER": {"IN": ["week", "month", "year", "fortnight"]}}],
        [{"LOWER": {"IN": ["on", "last"]}}, day_word],
    ]
    return patterns
