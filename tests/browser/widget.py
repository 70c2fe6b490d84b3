"""Drives the chat widget as a person would (typing, clicking, reading), and knows when
a turn is over: Rasa has gone back to listening and every bot message of the tracker
is on screen."""
from __future__ import annotations

import json
import time
from typing import Any, Dict

from playwright.sync_api import Page, expect

from tests.e2e.server import Conversation

LIVE_CHOICE = ".tw-choice:not([disabled])"


class WidgetUser:
    def __init__(self, page: Page, servers, root: str = ".tw-widget"):
        self.page = page
        self.servers = servers
        self.root = page.locator(root)
        self.bot = self.root.locator(".tw-msg.tw-bot:not(.tw-typing)")

    def session_id(self) -> str:
        return json.loads(self.page.evaluate("sessionStorage.getItem('twitch-assistant:v1')"))["sessionId"]

    def tracker(self) -> Dict[str, Any]:
        return Conversation(self.servers, sender=self.session_id()).tracker()

    def users(self) -> int:
        return Conversation(self.servers, sender=self.session_id()).users()

    def settle(self, users_before: int = 0, limit: float = 60) -> None:
        """Waits until Rasa has finished the turn and every bot message of the
        conversation is on screen."""
        conv = Conversation(self.servers, sender=self.session_id())
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            said = sum(e["event"] == "bot" for e in conv.tracker()["events"])
            if conv.finished_turn(users_before) is not None and said == self.bot.count():
                return
            time.sleep(0.2)
        raise AssertionError(f"the widget shows {self.bot.count()} bot messages; the tracker has {said}")

    def open(self, path: str = "/") -> "WidgetUser":
        self.page.goto(self.servers.web_url + path)
        expect(self.bot.first).to_contain_text("Twitch Assistant")  # the greeting
        self.settle()
        return self

    def say(self, text: str) -> None:
        box = self.root.get_by_label("Your message")
        before = self.users()
        box.fill(text)
        box.press("Enter")
        self.settle(before)

    def click(self, title: str) -> None:
        before = self.users()
        self.root.locator(LIVE_CHOICE).filter(has_text=title).first.click()
        self.settle(before)

    def live_choices(self) -> list:
        return self.root.locator(LIVE_CHOICE).all_inner_texts()

    def slots(self) -> Dict[str, Any]:
        return self.tracker()["slots"]
