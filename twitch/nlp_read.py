"""Reads a message parsed by the project's spaCy pipeline.

- `entities`: body parts, durations (in days), findings and triggers, each with a
  polarity (present, absent or uncertain) read from the words before it.
- `emergency_reasons`: why a message describes an emergency, or nothing.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional

from spacy.tokens import Doc, Span

from twitch.duration import to_days
from twitch.nlp_build import CUES_KEY
# Words that end the reach of a "no" or "not sure" before a finding.
BREAKERS = {".", ",", ";", "!", "?", ":", "but", "though", "although", "however", "yet",
            "except", "apart", "besides", "whereas", "while", "-", "–", "—", "(", ")"}
PRONOUNS = {"i", "i'm", "im", "my", "it", "it's", "its", "he", "she", "they", "we", "you"}
UNCERTAIN = {"sure", "unsure", "maybe", "might", "possibly", "perhaps", "dunno",
             "know", "idea", "certain", "probably", "think"}
NEGATION_WINDOW = 5
# A duration right after these is how often or how long one twitch lasts, not how long
# it has been going on ("ten times a day", "every few minutes").
FREQUENCY_WORDS = {"times", "time", "twice", "once", "thrice", "per", "every", "each",
                   "cups", "cup", "coffees", "cans", "drinks", "shots", "espressos"}
LEADING_FILLER = {"for", "about", "around", "roughly", "approximately", "like", "maybe",
                  "the", "my", "at", "least", "over", "past", "more", "than", "almost",
                  "nearly", "under", "less", "just", "well", "longer", "upwards", "of",
                  "not", "quite"}
# Findings that become an emergency when they start suddenly (contract section 3).
SUDDEN_EMERGENCY = {"weakness", "sensory_symptoms", "bulbar_symptoms"}


def _cue_labels(doc: Doc) -> Dict[int, str]:
    labels: Dict[int, str] = {}
    for span in doc.spans.get(CUES_KEY, []):
        for i in range(span.start, span.end):
            labels.setdefault(i, span.label_)
    return labels


def polarity(span: Span, cues: Optional[Dict[int, str]] = None) -> str:
    """present, absent ("no weakness") or uncertain ("not sure if it's weaker")."""
    doc = span.doc
    cues = _cue_labels(doc) if cues is None else cues
    i = span.start - 1
    seen = 0
    while i >= 0 and seen < NEGATION_WINDOW:
        tok = doc[i]
        low = tok.lower_
        if low in BREAKERS:
            break
        if low in ("and", "or") and i + 1 < len(doc) and doc[i + 1].lower_ in PRONOUNS:
            break
        if low in UNCERTAIN and (low != "think" or _negated_before(doc, i)):
            return "uncertain"
        if cues.get(i) == "negation":
            nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if nxt in ("sure", "certain", "know"):
                return "uncertain"
            return "absent"
        i -= 1
        seen += 1
    return "present"


def _negated_before(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in ("n't", "not", "dont", "don't")


def _trim(span: Span, filler: set) -> Span:
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in filler:
        start += 1
    return span.doc[start:span.end]


def _duration_days(span: Span, today: date) -> Optional[float]:
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in FREQUENCY_WORDS:
        return None
    return to_days(span.text, today)


def entities(doc: Doc, today: Optional[date] = None) -> List[Dict[str, Any]]:
    """Rasa-style entity dicts for the ruler's matches."""
    today = today or date.today()
    cues = _cue_labels(doc)
    out: List[Dict[str, Any]] = []
    for ent in doc.ents:
        label = ent.label_
        if label == "duration":
            days = _duration_days(ent, today)
            if days is None:
                continue
            shown = _trim(ent, LEADING_FILLER)
            value: Any = days
        elif label in ("body_part", "symptom", "trigger"):
            shown = _trim(ent, {"my"}) if label == "body_part" else ent
            value = ent.ent_id_ or ent.lower_
        else:
            continue
        out.append({
            "entity": label,
            "value": value,
            "start": shown.start_char,
            "end": shown.end_char,
            "text": shown.text,
            "polarity": polarity(ent, cues),
        })
    return out


def emergency_reasons(doc: Doc, today: Optional[date] = None) -> List[str]:
    """Why this message describes an emergency: [] when it does not.

    Always an emergency: breathing trouble, choking or being unable to swallow, a
    drooping face, being unable to speak, paralysis. Weakness, numbness or speech and
    swallowing trouble are an emergency when they came on suddenly.
    """
    cues = _cue_labels(doc)
    reasons = [
        ent.ent_id_ for ent in doc.ents
        if ent.label_ == "emergency" and polarity(ent, cues) == "present"
    ]
    sudden = any(label == "sudden" for label in cues.values())
    if sudden and not _lasting(doc, today):
        reasons += [
            f"sudden_{ent.ent_id_}" for ent in doc.ents
            if ent.label_ == "symptom" and ent.ent_id_ in SUDDEN_EMERGENCY
            and polarity(ent, cues) == "present"
        ]
    return list(dict.fromkeys(reasons))


def negated_emergency(doc: Doc) -> bool:
    """The message names an emergency sign only to deny it ("no trouble breathing")."""
    cues = _cue_labels(doc)
    found = [polarity(e, cues) for e in doc.ents if e.label_ == "emergency"]
    return bool(found) and all(p != "present" for p in found)


def _lasting(doc: Doc, today: Optional[date]) -> bool:
    """A stated duration of over a day: the onset was not just now."""
    return any(
        (days := _duration_days(ent, today or date.today())) is not None and days > 1
        for ent in doc.ents if ent.label_ == "duration"
    )
