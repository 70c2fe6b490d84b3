"""The support site's FAQ page in real Chromium: every topic from the knowledge base,
the ask box answering through the bot, and the chat widget on the page."""
import json
import re
from pathlib import Path

import requests
import yaml
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.widget import WidgetUser
from tests.e2e.server import Conversation, texts
from tests.unit.test_knowledge import CONTRACT_KEYS as KEYS


def test_every_contract_topic_is_on_the_page_with_sources_and_review_date(page, servers):
    page.goto(servers.web_url + "/faq")
    for key in KEYS:
        topic = page.locator(f"article#{key}")
        expect(topic).to_be_visible()
        expect(topic.locator(".meta li").first).not_to_be_empty()
        expect(topic.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$"))
        expect(page.locator(f'.toc a[href="#{key}"]')).to_have_count(1)
    expect(page.locator("article.faq")).to_have_count(len(KEYS))
    screenshot(page, "faq-page")


def test_a_topic_link_opens_at_its_answer(page, servers):
    page.goto(servers.web_url + "/faq#night_cramps")
    expect(page.locator("article#night_cramps")).to_be_in_viewport()
    page.locator('.toc a[href="#tongue"]').click()
    assert page.url.endswith("/faq#tongue")
    expect(page.locator("article#tongue")).to_be_in_viewport()


def test_the_page_carries_faq_structured_data_from_the_knowledge_base(page, servers):
    page.goto(servers.web_url + "/faq")
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    questions = data["mainEntity"]
    assert len(questions) == len(KEYS) == 29
    assert [q["@id"] for q in questions] == [f"#{k}" for k in KEYS]
    for q in questions:
        assert q["@type"] == "Question" and q["name"].endswith("?")
        assert q["acceptedAnswer"]["@type"] == "Answer" and len(q["acceptedAnswer"]["text"]) > 100
    heading = page.locator("article#tongue h2").text_content()
    assert next(q for q in questions if q["@id"] == "#tongue")["name"] == heading


def test_the_ask_box_answers_through_the_bot_and_points_at_the_topic(page, servers):
    page.goto(servers.web_url + "/faq")
    page.get_by_label("Your question").fill("could my twitching be ALS?")
    page.get_by_role("button", name="Ask", exact=True).click()
    answer = page.locator("#ask-answer .ask-reply")
    expect(answer).to_contain_text("ALS")
    expect(answer.locator("a.ask-topic")).to_have_attribute("href", "#als")
    expect(page.locator("article#als")).to_have_class(re.compile(r"\bmatched\b"))
    screenshot(page, "faq-ask")


def test_the_ask_box_puts_an_emergency_first(page, servers):
    page.goto(servers.web_url + "/faq")
    page.get_by_label("Your question").fill("I suddenly can't breathe properly")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("#ask-answer .ask-emergency[role=alert] p").first).to_contain_text("emergency")


def test_the_chat_widget_is_on_the_faq_page(page, servers):
    page.goto(servers.web_url + "/faq")
    opener = page.get_by_role("button", name="Ask Twitch Assistant")
    expect(opener).to_have_attribute("aria-expanded", "false")
    opener.click()
    expect(opener).to_have_attribute("aria-expanded", "true")
    user = WidgetUser(page, servers)
    expect(user.bot.first).to_contain_text("Twitch Assistant")
    user.settle()
    user.say("does lack of sleep cause twitches?")
    expect(user.bot.last).to_contain_text("sleep")
    page.keyboard.press("Escape")
    expect(opener).to_have_attribute("aria-expanded", "false")


def test_one_source_an_edited_answer_changes_the_bot_and_the_page(page, servers):
    """The servers read a copy of the knowledge base (TWITCH_FAQ_FILE); edit it live."""
    kb = Path(servers.env()["TWITCH_FAQ_FILE"])
    original = kb.read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    marker = "Herbal tea after six is a fine swap for coffee."
    entry = next(e for e in data["entries"] if e["key"] == "caffeine")
    entry["answer"] = entry["answer"] + " " + marker
    try:
        kb.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        assert marker.lower() in texts(Conversation(servers).say("does coffee cause twitching?"))
        page.goto(servers.web_url + "/faq")
        expect(page.locator("article#caffeine")).to_contain_text(marker)
    finally:
        kb.write_text(original, encoding="utf-8")
    assert marker.lower() not in texts(Conversation(servers).say("does coffee cause twitching?"))


def test_the_pages_are_served_locally_with_a_strict_policy(servers):
    for path in ("/", "/faq"):
        r = requests.get(servers.web_url + path, timeout=30)
        # Nothing is loaded from elsewhere (schema.org in the FAQ's JSON-LD is a name, not a fetch).
        head = re.sub(r'<script type="application/ld\+json">.*?</script>', "", r.text.split("<body>")[0], flags=re.S)
        assert r.ok and "http" not in re.sub(r'data-rasa-url="[^"]*"', "", head)
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    js = requests.get(servers.web_url + "/vendor/socket.io.min.js", timeout=30)
    assert js.ok and "io" in js.text[:2000]
    assert requests.get(servers.web_url + "/static/../server.py", timeout=30).status_code == 404
