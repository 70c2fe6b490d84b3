"""The journal's tables: users, entries, factors, check-ins, red-flag answers, triage
results and links.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from journal.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _user_id() -> sa.Column:
    return sa.Column("user_id", sa.String(64), sa.ForeignKey("journal_users.id", ondelete="CASCADE"),
                     nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "journal_users",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "journal_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("at", UTCDateTime(), nullable=False, index=True),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("place", sa.String(60), nullable=False),
        sa.Column("duration_seconds", sa.Integer),
        sa.Column("times", sa.Integer),
        sa.Column("note", sa.String(500)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "journal_checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("twitching", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "day", name="uq_journal_checkins_user_day"),
    )
    op.create_table(
        "journal_factors",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("journal_entries.id", ondelete="CASCADE"), index=True),
        sa.Column("checkin_id", sa.Integer, sa.ForeignKey("journal_checkins.id", ondelete="CASCADE"), index=True),
        sa.Column("name", sa.String(32), nullable=False),
        sa.CheckConstraint("(entry_id IS NULL) <> (checkin_id IS NULL)", name="ck_journal_factors_owner"),
    )
    op.create_table(
        "journal_red_flag_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("flag", sa.String(32), nullable=False),
        sa.Column("value", sa.Boolean),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_table(
        "journal_triage_results",
        sa.Column("id", sa.Integer, primary_key=True),
        _user_id(),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("red_flags", sa.String(400), nullable=False),
    )
    op.create_table(
        "journal_links",
        sa.Column("id", sa.String(32), primary_key=True),
        _user_id(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False, index=True),
    )


def downgrade() -> None:
    for table in ("journal_links", "journal_triage_results", "journal_red_flag_answers", "journal_factors",
                  "journal_checkins", "journal_entries", "journal_users"):
        op.drop_table(table)
