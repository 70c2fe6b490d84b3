"""Deletes the conversations whose latest message is older than RETENTION_DAYS (default
30), everywhere they are kept, with an audit line each.

    python -m privacy.purge                  # once (`make purge`; serve.sh daily)

The store and its settings come from the endpoints file Rasa uses (ENDPOINTS).
"""
from __future__ import annotations

import argparse
import logging
import os
import time
from datetime import datetime, timedelta, timezone
from typing import List

from journal.store import Journal
from privacy import erasers, logs
from twitch.privacy import expired, retention_days

logger = logging.getLogger("privacy.purge")


def open_store(endpoints: str):
    """The tracker store the endpoints file configures: it registers its erasers."""
    from rasa.core.tracker_store import create_tracker_store
    from rasa.core.utils import AvailableEndpoints

    from privacy.store import ForgettingSQLTrackerStore

    store = create_tracker_store(AvailableEndpoints.read_endpoints(endpoints).tracker_store)
    if not isinstance(store, ForgettingSQLTrackerStore):
        raise SystemExit(f"{endpoints}: the tracker store must be privacy.store.ForgettingSQLTrackerStore")
    return store


def purge(store, days: float, now: float) -> List[str]:
    """Erases every expired conversation; returns their ids."""
    gone = expired(store.last_seen(), now, days)
    for sender in gone:
        erasers.erase(sender, "retention")
    journal = Journal.from_env()
    moment = datetime.fromtimestamp(now, timezone.utc)
    # Journals not written to for as long (a widget journal's id is no conversation's).
    idle = journal.purge_idle(moment - timedelta(days=days))
    # The journal's shared links past their 24 hours (they already answer 410).
    links = journal.purge_links(moment)
    logger.info("privacy.purge removed %d conversation(s) and %d journal(s) older than %g days and %d expired "
                "journal link(s)", len(gone), idle, days, links)
    return gone


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoints", default=os.environ.get("ENDPOINTS", "endpoints.yml"))
    parser.add_argument("--days", type=float, help="default: RETENTION_DAYS, else 30")
    args = parser.parse_args(argv)
    logs.configure()
    try:
        days = retention_days(os.environ.get("RETENTION_DAYS") if args.days is None else str(args.days))
    except ValueError as e:
        parser.error(str(e))
    purge(open_store(args.endpoints), days, time.time())


if __name__ == "__main__":
    main()
