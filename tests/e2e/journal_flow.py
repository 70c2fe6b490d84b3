"""The journal's end-to-end conversation, the same in every channel (issue 10): four
entries (one corrected), the summary with its chart, the page for the doctor, the CSV,
then "forget me", after which every link is gone. Each channel's test passes in how to
talk and how to read a reply as {"text", "buttons", "card"}."""
from __future__ import annotations

import csv
import io
from typing import Any, Callable, Dict, List

import requests

Reply = Dict[str, Any]
ENTRIES = [
    "left calf again after my run, about 10 minutes",
    "add to my journal: right eyelid yesterday after coffee, a couple of minutes",
    "log: left thigh on monday, 5 minutes, I was stressed",
    "journal: left calf 3 times this morning after coffee",
]
GONE = (404, 410)


def fetch(url: str) -> requests.Response:
    return requests.get(url, timeout=60)


def links_work(links: Dict[str, str]) -> None:
    """Each link opens what it should, as a person would get it."""
    chart = fetch(links["image"])
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG"), chart.status_code
    page = fetch(links["url"])
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "left calf" in page.text.lower()
    pdf = fetch(links["pdf"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    rows = list(csv.DictReader(io.StringIO(fetch(links["csv"]).text)))
    assert len(rows) == 4, rows
    return None


def log_four(say: Callable[[str], List[Reply]], click: Callable[[str], List[Reply]]) -> List[Reply]:
    """Keeps a journal from the start button, logs four entries and corrects one."""
    started = say("I want to keep a journal")
    assert "journal" in started[-1]["text"].lower()
    first = say(ENTRIES[0])
    assert "left calf" in first[-1]["text"].lower() and "10 minutes" in first[-1]["text"].lower()
    fixed = say("no, it was my right calf")
    assert "right calf" in fixed[-1]["text"].lower() and "10 minutes" in fixed[-1]["text"].lower()
    factors = click("That's right")
    assert any(t == "Caffeine" for t, _ in factors[-1]["buttons"])
    click("Poor sleep")
    click("Done")
    shown = [fixed[-1]]
    for text in ENTRIES[1:]:
        shown.append(say(text)[-1])
        assert "logged" in shown[-1]["text"].lower(), shown[-1]
    return shown


def see_everything(say: Callable[[str], List[Reply]], card: Callable[[Reply], Dict[str, Any]]) -> Dict[str, str]:
    """The summary and chart, the page for the doctor and the CSV: their links."""
    summary = say("show my journal")[-1]
    assert "4 entries" in summary["text"]
    chart = card(summary)
    assert chart["type"] == "journal_chart"
    page = card(say("summary for my doctor")[-1])
    assert page["type"] == "journal_summary"
    export = card(say("export my journal")[-1])
    assert export["type"] == "journal_export"
    links = {"image": chart["image"], "url": page["url"], "pdf": page["pdf"], "csv": export["url"]}
    links_work(links)
    return links


def gone(links: Dict[str, str]) -> None:
    for url in links.values():
        assert fetch(url).status_code in GONE, url
