"""Summarises `rasa test nlu` output: intent and entity precision, recall and F1,
the macro-F1 on intents, and the confusions; for the FAQ's retrieval intent, which
topic (faq/<key>) the ResponseSelector picked, and how many FAQ questions got the right
answer (the intent `faq` and the right topic). With --min-macro-f1 it fails below it.

    python -m twitch.nlu_report build/results/nlu [--min-macro-f1 0.95] [--name NAME] [--intents-only]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List

SUMMARY_ROWS = ("accuracy", "macro avg", "micro avg", "weighted avg")


def _table(report: Dict, title: str) -> List[str]:
    lines = [f"## {title}", "", "| label | precision | recall | F1 | support | confused with |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for label, row in sorted(report.items()):
        if label in SUMMARY_ROWS or not isinstance(row, dict):
            continue
        confused = ", ".join(f"{k} ({v})" for k, v in (row.get("confused_with") or {}).items())
        lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['f1-score']:.3f} | {row['support']} | {confused} |")
    for label in ("macro avg", "weighted avg"):
        if label in report:
            row = report[label]
            lines.append(f"| **{label}** | {row['precision']:.3f} | {row['recall']:.3f} | "
                         f"{row['f1-score']:.3f} | {row['support']} | |")
    return lines + [""]


def _read_list(path: Path) -> List[Dict]:
    return json.loads(path.read_text()) if path.exists() else []


def summarise(results: Path, name: str = "", intents_only: bool = False) -> Dict[str, float]:
    intents = json.loads((results / "intent_report.json").read_text())
    lines = ([f"# {name}", ""] if name else []) + _table(intents, "Intents")
    figures = {"intent_macro_f1": intents["macro avg"]["f1-score"],
               "intent_accuracy": intents.get("accuracy", 0.0)}
    for path in [] if intents_only else sorted(results.glob("*Extractor_report.json")):
        entities = json.loads(path.read_text())
        lines += _table(entities, f"Entities ({path.name.split('_')[0]})")
        if "macro avg" in entities:
            figures["entity_macro_f1"] = entities["macro avg"]["f1-score"]
        if "micro avg" in entities:
            figures["entity_micro_f1"] = entities["micro avg"]["f1-score"]
    intent_errors = _read_list(results / "intent_errors.json")
    topics = results / "response_selection_report.json"
    if topics.exists():
        report = json.loads(topics.read_text())
        lines += _table(report, "FAQ topics (response selection)")
        figures["topic_accuracy"] = report.get("accuracy", report.get("micro avg", {}).get("f1-score", 0.0))
        figures["topic_macro_f1"] = report["macro avg"]["f1-score"]
        topic_errors = _read_list(results / "response_selection_errors.json")
        # Right answer = the intent `faq` and the right topic; a wrong topic or a
        # question read as another intent both give the user the wrong answer.
        wrong = {e["text"] for e in topic_errors} | {e["text"] for e in intent_errors if e["intent"] == "faq"}
        asked = intents.get("faq", {}).get("support", 0)
        if asked:
            figures["faq_answer_accuracy"] = 1 - len(wrong) / asked
        lines += ["## FAQ topics picked wrongly", ""] + [
            f"- \"{e['text']}\": {e['intent_response_key_target']} read as "
            f"{e['intent_response_key_prediction']['name']}" for e in topic_errors] + [""]
    if intent_errors:
        lines += ["## Misclassified messages", ""]
        for e in intent_errors:
            lines.append(f"- \"{e['text']}\": {e['intent']} read as {e['intent_prediction']['name']}")
    (results / "summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return figures


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results", type=Path)
    parser.add_argument("--min-macro-f1", type=float)
    parser.add_argument("--name", default="")
    parser.add_argument("--intents-only", action="store_true")
    args = parser.parse_args(argv)
    figures = summarise(args.results, args.name, args.intents_only)
    print((f"{args.name}: " if args.name else "") + " ".join(f"{k}={v:.4f}" for k, v in figures.items()))
    if args.min_macro_f1 is not None and figures["intent_macro_f1"] < args.min_macro_f1:
        print(f"{args.name or args.results}: intent macro-F1 {figures['intent_macro_f1']:.4f} "
              f"is below {args.min_macro_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
