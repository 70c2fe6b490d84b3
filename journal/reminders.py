"""The daily check-in reminders (CONTRACT.md section 5), kept in the journal's tables so
they outlive a restart of Rasa, and sent from one scheduler for all Rasa instances.

Rasa's own `ReminderScheduled` lives in the memory (APScheduler) of the one server that
handled the turn: a restart loses it. Here "remind me every day" stores the reminder
(`schedule`) with the time of day it was asked at, in the user's zone; the scheduler
(`python -m journal.reminders`, started once by scripts/serve.sh and by deploy/cluster.py)
claims the reminders that are due and asks Rasa to run the check-in through its HTTP API
(`trigger_intent`, with the token), which sends it on the user's channel.

A claim is one conditional UPDATE per row ("still due and not claimed, or its claim run
out"), so of two schedulers running at once only one sends a reminder. One that Rasa
did not take (down, or still loading its model) is let go and tried next round. A
scheduler that dies after sending and before moving the reminder on leaves its claim
to run out (LEASE), and the reminder is sent again: at least once, never once per
instance.

    python -m journal.reminders --rasa-url http://127.0.0.1:5005   # RASA_TOKEN in the environment
"""
from __future__ import annotations

import argparse
import logging
import os
import time as clock
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import List, Optional
from urllib.parse import quote

import requests
import sqlalchemy as sa

from journal.models import ReminderRow, utcnow
from journal.records import time_zone
from journal.store import Journal
from privacy.erasers import hashed

logger = logging.getLogger("journal.reminders")

INTENT = "journal_checkin"
ENTITY = "journal_reminder"
CHANNELS = ("slack", "telegram")
LEASE = timedelta(minutes=5)
BATCH = 100


def every(env=os.environ) -> Optional[timedelta]:
    """JOURNAL_REMINDER_SECONDS: a short "day" for the tests; None (a real day) otherwise."""
    seconds = env.get("JOURNAL_REMINDER_SECONDS")
    return timedelta(seconds=int(seconds)) if seconds else None


def next_due(local_time: time, zone: str, after: datetime, interval: Optional[timedelta] = None) -> datetime:
    """When the reminder is next due, in UTC: the first moment after `after` at which the
    clock in `zone` shows `local_time` (a time a clock change skips comes that much
    later; one it repeats, the first time). With `interval` (the tests), `after + interval`."""
    if interval is not None:
        return (after + interval).astimezone(timezone.utc)
    tz = time_zone(zone)
    day = after.astimezone(tz).date()
    while True:
        due = datetime.combine(day, local_time, tz).astimezone(timezone.utc)
        if due > after:
            return due
        day += timedelta(days=1)


@dataclass(frozen=True)
class Due:
    """A reminder this scheduler has claimed: send it, then `sent`."""

    user_id: str
    conversation_id: str
    channel: str
    claimed_until: datetime


def schedule(journal: Journal, owner: str, conversation_id: str, channel: str,
             now: Optional[datetime] = None) -> datetime:
    """Turns the user's daily reminder on (again), at about this time of day where they
    are; returns when it is first due."""
    if channel not in CHANNELS:
        raise ValueError(f"reminders are sent on {CHANNELS}, not {channel!r}")
    now = now or utcnow()
    with journal.session() as session:
        user = journal.user(session, owner, now)
        local = now.astimezone(time_zone(user.time_zone)).time().replace(second=0, microsecond=0)
        row = session.get(ReminderRow, user.id) or ReminderRow(user_id=user.id, created_at=now)
        row.conversation_id, row.channel, row.local_time = conversation_id, channel, local
        row.next_due, row.claimed_until = next_due(local, user.time_zone, now, every()), None
        session.add(row)
        return row.next_due


def stop(journal: Journal, owner: str) -> bool:
    """"stop reminders": whether there was one."""
    with journal.session() as session:
        return bool(session.execute(sa.delete(ReminderRow).where(ReminderRow.user_id == hashed(owner))).rowcount)


