"""`Journal`: the one way into and out of the journal's tables.

Callers name a user by the channel's sender id (the REST `sender`, the Slack user, the
Telegram chat, the widget's journal id); the tables only ever see its keyed hash
(`privacy.erasers.hashed`). Every write checks its input first (`journal.records`) and
raises `JournalError` with a reply before anything is stored. Reads return the frozen
records of `journal.records`, in the user's time zone.

    from journal.store import Journal
    journal = Journal.from_env()          # JOURNAL_DB_URL, else SQLite build/journal.db
    journal.add_entry("sender-id", "left calf", when, duration_seconds=600, factors=["exercise"])
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Dict, Iterable, Iterator, List, Mapping, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from journal import records
from journal.errors import JournalError
from journal.models import (CheckInRow, EntryRow, FactorRow, LinkRow, RedFlagRow, ReminderRow, TriageRow, User,
                            utcnow)
from journal.records import CheckIn, Entry, JournalData, RedFlagAnswer, TriageResult
from privacy.erasers import hashed

DEFAULT_SQLITE = "build/journal.db"
# The widget's journal id: random, made by the widget only after the user ticks "Keep my
# journal on this device", kept in that device's localStorage (web/static/widget.js).
WIDGET_JOURNAL_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def journal_owner(sender_id: str, channel: Optional[str], metadata: Mapping[str, object]) -> str:
    """Whose journal a message reads and writes: in the widget, the journal id the device
    sent (under a "widget:" prefix, so no other channel's sender id can name it); else,
    and in a widget that has not opted in, the sender id (for the widget, its session)."""
    kept = metadata.get("journal_id") if channel == "socketio" else None
    return f"widget:{kept}" if isinstance(kept, str) and WIDGET_JOURNAL_ID.match(kept) else sender_id


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """JOURNAL_DB_URL where set; else with JOURNAL_DB=postgresql the production
    profile's DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD; else SQLite in build/."""
    if env.get("JOURNAL_DB_URL"):
        return env["JOURNAL_DB_URL"]
    if env.get("JOURNAL_DB") == "postgresql":
        return str(sa.engine.URL.create(
            "postgresql+psycopg2", username=env.get("DB_USER") or None, password=env.get("DB_PASSWORD") or None,
            host=env.get("DB_HOST") or "127.0.0.1", port=int(env.get("DB_PORT") or 5432),
            database=env.get("DB_NAME") or None))
    return f"sqlite:///{env.get('JOURNAL_SQLITE', DEFAULT_SQLITE)}"


def make_engine(url: str) -> sa.engine.Engine:
    engine = sa.create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        # SQLite enforces ON DELETE CASCADE only when asked, per connection.
        @sa.event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA foreign_keys=ON")
    return engine


def _aware(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(records.time_zone(zone))


def _entry(row: EntryRow, zone: str) -> Entry:
    return Entry(id=row.id, at=_aware(row.at, zone), place=row.place, duration_seconds=row.duration_seconds,
                 times=row.times, factors=tuple(sorted(f.name for f in row.factors)), note=row.note)


class Journal:
    """The journal on one database. Thread-safe: each call opens its own session."""

    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, future=True, expire_on_commit=False)

    @classmethod
    def from_env(cls, url: Optional[str] = None) -> "Journal":
        """The journal at `url`, else `database_url()`; one per URL in a process."""
        return _journal(url or database_url())

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    # -- users -----------------------------------------------------------------------
    def user(self, session: Session, sender_id: str, now: datetime, zone: Optional[str] = None) -> User:
        """The user's row, made on first use; marks them seen now (and their zone, where given)."""
        user = session.get(User, hashed(sender_id))
        if user is None:
            user = User(id=hashed(sender_id), time_zone=zone or records.DEFAULT_TIME_ZONE, created_at=now,
                        last_seen_at=now)
            session.add(user)
        else:
            user.last_seen_at = now
            if zone:
                user.time_zone = zone
        return user

    def set_time_zone(self, sender_id: str, zone: str) -> None:
        """The user's IANA time zone (the widget sends it; other channels stay UTC)."""
        records.time_zone(zone)
        with self.session() as session:
            self.user(session, sender_id, utcnow(), zone)

    def time_zone_of(self, sender_id: str) -> str:
        """The user's time zone name; UTC for a user the journal does not know."""
        return self.zone_of(hashed(sender_id))

    def zone_of(self, uid: str) -> str:
        """`time_zone_of` by the hashed id, as a link carries it (journal.links)."""
        with self.session() as session:
            user = session.get(User, uid)
            return user.time_zone if user else records.DEFAULT_TIME_ZONE

    def has_journal(self, sender_id: str) -> bool:
        """Whether this user has logged anything (an entry or a check-in)."""
        with self.session() as session:
            uid = hashed(sender_id)
            return bool(session.scalar(sa.select(EntryRow.id).where(EntryRow.user_id == uid).limit(1))
                        or session.scalar(sa.select(CheckInRow.id).where(CheckInRow.user_id == uid).limit(1)))

    def adopt(self, from_sender: str, to_sender: str) -> int:
        """Moves one user's journal into another's: what the widget logged in its
        conversation goes into the journal kept on the device once the user opts in. A
        check-in of a day the other journal already has gives way to it. Returns how many
        rows moved (0, at once, when there is nothing to move)."""
        src, dst = hashed(from_sender), hashed(to_sender)
        with self.session() as session:
            if src == dst or session.get(User, src) is None:
                return 0
            self.user(session, to_sender, utcnow())
            session.flush()
            taken = session.scalars(sa.select(CheckInRow.day).where(CheckInRow.user_id == dst)).all()
            clash = session.scalars(sa.select(CheckInRow.id).where(CheckInRow.user_id == src,
                                                                   CheckInRow.day.in_(taken))).all()
            session.execute(sa.delete(FactorRow).where(FactorRow.checkin_id.in_(clash)))
            session.execute(sa.delete(CheckInRow).where(CheckInRow.id.in_(clash)))
            moved = 0
            for model in (EntryRow, CheckInRow, FactorRow, RedFlagRow, TriageRow, LinkRow):
                moved += session.execute(sa.update(model).where(model.user_id == src).values(user_id=dst)
                                         .execution_options(synchronize_session=False)).rowcount or 0
            _delete_users(session, [src])
            return moved

    # -- writing -----------------------------------------------------------------------
    def add_entry(self, sender_id: str, place: Optional[str], when: datetime,
                  duration_seconds: Optional[float] = None, factors: Iterable[str] = (),
                  note: Optional[str] = None, times: Optional[int] = None,
                  now: Optional[datetime] = None) -> Entry:
        """Logs one twitch. `when` is aware, in the user's time zone (its zone becomes the
        user's if it is a named zone). Raises JournalError, storing nothing, for no place,
        a time still to come, a note over 500 letters, an unknown factor or a duration
        outside a second to a day."""
        now = now or utcnow()
        fields = dict(place=records.check_place(place), at=records.check_when(when, now),
                      duration_seconds=records.check_duration(duration_seconds),
                      times=records.check_times(times), note=records.check_note(note))
        names = records.check_factors(factors)
        zone = getattr(when.tzinfo, "key", None)
        with self.session() as session:
            user = self.user(session, sender_id, now, zone)
            row = EntryRow(user_id=user.id, time_zone=user.time_zone, created_at=now, **fields)
            row.factors = [FactorRow(user_id=user.id, name=n) for n in names]
            session.add(row)
            session.flush()
            return _entry(row, user.time_zone)

    def update_entry(self, sender_id: str, entry_id: int, *, place: Optional[str] = None,
                     when: Optional[datetime] = None, duration_seconds: Optional[float] = None,
                     factors: Optional[Iterable[str]] = None, note: Optional[str] = None,
                     times: Optional[int] = None, now: Optional[datetime] = None) -> Entry:
        """Corrects an entry ("no, it was my right calf"): the fields given replace the
        old ones, checked as in `add_entry`. JournalError "not_found" if it is not theirs."""
        now = now or utcnow()
        changes: Dict[str, object] = {}
        if place is not None:
            changes["place"] = records.check_place(place)
        if when is not None:
            changes["at"] = records.check_when(when, now)
        if duration_seconds is not None:
            changes["duration_seconds"] = records.check_duration(duration_seconds)
        if times is not None:
            changes["times"] = records.check_times(times)
        if note is not None:
            changes["note"] = records.check_note(note)
        names = records.check_factors(factors) if factors is not None else None
        with self.session() as session:
            row = self._own_entry(session, sender_id, entry_id)
            for name, value in changes.items():
                setattr(row, name, value)
            if names is not None:
                row.factors = [FactorRow(user_id=row.user_id, name=n) for n in names]
            session.flush()
            return _entry(row, self.user(session, sender_id, now).time_zone)

    def delete_entry(self, sender_id: str, entry_id: int) -> None:
        """Takes back one entry ("that was wrong, delete it")."""
        with self.session() as session:
            session.delete(self._own_entry(session, sender_id, entry_id))

    @staticmethod
    def _own_entry(session: Session, sender_id: str, entry_id: int) -> EntryRow:
        row = session.get(EntryRow, entry_id)
        if row is None or row.user_id != hashed(sender_id):
            raise JournalError("not_found", "I could not find that entry in your journal.")
        return row

    def check_in(self, sender_id: str, twitching: bool, factors: Iterable[str] = (),
                 day: Optional[date] = None, now: Optional[datetime] = None) -> CheckIn:
        """The daily check-in for `day` (default: today where the user is). A second one
        the same day replaces the first. A day still to come is refused."""
        now = now or utcnow()
        names = records.check_factors(factors)
        with self.session() as session:
            user = self.user(session, sender_id, now)
            today = _aware(now, user.time_zone).date()
            day = day or today
            if day > today:
                raise JournalError("future", "That day is still to come. I can only note a day that has started.")
            row = session.scalar(sa.select(CheckInRow).where(CheckInRow.user_id == user.id, CheckInRow.day == day))
            if row is None:
                row = CheckInRow(user_id=user.id, day=day, created_at=now)
                session.add(row)
            row.twitching = bool(twitching)
            row.factors = [FactorRow(user_id=user.id, name=n) for n in names]
            return CheckIn(day=day, twitching=row.twitching, factors=names)

    def add_red_flag_answers(self, sender_id: str, answers: Mapping[str, Optional[bool]],
                             source: str = "check-in", when: Optional[datetime] = None) -> None:
        """Answers to red-flag questions (by the slot names of CONTRACT.md section 2; None
        is "not sure"), kept with their time so the doctor's page shows them over time."""
        if source not in ("check-in", "triage"):
            raise ValueError(f"source must be 'check-in' or 'triage', not {source!r}")
        answers = records.check_red_flags(answers)
        now = utcnow()
        when = records.check_when(when or now, now)
        with self.session() as session:
            user = self.user(session, sender_id, now)
            session.add_all(RedFlagRow(user_id=user.id, at=when, flag=flag, value=value, source=source)
                            for flag, value in answers.items())

    def add_triage_result(self, sender_id: str, level: str, red_flags: Iterable[str] = (),
                          when: Optional[datetime] = None) -> None:
        """A finished triage: its `triage_level` and `red_flags` slots."""
        level = records.check_level(level)
        now = utcnow()
        when = records.check_when(when or now, now)
        flags = " ".join(sorted(set(red_flags)))
        with self.session() as session:
            user = self.user(session, sender_id, now)
            session.add(TriageRow(user_id=user.id, at=when, level=level, red_flags=flags))

    # -- reading -----------------------------------------------------------------------
    def entries(self, sender_id: str, start: Optional[date] = None, end: Optional[date] = None) -> List[Entry]:
        """The entries from `start` to `end` (the user's days, both included), oldest first."""
        return list(self.data(sender_id, start, end).entries)

    def data(self, sender_id: str, start: Optional[date] = None, end: Optional[date] = None) -> JournalData:
        """Everything of the user between two of their days (both included; default from
        their first record to today)."""
        return self.data_of(hashed(sender_id), start, end)

    def data_of(self, uid: str, start: Optional[date] = None, end: Optional[date] = None) -> JournalData:
        """`data` by the hashed id, as a link carries it (journal.links)."""
        with self.session() as session:
            user = session.get(User, uid)
            zone_name = user.time_zone if user else records.DEFAULT_TIME_ZONE
            zone = records.time_zone(zone_name)
            today = utcnow().astimezone(zone).date()
            end = end or today
            lo = datetime.combine(start or date(1970, 1, 1), time(), zone)
            hi = datetime.combine(end + timedelta(days=1), time(), zone)

            def timed(model):
                return session.scalars(sa.select(model).where(model.user_id == uid, model.at >= lo, model.at < hi)
                                       .order_by(model.at, model.id)).all()

            entries = tuple(_entry(r, zone_name) for r in timed(EntryRow))
            checkins = tuple(CheckIn(day=r.day, twitching=r.twitching, factors=tuple(sorted(f.name for f in r.factors)))
                             for r in session.scalars(sa.select(CheckInRow).where(
                                 CheckInRow.user_id == uid, CheckInRow.day >= lo.date(), CheckInRow.day <= end)
                                 .order_by(CheckInRow.day)).all())
            flags = tuple(RedFlagAnswer(at=_aware(r.at, zone_name), flag=r.flag, value=r.value, source=r.source)
                          for r in timed(RedFlagRow))
            triage = tuple(TriageResult(at=_aware(r.at, zone_name), level=r.level,
                                        red_flags=tuple(r.red_flags.split()))
                           for r in timed(TriageRow))
        days = [e.day for e in entries] + [c.day for c in checkins] + [a.at.date() for a in flags + triage]
        first = start or (min(days) if days else end)
        return JournalData(time_zone=zone_name, start=first, end=end, entries=entries, checkins=checkins,
                           red_flag_answers=flags, triage_results=triage)

    # -- forgetting ----------------------------------------------------------------------
    def forget(self, sender_id: str) -> int:
        """Deletes the user and everything of theirs: entries, factors, check-ins, answers,
        results and links (so every link they were given stops working). Nothing is kept
        on disk beyond these rows: the chart, the page and the CSV are made when a link is
        opened. Returns how many rows went."""
        with self.session() as session:
            return _delete_users(session, [hashed(sender_id)])

    def purge_idle(self, before: datetime) -> int:
        """Forgets every user who has not written to their journal since `before` (the
        retention purge): a widget journal kept on the device has an id of its own, which
        no expiring conversation names. Returns how many users went."""
        with self.session() as session:
            idle = session.scalars(sa.select(User.id).where(User.last_seen_at < before)).all()
            _delete_users(session, idle)
            return len(idle)

    def purge_links(self, now: Optional[datetime] = None) -> int:
        """Deletes the links past their expiry (they already return 410)."""
        with self.session() as session:
            return session.execute(sa.delete(LinkRow).where(LinkRow.expires_at <= (now or utcnow()))).rowcount or 0


def _delete_users(session: Session, uids: List[str]) -> int:
    """Deletes these users and every row of theirs, children first (SQLite without the
    cascade on a connection that did not ask for it); returns how many rows went."""
    count = 0
    for model in (FactorRow, EntryRow, CheckInRow, RedFlagRow, TriageRow, LinkRow, ReminderRow, User):
        column = model.id if model is User else model.user_id
        count += session.execute(sa.delete(model).where(column.in_(uids))).rowcount or 0
    return count


@lru_cache(maxsize=None)
def _journal(url: str) -> Journal:
    return Journal(make_engine(url))


def erase(sender_id: str) -> int:
    """The "journal" eraser (privacy/erasers.py): forgets the user on `database_url()`."""
    return Journal.from_env().forget(sender_id)
