"""Rasa's SQL tracker store, made to forget.

Rasa saves the tracker once, after the turn, by inserting the events beyond the number
already stored (Rasa 3.6). Rows deleted by a custom action during the turn would come
back when the turn is saved. So the erasure happens here instead: a turn that carries
the confirmed "forget me" (twitch.privacy.FORGET_ACTION) is not saved; every registered
eraser runs for that conversation id instead, the rows of this store among them.

Loaded by module path from the endpoints files (`type: privacy.store.ForgettingSQLTrackerStore`);
with `redis_host` set it also erases the Redis keys under `redis_prefix` that end in the
conversation id (the lock store's, and any cache keyed by the sender).
"""
from __future__ import annotations

import itertools
import json
import logging
from typing import Any, Iterable, Iterator, Optional, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from channels import turn_failure
from journal import store as journal_store
from privacy import erasers
from twitch.privacy import forget_confirmed

logger = logging.getLogger(__name__)

# On a tracker read from or saved to this store: how many of its events the store holds.
STORED = "_events_in_store"


class RedisKeys:
    """Deletes the keys `<prefix>:<anything>:<conversation id>`."""

    def __init__(self, host: str, port: int, prefix: str, db: int = 0, password: Optional[str] = None) -> None:
        import redis

        self.redis = redis.StrictRedis(host=host, port=int(port), db=int(db), password=password or None)
        self.prefix = prefix

    def erase(self, conversation_id: str) -> int:
        pattern = f"{erasers.glob_escape(self.prefix)}:*:{erasers.glob_escape(conversation_id)}"
        keys = list(self.redis.scan_iter(match=pattern, count=500))
        return int(self.redis.delete(*keys)) if keys else 0


class ForgettingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, redis_host: Optional[str] = None, redis_port: int = 6379, redis_prefix: str = "twitch",
                 redis_db: int = 0, redis_password: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session_events = self._session_events_statement()
        erasers.register("conversation", self.erase_rows)
        # The journal keyed by the same sender id, with its links (docs/journal.md).
        erasers.register("journal", journal_store.erase)
        if redis_host:
            erasers.register("redis keys", RedisKeys(redis_host, redis_port, redis_prefix, redis_db,
                                                     redis_password).erase)

    def erase_rows(self, conversation_id: str) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(
                self.SQLEvent.sender_id == conversation_id).delete(synchronize_session=False)
            session.commit()
        return deleted

    def last_seen(self) -> Iterable[Tuple[str, Optional[float]]]:
        """Every conversation id with the time of its latest event."""
        with self.session_scope() as session:
            return session.query(self.SQLEvent.sender_id, sa.func.max(self.SQLEvent.timestamp)).group_by(
                self.SQLEvent.sender_id).all()

    def _session_events_statement(self) -> Any:
        """Rasa's query for the events of the latest session (`_event_query`), built once
        with the sender as a parameter: Rasa builds it through the ORM on every read,
        about two thirds of the read's database time (docs/performance.md)."""
        event = self.SQLEvent
        session_start = sa.select(sa.func.max(event.timestamp)).where(
            event.sender_id == sa.bindparam("sender_id"),
            event.type_name == SessionStarted.type_name).scalar_subquery()
        return sa.select(event.data).where(
            event.sender_id == sa.bindparam("sender_id"),
            sa.or_(event.timestamp >= session_start, session_start.is_(None))).order_by(event.id)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The latest session's tracker, as Rasa's `retrieve`."""
        try:
            with self.session_scope() as session:
                rows = session.execute(self.session_events, {"sender_id": sender_id}).scalars().all()
        except Exception:  # Rasa's FailSafeTrackerStore swallows it; the channel must not
            turn_failure.mark()
            raise
        if not (self.domain and rows):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(data) for data in rows], self.domain.slots)
        setattr(tracker, STORED, len(tracker.events))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The events beyond those this store holds. Rasa counts them in the database
        on every save, a second query per turn; a tracker read from here (under the
        conversation's lock) already says. Any other tracker is counted as Rasa does."""
        stored = getattr(tracker, STORED, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        turn = ((e.type_name, getattr(e, "action_name", None)) for e in reversed(tracker.events))
        if forget_confirmed(turn):
            erasers.erase(tracker.sender_id, "user request")
            # A widget that keeps its journal on the device sent the journal's own id.
            message = tracker.latest_message
            owner = journal_store.journal_owner(tracker.sender_id, tracker.get_latest_input_channel(),
                                                (message.metadata if message else None) or {})
            if owner != tracker.sender_id:
                erasers.erase(owner, "user request")
            return
        try:
            await super().save(tracker)
        except Exception:  # as in retrieve: the turn is not stored, so the client hears so
            turn_failure.mark()
            raise
        setattr(tracker, STORED, len(tracker.events))
