"""The journal's tables, as SQLAlchemy models.

The issue asks for SQLAlchemy 2.0 models; Rasa 3.6 pins SQLAlchemy 1.4, so these are
written in the 2.0 style that 1.4 already runs (`future=True` engines, `select()`,
`Session.execute`), declared with `declarative_base()` (1.4 has no `DeclarativeBase`
nor `mapped_column`). Moving to 2.0 later changes the declarations, not the queries.

Every row belongs to a user, keyed by the pseudonymous id (`privacy.erasers.hashed`:
a keyed hash of the channel's sender id), never the sender id itself; deleting the
user deletes the rest (ON DELETE CASCADE, and the ORM cascade for SQLite).
The schema is made by the Alembic migrations in `journal/migrations/`, not `create_all`.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class UTCDateTime(sa.types.TypeDecorator):
    """An aware datetime stored as UTC: SQLite keeps no offset, so every database gets
    UTC in and an aware UTC datetime out."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("journal times must be timezone-aware")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _user_fk() -> sa.Column:
    return sa.Column(sa.String(64), sa.ForeignKey("journal_users.id", ondelete="CASCADE"), nullable=False, index=True)


class User(Base):
    __tablename__ = "journal_users"
    id = sa.Column(sa.String(64), primary_key=True)  # the keyed hash of the sender id
    time_zone = sa.Column(sa.String(64), nullable=False, default="UTC")
    created_at = sa.Column(UTCDateTime, nullable=False)
    last_seen_at = sa.Column(UTCDateTime, nullable=False)

    entries = relationship("EntryRow", cascade="all, delete-orphan", passive_deletes=True)
    checkins = relationship("CheckInRow", cascade="all, delete-orphan", passive_deletes=True)
    red_flag_answers = relationship("RedFlagRow", cascade="all, delete-orphan", passive_deletes=True)
    triage_results = relationship("TriageRow", cascade="all, delete-orphan", passive_deletes=True)
    links = relationship("LinkRow", cascade="all, delete-orphan", passive_deletes=True)
    reminder = relationship("ReminderRow", cascade="all, delete-orphan", passive_deletes=True, uselist=False)


class EntryRow(Base):
    __tablename__ = "journal_entries"
    id = sa.Column(sa.Integer, primary_key=True)
    user_id = _user_fk()
    at = sa.Column(UTCDateTime, nullable=False, index=True)
    time_zone = sa.Column(sa.String(64), nullable=False)  # the user's zone when logged
    place = sa.Column(sa.String(60), nullable=False)
    duration_seconds = sa.Column(sa.Integer)
    times = sa.Column(sa.Integer)
    note = sa.Column(sa.String(500))
    created_at = sa.Column(UTCDateTime, nullable=False)

    factors = relationship("FactorRow", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin")


class CheckInRow(Base):
    __tablename__ = "journal_checkins"
    __table_args__ = (sa.UniqueConstraint("user_id", "day", name="uq_journal_checkins_user_day"),)
    id = sa.Column(sa.Integer, primary_key=True)
    user_id = _user_fk()
    day = sa.Column(sa.Date, nullable=False)  # the user's calendar day
    twitching = sa.Column(sa.Boolean, nullable=False)
    created_at = sa.Column(UTCDateTime, nullable=False)

    factors = relationship("FactorRow", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin")


class FactorRow(Base):
    """One factor that went with an entry or with a check-in's day."""

    __tablename__ = "journal_factors"
    __table_args__ = (sa.CheckConstraint("(entry_id IS NULL) <> (checkin_id IS NULL)", name="ck_journal_factors_owner"),)
    id = sa.Column(sa.Integer, primary_key=True)
    user_id = _user_fk()
    entry_id = sa.Column(sa.Integer, sa.ForeignKey("journal_entries.id", ondelete="CASCADE"), index=True)
    checkin_id = sa.Column(sa.Integer, sa.ForeignKey("journal_checkins.id", ondelete="CASCADE"), index=True)
    name = sa.Column(sa.String(32), nullable=False)


class RedFlagRow(Base):
    """One red-flag answer with its time, from a check-in or a triage; None is "not sure"."""

    __tablename__ = "journal_red_flag_answers"
    id = sa.Column(sa.Integer, primary_key=True)
    user_id = _user_fk()
    at = sa.Column(UTCDateTime, nullable=False)
    flag = sa.Column(sa.String(32), nullable=False)
    value = sa.Column(sa.Boolean)
    source = sa.Column(sa.String(16), nullable=False)


class TriageRow(Base):
    __tablename__ = "journal_triage_results"
    id = sa.Column(sa.Integer, primary_key=True)
    user_id = _user_fk()
    at = sa.Column(UTCDateTime, nullable=False)
    level = sa.Column(sa.String(16), nullable=False)
    red_flags = sa.Column(sa.String(400), nullable=False, default="")  # space-separated slot names


class LinkRow(Base):
    """A shared link (chart, summary, export): the random id its signed token carries."""

    __tablename__ = "journal_links"
    id = sa.Column(sa.String(32), primary_key=True)
    user_id = _user_fk()
    kind = sa.Column(sa.String(16), nullable=False)
    created_at = sa.Column(UTCDateTime, nullable=False)
    expires_at = sa.Column(UTCDateTime, nullable=False, index=True)


class ReminderRow(Base):
    """A user's daily check-in reminder (Slack or Telegram). The conversation id is kept
    because the reminder has to be sent there; it goes with the user ("forget me",
    "stop reminders"). `claimed_until` is the lease of the scheduler sending it now."""

    __tablename__ = "journal_reminders"
    user_id = sa.Column(sa.String(64), sa.ForeignKey("journal_users.id", ondelete="CASCADE"), primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False)
    channel = sa.Column(sa.String(16), nullable=False)
    local_time = sa.Column(sa.Time, nullable=False)  # "at about this time", in the user's zone
    next_due = sa.Column(UTCDateTime, nullable=False, index=True)
    claimed_until = sa.Column(UTCDateTime)
    created_at = sa.Column(UTCDateTime, nullable=False)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
