"""The widget's journal on the device (CONTRACT.md section 5): after "Keep my journal on
this device" the journal outlives the tab; without it, it ends with the conversation;
"forget me" erases it and the id on the device."""
import time

from playwright.sync_api import expect

from journal.store import Journal, database_url
from tests.browser.conftest import screenshot
from tests.browser.widget import LIVE_CHOICE, WidgetUser

KEEP = "Keep my journal on this device"
ID_KEY = "twitch-assistant:journal-id"
ENTRY = "add to my journal: left calf after coffee this morning"
BEFORE = "add to my journal: my thumb twitched this morning"


def new_page(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def until(check, limit=30.0):
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def kept_id(page):
    return page.evaluate(f"localStorage.getItem('{ID_KEY}')")


def test_an_opted_in_journal_outlives_the_tab_until_forget_me(browser, servers):
    context = browser.new_context(viewport={"width": 400, "height": 800})
    context.set_default_timeout(60_000)
    try:
        first, errors = new_page(context)
        user = WidgetUser(first, servers).open()
        user.say(BEFORE)  # logged before opting in: it comes along into the kept journal
        expect(user.bot.last).to_contain_text("thumb")
        assert kept_id(first) is None  # nothing on the device before the user opts in
        user.root.get_by_label(KEEP).check()
        journal_id = kept_id(first)
        assert journal_id and len(journal_id) >= 22
        screenshot(first, "widget-journal-on-device")
        user.say(ENTRY)
        expect(user.bot.last).to_contain_text("left calf")
        first.close()

        second, more_errors = new_page(context)
        user = WidgetUser(second, servers).open()
        expect(user.root.get_by_label(KEEP)).to_be_checked()
        user.say("show my journal")
        expect(user.bot.last).to_contain_text("left calf")
        expect(user.bot.last).to_contain_text("thumb")
        expect(user.root.locator("img.tw-chart")).to_have_count(1)
        journal = Journal.from_env(database_url(servers.env()))
        assert journal.has_journal(f"widget:{journal_id}")

        user.say("forget me")
        user.root.locator(LIVE_CHOICE).filter(has_text="Yes, delete").first.click()
        expect(user.root.locator(".tw-log")).to_contain_text("I've deleted this conversation")
        assert kept_id(second) is None
        expect(user.root.get_by_label(KEEP)).not_to_be_checked()
        # Rasa erases when it saves the turn, just after sending the reply.
        assert until(lambda: not journal.has_journal(f"widget:{journal_id}"))
        second.close()

        third, last_errors = new_page(context)
        user = WidgetUser(third, servers).open()
        user.say("show my journal")
        expect(user.bot.last).to_contain_text("Your journal is empty")
        assert not errors + more_errors + last_errors, errors + more_errors + last_errors
    finally:
        context.close()


def test_without_opting_in_the_journal_ends_with_the_tab(browser, servers):
    context = browser.new_context()
    context.set_default_timeout(60_000)
    try:
        first, errors = new_page(context)
        user = WidgetUser(first, servers).open()
        user.say(ENTRY)
        expect(user.bot.last).to_contain_text("left calf")
        assert kept_id(first) is None
        first.close()

        second, more_errors = new_page(context)
        user = WidgetUser(second, servers).open()
        expect(user.root.get_by_label(KEEP)).not_to_be_checked()
        user.say("show my journal")
        expect(user.bot.last).to_contain_text("Your journal is empty")
        assert kept_id(second) is None
        assert not errors + more_errors, errors + more_errors
    finally:
        context.close()
