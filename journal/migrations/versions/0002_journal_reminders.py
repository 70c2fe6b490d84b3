"""The daily check-in reminders: who opted in, where to send it, and when it is next due,
so a reminder outlives a restart of Rasa and fires once from one scheduler
(journal/reminders.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

from journal.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_reminders",
        sa.Column("user_id", sa.String(64), sa.ForeignKey("journal_users.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("local_time", sa.Time, nullable=False),
        sa.Column("next_due", UTCDateTime(), nullable=False, index=True),
        sa.Column("claimed_until", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("journal_reminders")
