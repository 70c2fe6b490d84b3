"""Measures the running bot on a door set over REST and writes the figures: how each
first message was handled, and each conversation's triage level.

    TWITCH_MODEL=models/<model>.tar.gz python -m tests.door_measure tests/nlu_door3 build/results/door3
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from statistics import median
from typing import Any, Dict

from tests.e2e.door2_driver import drive
from tests.e2e.server import Conversation, Servers, texts
from tests.e2e.test_door import cards, turn
from tests.door_sets import LEVELS, DoorSet, Message

FALLBACK = "didn't understand"


def judge(conv: Conversation, m: Message) -> Dict[str, Any]:
    """Whether the bot handled a first message as its handling says."""
    t = turn(conv, m.text)
    kinds = cards(t)
    slots = conv.slots()
    said = texts(t["replies"])
    first = kinds[0] if kinds else None
    alarm = {"emergency", "crisis"} & set(kinds) or slots["triage_level"] == "emergency"
    emergency = "emergency" in kinds or slots["triage_level"] == "emergency"
    asked = conv.asked()
    if m.handling in ("crisis", "emergency"):
        ok = first == m.handling
    elif m.handling == "triage":
        ok = bool(asked or "triage_result" in kinds) and not alarm and FALLBACK not in said \
            and not slots["faq_topic"]
    elif m.handling == "child":
        ok = slots["age_under_16"] is True and not alarm
    elif m.handling == "faq":
        ok = slots["faq_topic"] == m.intent.split("/", 1)[1] and not alarm
    elif m.handling == "out_of_scope":
        ok = not asked and not alarm and not slots["faq_topic"]
    else:
        ok = not alarm
    return {"text": m.text, "intent": m.intent, "handling": m.handling, "near_miss": m.near_miss,
            "style": m.style, "ok": bool(ok), "first": first, "cards": kinds,
            "false_emergency": m.handling not in ("emergency",) and bool(emergency),
            "asked": asked, "faq_topic": slots["faq_topic"], "reply": said[:160]}


def run_conversation(servers: Servers, case: Dict[str, Any]) -> Dict[str, Any]:
    conv = Conversation(servers)
    out = drive(conv, case)
    slots = out["slots"]
    row = {"name": case["name"], "expected": case.get("level", case.get("expect")),
           "got": slots.get("triage_level"), "asked": out["asked"],
           "turns": [(t["said"], t["kind"]) for t in out["turns"]]}
    if case.get("expect") == "crisis":
        row["got"] = "crisis" if any(t["kind"] == "crisis" for t in out["turns"]) else row["got"]
        row["ok"] = row["got"] == "crisis"
    elif case.get("expect") == "no_alarm":
        row["ok"] = not {"emergency", "crisis"} & {t["kind"] for t in out["turns"]} \
            and slots.get("triage_level") != "emergency"
    elif case.get("expect") == "child":
        row["got"] = "child" if slots.get("age_under_16") else row["got"]
        row["ok"] = row["got"] == "child" and slots.get("triage_level") != "emergency"
    else:
        got = LEVELS.index(row["got"]) if row["got"] in LEVELS else -1
        row["ok"] = row["got"] == case["level"]
        row["under"] = got < LEVELS.index(case["level"])
        row["over"] = got > LEVELS.index(case["level"])
        if case["level"] == "emergency":
            row["emergency_first"] = any(t["kind"] == "emergency" for t in out["turns"])
    return row


def main(folder: str, out_dir: str) -> None:
    door_set = DoorSet(Path(folder))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    servers = Servers(os.environ["TWITCH_MODEL"]).start()
    try:
        rows = [judge(Conversation(servers), m) for m in door_set.messages]
        convs = [run_conversation(servers, c) for c in door_set.conversations]
    finally:
        servers.stop()
    (out / "messages.json").write_text(json.dumps(rows, indent=1))
    (out / "conversations.json").write_text(json.dumps(convs, indent=1))
    by = Counter((r["handling"], r["ok"]) for r in rows)
    print("first messages handled right:", sum(r["ok"] for r in rows), "/", len(rows))
    for h in sorted({r["handling"] for r in rows}):
        print(f"  {h}: {by[(h, True)]}/{by[(h, True)] + by[(h, False)]}")
    nm = [r for r in rows if r["near_miss"]]
    print("near-miss false emergencies:", sum(r["false_emergency"] for r in nm), "/", len(nm))
    print("false emergencies (all non-emergency):", sum(r["false_emergency"] for r in rows))
    levelled = [c for c in convs if "under" in c]
    print("conversations exact level:", sum(c["ok"] for c in levelled), "/", len(levelled),
          " under-triaged:", sum(c["under"] for c in levelled), " over:", sum(c["over"] for c in levelled))
    triaged = [len(c["asked"]) for c in levelled if c["got"] in LEVELS[:-1]]
    print("median questions per triage:", median(triaged) if triaged else None, "over", len(triaged))
    others = [c for c in convs if "under" not in c]
    print("crisis/child conversations right:", sum(c["ok"] for c in others), "/", len(others))
    for c in convs:
        if not c["ok"]:
            print("  FAIL", c["name"], c["expected"], "->", c["got"], c["asked"])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
