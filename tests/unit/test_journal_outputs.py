"""What the journal makes: the chart PNG, the page for the doctor (HTML, one-page PDF)
and the CSV. The page as a person reads it is checked in tests/browser."""
import csv
import io
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest

from journal import chart, export, summary
from journal.records import CheckIn, Entry, JournalData, RedFlagAnswer, TriageResult

TODAY = date(2026, 11, 20)


def _at(days_ago, hour=9):
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def sample() -> JournalData:
    entries = tuple(Entry(id=i, at=_at(d, 8 + i % 10), place=p, duration_seconds=s, factors=f, note=n)
                    for i, (d, p, s, f, n) in enumerate([
                        (20, "left calf", 600, ("exercise",), "after my run"),
                        (18, "left calf", 300, ("exercise", "caffeine"), None),
                        (15, "right eyelid", 40, ("poor_sleep",), None),
                        (12, "left calf", 900, ("caffeine",), None),
                        (9, "left calf", 120, (), "=cmd|' /C calc'!A0"),
                        (5, "thumb", 30, ("stress",), "typing all day 🙂"),
                        (2, "left calf", 600, ("caffeine", "exercise"), None),
                    ]))
    checkins = (CheckIn(TODAY - timedelta(days=7), False, ("alcohol",)), CheckIn(TODAY - timedelta(days=1), True))
    flags = (RedFlagAnswer(_at(20), "weakness", False, "triage"), RedFlagAnswer(_at(20), "atrophy", None, "triage"),
             RedFlagAnswer(_at(6), "weakness", False, "check-in"))
    triage = (TriageResult(_at(20), "routine", ("atrophy_not_sure",)),)
    return JournalData("Europe/London", TODAY - timedelta(days=20), TODAY, entries, checkins, flags, triage)


def test_the_chart_is_a_phone_sized_png():
    png = chart.render_png(sample().entries, sample().checkins, TODAY)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == chart.WIDTH_IN * chart.DPI  # 800 pixels: sharp at 400 CSS pixels


def test_the_chart_of_an_empty_month_still_draws():
    assert chart.render_png([], [], TODAY)[:4] == b"\x89PNG"


def test_the_page_holds_what_the_doctor_needs():
    html = summary.render_html(sample(), datetime(2026, 11, 20, tzinfo=timezone.utc))
    for text in ("31 October 2026 to 20 November 2026", "left calf", "right eyelid", "usually 10 minutes",
                 "Factors noted", "caffeine (3 days)", "Loss of strength in daily life", "31 Oct: <strong>no</strong> (triage)",
                 "14 Nov: <strong>no</strong> (check-in)", "Routine: no rush", "Questions to ask",
                 "typing all day 🙂", "not a diagnosis"):
        assert text in html, text
    assert "<script" not in html


def test_a_note_cannot_inject_markup():
    data = sample()
    evil = Entry(id=99, at=_at(1), place="calf", note="<img src=x onerror=alert(1)>")
    html = summary.render_html(JournalData(data.time_zone, data.start, data.end, data.entries + (evil,)),
                               datetime(2026, 11, 20, tzinfo=timezone.utc))
    assert "<img" not in html and "&lt;img" in html


@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_the_pdf_is_one_page(paper, tmp_path):
    pdf = summary.render_pdf(sample(), datetime(2026, 11, 20, tzinfo=timezone.utc), paper)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:          1" in info
    assert ("595 x 842" in info) if paper == "A4" else ("612 x 792" in info)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Questions to ask" in text and "left calf" in text


def test_the_csv_has_one_row_per_entry():
    text = export.to_csv(sample().entries)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == list(export.COLUMNS)
    assert len(rows) == len(sample().entries)
    assert rows[0] == {"date": "2026-10-31", "time": "08:00", "utc_offset": "+00:00", "place": "left calf",
                       "duration_seconds": "600", "times": "", "factors": "exercise", "note": "after my run"}
    assert rows[4]["note"].startswith("'=")  # a spreadsheet reads it as text, not a formula
    assert rows[5]["note"] == "typing all day 🙂"
