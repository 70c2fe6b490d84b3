"""Builds the project's spaCy pipeline from content/lexicon.yml.

spaCy's pretrained pipelines cannot be downloaded here, so the pipeline is
spacy.blank("en") plus an entity ruler (body parts, findings, triggers, emergency and
crisis phrases, medicines, twitch words, durations) and a span ruler for cues
(negation, sudden onset, past, future, "I can still do everything", change, speed).

    python -m twitch.nlp_build twitch_nlu/pipelines/spacy_twitch
"""
from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import spacy
import yaml
from spacy.language import Language

from twitch.duration import duration_token_patterns

LEXICON = Path(__file__).resolve().parent.parent / "content" / "lexicon.yml"
ENTITY_LABELS = ("body_part", "symptom", "trigger", "emergency", "companion", "crisis",
                 "crisis_risk", "medicine", "twitch", "ignore")
CUE_LABELS = ("negation", "sudden", "past", "future", "still_able", "change", "rapid", "journal")
CUES_KEY = "cues"


def expand(phrase: str) -> Iterator[str]:
    """'{a|b} c' -> 'a c', 'b c'."""
    parts = re.split(r"(\{[^}]*\})", phrase)
    options = [p[1:-1].split("|") if p.startswith("{") else [p] for p in parts]
    for combo in itertools.product(*options):
        text = " ".join("".join(combo).split())
        if text:
            yield text


def token_pattern(nlp: Language, text: str) -> List[Dict]:
    pattern = []
    for word in text.split(" "):
        if word.startswith("~"):
            pattern.append({"LOWER": {"REGEX": f"^{re.escape(word[1:])}"}})
        else:
            pattern += [{"LOWER": t.lower_} for t in nlp.make_doc(word)]
    return pattern


def ruler_patterns(nlp: Language, lexicon: Dict) -> List[Dict]:
    patterns = []
    sides = lexicon.get("sides", [])
    for label in ENTITY_LABELS:
        for value, phrases in lexicon[label].items():
            for phrase in phrases:
                for text in expand(phrase):
                    texts = [text]
                    if label == "body_part":
                        texts += [f"{side} {text}" for side in sides]
                    patterns += [
                        {"label": label, "id": value, "pattern": token_pattern(nlp, t)}
                        for t in texts
                    ]
    patterns += [
        {"label": "duration", "id": "duration", "pattern": p}
        for p in duration_token_patterns()
    ]
    return patterns


def cue_patterns(nlp: Language, lexicon: Dict) -> List[Dict]:
    return [
        {"label": label, "pattern": token_pattern(nlp, text)}
        for label in CUE_LABELS
        for phrase in lexicon[label]
        for text in expand(phrase)
    ]


def build(lexicon_path: Path = LEXICON) -> Language:
    lexicon = yaml.safe_load(lexicon_path.read_text(encoding="utf-8"))
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns(nlp, lexicon))
    cues = nlp.add_pipe("span_ruler", config={"spans_key": CUES_KEY})
    cues.add_patterns(cue_patterns(nlp, lexicon))
    nlp.meta["name"] = "twitch_rules"
    nlp.meta["description"] = "Rule-based pipeline built from content/lexicon.yml"
    return nlp


def main(argv: List[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "twitch_nlu/pipelines/spacy_twitch")
    out.parent.mkdir(parents=True, exist_ok=True)
    build().to_disk(out)
    print(f"spaCy pipeline written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
