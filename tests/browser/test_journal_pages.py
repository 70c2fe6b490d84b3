"""The journal's chart and page for the doctor in real Chromium, as a person sees them:
the text is there and the chart is sharp at phone width (the PDF's single page is
checked in tests/unit/test_journal_outputs.py)."""
from datetime import datetime, timedelta, timezone

import requests
from playwright.sync_api import expect

from journal import links
from journal.store import Journal, database_url
from tests.browser.conftest import SHOTS, screenshot

PHONE = {"width": 400, "height": 800}


def _shared(servers, sender):
    journal = Journal.from_env(database_url(servers.env()))
    now = datetime.now(timezone.utc)
    for days_ago, place, seconds, factors, note in [
        (26, "left calf", 600, ["exercise"], "after my run"), (22, "left calf", 300, ["exercise", "caffeine"], None),
        (19, "right eyelid", 40, ["poor_sleep"], None), (15, "left calf", 900, ["caffeine"], None),
        (11, "left calf", 120, [], None), (8, "thumb", 30, ["stress"], "typing all day"),
        (4, "left calf", 600, ["caffeine", "exercise"], None), (1, "left calf", 200, ["caffeine"], None),
    ]:
        journal.add_entry(sender, place, now - timedelta(days=days_ago), duration_seconds=seconds, factors=factors,
                          note=note)
    journal.check_in(sender, False, ["alcohol"], day=(now - timedelta(days=6)).date())
    journal.add_red_flag_answers(sender, {"weakness": False, "atrophy": None}, source="triage",
                                 when=now - timedelta(days=26))
    journal.add_red_flag_answers(sender, {"weakness": False}, when=now - timedelta(days=6))
    journal.add_triage_result(sender, "routine", ["atrophy_not_sure"], when=now - timedelta(days=26))
    return {kind: links.share(journal, sender, kind, base=servers.web_url) for kind in links.FILES}


def test_the_doctors_page_reads_as_it_should(browser, servers):
    shared = _shared(servers, "browser-journal-page")
    context = browser.new_context(viewport={"width": 900, "height": 1200})
    page = context.new_page()
    page.goto(shared["summary"]["url"])
    expect(page.locator("h1")).to_have_text("Twitch journal: a summary for the doctor")
    for text in ("Where, how often, how long", "left calf", "right eyelid", "Factors noted", "caffeine (4 days)",
                 "Answers about warning signs, over time", "Loss of strength in daily life",
                 "Routine: no rush", "Not sure: a muscle looking thinner", "Questions to ask", "not a diagnosis"):
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    screenshot(page, "journal-summary")
    context.close()

    served = requests.get(shared["summary"]["pdf"], timeout=60)
    assert served.status_code == 200 and served.content.startswith(b"%PDF")


def test_the_chart_is_sharp_at_phone_width(browser, servers):
    shared = _shared(servers, "browser-journal-chart")
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = context.new_page()
    page.set_content(f'<img id="chart" src="{shared["chart"]["image"]}" style="width:100%">')
    chart = page.locator("#chart")
    page.wait_for_function("document.getElementById('chart').complete")
    natural, shown = chart.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
    assert natural >= 2 * shown - 40, "two image pixels for each CSS pixel on a 2x phone screen"
    assert shown <= PHONE["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(SHOTS / "journal-chart.png"))
    context.close()