def claim_due(journal: Journal, now: Optional[datetime] = None) -> List[Due]:
    """Claims the reminders due by `now` that no other scheduler holds, each by one
    conditional UPDATE committed at once: only the scheduler whose UPDATE changed the
    row sends it."""
    now = now or utcnow()
    free = sa.or_(ReminderRow.claimed_until.is_(None), ReminderRow.claimed_until < now)
    with journal.session() as session:
        candidates = session.execute(
            sa.select(ReminderRow.user_id, ReminderRow.conversation_id, ReminderRow.channel)
            .where(ReminderRow.next_due <= now, free).order_by(ReminderRow.next_due).limit(BATCH)).all()
    claimed = []
    for user_id, conversation_id, channel in candidates:
        until = now + LEASE
        with journal.session() as session:
            won = session.execute(sa.update(ReminderRow).where(
                ReminderRow.user_id == user_id, ReminderRow.next_due <= now, free)
                .values(claimed_until=until).execution_options(synchronize_session=False)).rowcount
        if won == 1:
            claimed.append(Due(user_id, conversation_id, channel, until))
    return claimed


def sent(journal: Journal, due: Due, now: Optional[datetime] = None) -> None:
    """Moves a sent reminder on to its next day (from now: days missed while nothing
    ran are not made up) and lets go of the claim."""
    now = now or utcnow()
    with journal.session() as session:
        row = session.get(ReminderRow, due.user_id)
        if row is None or row.claimed_until != due.claimed_until:
            return  # stopped or forgotten meanwhile
        row.next_due = next_due(row.local_time, journal.zone_of(due.user_id), now, every())
        row.claimed_until = None


def release(journal: Journal, due: Due) -> None:
    """Lets go of a claim whose reminder could not be sent (Rasa down or still loading),
    so the next round tries again instead of waiting for the claim to run out."""
    with journal.session() as session:
        session.execute(sa.update(ReminderRow).where(
            ReminderRow.user_id == due.user_id, ReminderRow.claimed_until == due.claimed_until)
            .values(claimed_until=None).execution_options(synchronize_session=False))


def send(rasa_url: str, token: str, due: Due) -> bool:
    """Asks Rasa to run the check-in in the user's conversation, answered on their channel."""
    url = (f"{rasa_url.rstrip('/')}/conversations/{quote(due.conversation_id, safe='')}/trigger_intent"
           f"?output_channel={due.channel}")
    try:
        r = requests.post(url, params={"token": token}, json={"name": INTENT, "entities": {ENTITY: "daily"}},
                          timeout=60)
    except requests.RequestException as e:
        logger.warning("reminder not sent, Rasa unreachable: %s", type(e).__name__)
        return False
    if r.status_code != 200:
        logger.warning("reminder not sent: Rasa answered %d", r.status_code)
    return r.status_code == 200


def run_once(journal: Journal, rasa_url: str, token: str) -> int:
    """Sends every reminder that is due; returns how many went. One not sent (Rasa down)
    is let go, and tried again next round."""
    count = 0
    for due in claim_due(journal):
        if send(rasa_url, token, due):
            sent(journal, due)
            count += 1
        else:
            release(journal, due)
    return count


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-url", required=True, help="a Rasa server's HTTP API (or nginx in front of several)")
    parser.add_argument("--every", type=float, default=float(os.environ.get("JOURNAL_REMINDER_POLL_SECONDS", 30)),
                        help="seconds between looks for due reminders (JOURNAL_REMINDER_POLL_SECONDS, default 30)")
    args = parser.parse_args(argv)
    token = os.environ["RASA_TOKEN"]
    journal = Journal.from_env()
    while True:
        try:
            if run_once(journal, args.rasa_url, token):
                logger.info("journal reminders sent")
        except sa.exc.SQLAlchemyError as e:  # the database away for a moment: try again next round
            logger.warning("journal reminders: database error %s", type(e).__name__)
        clock.sleep(args.every)


if __name__ == "__main__":
    main()
