"""The FAQ page's ask box keeps one conversation per page view, holding only what the
user typed, and stores nothing of it on the device."""
import json

from playwright.sync_api import expect

from tests.e2e.server import Conversation


def ask(page, question):
    page.get_by_label("Your question").fill(question)
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("#ask-answer .ask-reply")).to_be_visible()


def test_two_questions_are_one_conversation_of_what_was_typed(page, servers):
    senders = []
    page.on("request", lambda r: senders.append(json.loads(r.post_data)["sender"])
            if r.method == "POST" and r.url.endswith("/webhooks/rest/webhook") else None)
    page.goto(servers.web_url + "/faq")
    ask(page, "can caffeine cause twitching?")
    page.locator("#ask-answer .ask-reply").wait_for(state="attached")
    ask(page, "does lack of sleep make it worse?")
    expect(page.locator("#ask-answer .ask-reply")).to_contain_text("sleep")
    assert len(senders) == 2 and senders[0] == senders[1], senders
    said = [e["text"] for e in Conversation(servers, sender=senders[0]).tracker("ALL")["events"] if e["event"] == "user"]
    assert said == ["can caffeine cause twitching?", "does lack of sleep make it worse?"]
    # The chat widget on the page keeps its own session in sessionStorage; the ask box keeps nothing.
    stored = page.evaluate("() => JSON.stringify([localStorage, sessionStorage, document.cookie])")
    assert senders[0] not in stored and "caffeine" not in stored, stored
