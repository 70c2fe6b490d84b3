"""A daily reminder outlives a killed Rasa server and is sent once, even with two
schedulers running (journal/reminders.py): opt in on Telegram (the fake API), kill
Rasa (SIGKILL), start the servers again on the same databases with a second scheduler
beside serve.sh's own, and the reminder comes once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

from deploy.cluster import wait
from journal.models import ReminderRow
from journal.store import Journal, database_url
from privacy.erasers import hashed
from tests.channels.telegram_user import TelegramUser
from tests.e2e.server import ROOT, Servers

REMINDER = "daily journal check-in"
# A real day between reminders: the test waits for the first and sees no second.
DAY = {"JOURNAL_REMINDER_SECONDS": str(24 * 3600), "JOURNAL_REMINDER_POLL_SECONDS": "1"}


def _sent(platforms, user):
    return [c for c in platforms.telegram.snapshot() if c.method == "sendMessage"
            and str(c.body.get("chat_id")) == str(user.chat_id) and REMINDER in c.body.get("text", "")]


def test_a_reminder_survives_a_killed_rasa_and_comes_once_with_two_schedulers(platforms):
    model = os.environ["TWITCH_MODEL"]
    store = os.environ.get("TWITCH_TRACKER_STORE", "sqlite")
    first = Servers(model, store, env={**platforms.env(), **DAY}).start()
    second = extra = None
    try:
        user = TelegramUser(first, platforms)
        assert "stop reminders" in user.say("remind me every day")[-1]["text"].lower()
        journal = Journal.from_env(database_url(first.env()))
        with journal.session() as session:
            assert session.get(ReminderRow, hashed(str(user.chat_id))) is not None

        os.kill(first.pids()["rasa"], signal.SIGKILL)  # the Rasa server dies with nothing saved
        wait(first.proc, 60, group=True)  # serve.sh sees it and stops the rest
        assert first.proc.returncode is not None

        # A day goes by while nothing runs: the reminder is now due.
        with journal.session() as session:
            session.get(ReminderRow, hashed(str(user.chat_id))).next_due = datetime.now(timezone.utc)
        assert _sent(platforms, user) == []

        second = Servers(model, store, token=first.token, env={**platforms.env(), **DAY})
        second.tracker_db, second.journal_db = first.tracker_db, first.journal_db
        env = second.env()
        # A second scheduler beside serve.sh's own, as two launchers would run.
        extra = subprocess.Popen([sys.executable, "-m", "journal.reminders", "--rasa-url", second.url],
                                 cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        second.start()
        fired = platforms.telegram.wait_for(lambda calls: _sent(platforms, user), limit=120)
        assert len(fired) == 1
        time.sleep(6)  # both schedulers look several times more
        assert len(_sent(platforms, user)) == 1
        with journal.session() as session:
            row = session.get(ReminderRow, hashed(str(user.chat_id)))
            assert row.claimed_until is None and row.next_due > datetime.now(timezone.utc) + timedelta(hours=23)
    finally:
        if extra:
            extra.terminate()
            wait(extra, 10)
        for servers in (second, first):
            if servers:
                servers.stop()
