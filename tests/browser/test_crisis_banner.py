"""The crisis banner in real Chromium: its own alert, apart from the emergency advice,
in the locale's words, and in view for the rest of the conversation (a reload too)."""
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.widget import WidgetUser
from twitch import safety_text


def test_the_crisis_banner_stays_in_view_for_the_conversation(page, servers):
    user = WidgetUser(page, servers).open()
    banner = user.root.locator(".tw-crisis")
    expect(banner).to_be_hidden()
    user.say("my calf has been twitching for 4 days")
    user.say("/crisis")

    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text(safety_text.page_texts()["crisis_banner"])
    reply = user.bot.last
    expect(reply).to_have_class("tw-msg tw-bot tw-crisis-msg")
    expect(reply).to_contain_text("Are you safe right now?")
    assert user.root.locator(".tw-emergency").count() == 0, "a crisis is not shown as the emergency alert"
    assert user.slots()["crisis"] is True and user.tracker()["active_loop"].get("name") is None
    screenshot(page, "widget-crisis")

    user.click("I'm safe right now")
    user.say("can coffee make my muscles twitch?")
    for _ in range(3):
        user.say("tell me about sleep and twitching")  # the log scrolls; the banner does not
    expect(banner).to_be_visible()
    assert banner.evaluate("b => b.getBoundingClientRect().bottom > 0 && b.getBoundingClientRect().top >= 0")

    page.reload()
    expect(user.bot.first).to_be_visible()
    expect(banner).to_be_visible()

    user.root.get_by_role("button", name="Start over").click()
    expect(banner).to_be_hidden()


def test_the_emergency_alert_is_not_the_crisis_banner(page, servers):
    user = WidgetUser(page, servers).open()
    user.say("/emergency")
    expect(user.root.locator(".tw-emergency")).to_have_count(1)
    expect(user.root.locator(".tw-crisis")).to_be_hidden()


def test_the_notice_names_the_locales_emergency_number(page, servers):
    user = WidgetUser(page, servers).open()
    expect(user.root.locator(".tw-notice")).to_have_text(safety_text.page_texts()["notice"])
