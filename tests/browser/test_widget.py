"""The chat widget in real Chromium: FAQ, a whole triage with the buttons, emergency
advice, reload, restart, keyboard use and phone width."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.widget import LIVE_CHOICE, WidgetUser

NO = ("No", "None of these")  # a question's no, or a group question's


def run_triage_with_buttons(user: WidgetUser) -> None:
    """Answers every question with its benign button until the result card shows."""
    for _ in range(14):
        if user.root.locator(".tw-card").count():
            return
        choices = user.live_choices()
        user.click("A few days" if "A few days" in choices else "No")
    raise AssertionError("the triage never reached a result")


def test_an_faq_answer_with_its_sources(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("can coffee make my muscles twitch?")
    answer = user.bot.last
    expect(answer).to_contain_text(re.compile("caffeine", re.I))
    expect(answer.locator(".tw-sources")).to_contain_text("Reviewed")
    assert user.slots()["faq_topic"] == "caffeine"
    screenshot(page, "widget-chat")


def test_a_whole_triage_with_the_buttons_ends_in_a_coloured_card(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("my left calf has been twitching since yesterday, I went running")
    run_triage_with_buttons(user)
    card = user.root.locator(".tw-card")
    expect(card).to_have_class("tw-card tw-level-self_care")
    expect(card.locator(".tw-card-label")).to_have_text("Self-care: very likely harmless")
    expect(card).to_contain_text("not a diagnosis")
    colour = card.evaluate("c => getComputedStyle(c).borderLeftColor")
    assert colour == "rgb(21, 128, 61)", colour  # green, for self_care
    slots = user.slots()
    assert slots["triage_level"] == "self_care" and slots["weakness"] is False
    screenshot(page, "widget-result")


def test_a_red_flag_gives_a_card_of_its_level(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("my thumb has twitched for two months and the muscle at its base looks thinner")
    run_triage_with_buttons(user)
    expect(user.root.locator(".tw-card")).to_have_class("tw-card tw-level-urgent")
    assert user.slots()["triage_level"] == "urgent"


def turn_after_last_user_message(user: WidgetUser) -> list:
    """The classes of the bot messages since the user's last message, in order."""
    classes = user.root.locator(".tw-log > .tw-msg").evaluate_all("ms => ms.map(m => m.className)")
    last_user = max(i for i, c in enumerate(classes) if "tw-user" in c)
    return classes[last_user + 1:]


def test_emergency_advice_comes_first_and_stands_out(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("my calf twitches")
    user.say("my face is drooping on one side and I can't talk properly, it started suddenly")
    turn = turn_after_last_user_message(user)
    assert "tw-emergency" in turn[0], turn
    alert = user.root.locator(".tw-emergency[role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Call your emergency number now")
    assert user.slots()["triage_level"] == "emergency"
    screenshot(page, "widget-emergency")


def test_the_conversation_survives_a_reload(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("my eyelid has been twitching for 3 days")
    session = user.session_id()
    shown = user.bot.count()
    page.reload()
    expect(user.bot).to_have_count(shown)
    expect(user.root.locator(".tw-log")).to_contain_text("my eyelid has been twitching for 3 days")
    assert user.session_id() == session
    # The same conversation carries on: the pending question's buttons still work.
    asked = user.tracker()["slots"]["requested_slot"]
    user.click("No")  # "No", or a group question's "None of these"
    assert user.slots()["weakness" if asked == "signs" else asked] is False
    assert user.session_id() == session


def test_start_over_begins_a_new_conversation(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("my calf has been twitching for 3 days")
    old = user.session_id()
    user.root.get_by_role("button", name="Start over").click()
    expect(user.root.locator(".tw-user")).to_have_count(0)
    assert user.session_id() != old
    expect(user.bot.first).to_contain_text("Twitch Assistant")  # greeted again
    user.settle()
    assert user.slots()["twitch_location"] is None


def test_keyboard_only_and_screen_reader_labels(page, servers):
    user = WidgetUser(page, servers).open()
    expect(user.root.locator("[role=log]")).to_have_attribute("aria-live", "polite")
    expect(user.root.get_by_label("Your message")).to_be_visible()
    expect(user.root.locator(".tw-notice")).to_contain_text("not a diagnosis")
    box = user.root.get_by_label("Your message")
    box.focus()
    before = user.users()
    page.keyboard.type("my forearm has been twitching for 4 days after lifting")
    page.keyboard.press("Enter")
    user.settle(before)
    # Shift+Tab from the box reaches the answer buttons; Enter presses one.
    choices = user.root.locator(".tw-choice:not([disabled])")
    expect(choices.first).to_be_visible()
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") in NO:
            break
    assert page.evaluate("document.activeElement.textContent") in NO
    before = user.users()
    page.keyboard.press("Enter")
    user.settle(before)
    assert user.slots()["weakness"] is False


def test_phone_width(browser, servers):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        user = WidgetUser(page, servers).open()
        user.say("my calf has been twitching for 3 days")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        expect(user.root.locator(".tw-choice").first).to_be_visible()
        screenshot(page, "widget-phone")
    finally:
        context.close()


def test_forget_me_clears_the_page_too(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("my left calf has been twitching for 3 days")
    old = user.session_id()
    user.say("please delete my data")
    user.root.locator(LIVE_CHOICE).filter(has_text="Yes, delete").first.click()
    expect(user.root.locator(".tw-log")).to_contain_text("I've deleted this conversation")
    expect(user.root.locator(".tw-user")).to_have_count(0)
    assert user.session_id() != old
    page.reload()
    expect(user.root.locator(".tw-log")).to_contain_text("I've deleted this conversation")
    assert "calf" not in page.evaluate("sessionStorage.getItem('twitch-assistant:v1')")
    assert "calf" not in user.root.locator(".tw-log").inner_text()
