"""The journal's durable reminders: when one is next due (pure, in the user's zone), and
the claims that let only one scheduler send it, on SQLite and PostgreSQL."""
import threading
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from hypothesis import given, settings, strategies as st

from journal import reminders
from journal.models import ReminderRow
from privacy.erasers import hashed

ZONES = ["UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"]
UTC = timezone.utc


@given(zone=st.sampled_from(ZONES), local=st.times(),
       after=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)))
@settings(max_examples=300, deadline=None)
def test_the_next_reminder_is_the_next_time_the_users_clock_shows_that_time(zone, local, after):
    due = reminders.next_due(local, zone, after)
    assert due > after
    assert due - after <= timedelta(hours=25)  # a day, and the hour a clock change adds
    shown = due.astimezone(ZoneInfo(zone))
    wanted = datetime.combine(shown.date(), local)
    # The user's clock shows that time, unless a clock change skipped it (then just after).
    assert shown.replace(tzinfo=None) == wanted or timedelta(0) < shown.replace(tzinfo=None) - wanted <= timedelta(hours=1)
    # No earlier day would do: the day before's time was at or before `after`.
    assert reminders.next_due(local, zone, due - timedelta(seconds=1)) == due


def test_in_the_users_zone_not_the_servers():
    after = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 09:00 on the 24th in Sydney
    assert reminders.next_due(time(8, 30), "Australia/Sydney", after) == datetime(2026, 11, 24, 21, 30, tzinfo=UTC)
    assert reminders.next_due(time(8, 30), "UTC", after) == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


def test_across_a_clock_change():
    # London goes to summer time at 01:00 UTC on 29 March 2026: 08:00 is then 07:00 UTC.
    assert reminders.next_due(time(8), "Europe/London", datetime(2026, 3, 28, 9, tzinfo=UTC)) == \
        datetime(2026, 3, 29, 7, tzinfo=UTC)
    # 01:30 does not exist in London that night: it comes an hour later, at 02:30 BST.
    assert reminders.next_due(time(1, 30), "Europe/London", datetime(2026, 3, 28, 9, tzinfo=UTC)) == \
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_the_tests_short_day():
    after = datetime(2026, 1, 1, tzinfo=UTC)
    assert reminders.next_due(time(9), "UTC", after, timedelta(seconds=5)) == after + timedelta(seconds=5)


def _due_now(journal, owner):
    """Makes the user's reminder due a minute ago."""
    with journal.session() as session:
        session.get(ReminderRow, hashed(owner)).next_due = datetime.now(UTC) - timedelta(minutes=1)


def test_a_due_reminder_is_claimed_once_then_moves_to_the_next_day(journal):
    now = datetime.now(UTC)
    first = reminders.schedule(journal, "tg-1", "1001", "telegram", now=now)
    assert now < first <= now + timedelta(days=1)
    assert reminders.claim_due(journal) == []  # not due yet
    _due_now(journal, "tg-1")
    [due] = reminders.claim_due(journal)
    assert (due.conversation_id, due.channel) == ("1001", "telegram")
    assert reminders.claim_due(journal) == []  # claimed: a second scheduler gets nothing
    reminders.sent(journal, due)
    assert reminders.claim_due(journal) == []
    with journal.session() as session:
        row = session.get(ReminderRow, hashed("tg-1"))
        assert row.claimed_until is None and row.next_due > datetime.now(UTC) + timedelta(hours=23)
        assert row.local_time == now.time().replace(second=0, microsecond=0)


def test_a_claim_that_runs_out_is_sent_again(journal):
    reminders.schedule(journal, "tg-2", "1002", "telegram")
    _due_now(journal, "tg-2")
    assert len(reminders.claim_due(journal)) == 1  # this scheduler died before sending
    later = datetime.now(UTC) + reminders.LEASE + timedelta(seconds=1)
    assert [d.conversation_id for d in reminders.claim_due(journal, now=later)] == ["1002"]


def test_stop_reminders_and_forget_me_remove_it(journal):
    for owner in ("slack-a", "slack-b"):
        reminders.schedule(journal, owner, owner, "slack")
        _due_now(journal, owner)
    assert reminders.stop(journal, "slack-a")
    assert not reminders.stop(journal, "slack-a")
    journal.forget("slack-b")
    assert reminders.claim_due(journal) == []
    with journal.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ReminderRow)) == 0


def test_only_slack_and_telegram(journal):
    with pytest.raises(ValueError):
        reminders.schedule(journal, "web", "web", "socketio")


def test_two_schedulers_at_once_send_each_reminder_once(journal):
    """Two schedulers (threads with their own connections) claim together, many times."""
    owners = [f"tg-{n}" for n in range(40)]
    for owner in owners:
        reminders.schedule(journal, owner, owner, "telegram")
        _due_now(journal, owner)
    start = threading.Barrier(2)
    claimed = [[], []]

    def scheduler(i):
        start.wait()
        claimed[i].extend(d.conversation_id for d in reminders.claim_due(journal))

    threads = [threading.Thread(target=scheduler, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    both = claimed[0] + claimed[1]
    assert sorted(both) == sorted(owners)  # each once, none lost


def test_a_reminder_rasa_did_not_take_is_tried_next_round(journal):
    reminders.schedule(journal, "tg-3", "1003", "telegram")
    _due_now(journal, "tg-3")
    [due] = reminders.claim_due(journal)
    reminders.release(journal, due)  # Rasa refused it
    assert [d.conversation_id for d in reminders.claim_due(journal)] == ["1003"]
