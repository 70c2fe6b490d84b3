"""Brings the journal's tables up to date (or down), with Alembic.

    python -m journal.migrate               # upgrade JOURNAL_DB_URL (default SQLite build/journal.db)
    python -m journal.migrate --to base     # downgrade everything
    python -m journal.migrate --url postgresql+psycopg2://...

`make run` runs it on start (scripts/serve.sh); the production profile points it at
PostgreSQL (JOURNAL_DB=postgresql and the DB_* settings, journal.store.database_url).
"""
from __future__ import annotations

import argparse
import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from alembic import command
from alembic.config import Config

from journal.store import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser reads % itself
    return cfg


@contextmanager
def one_at_a_time(url: str) -> Iterator[None]:
    """For a SQLite file, a lock file beside it: Python's sqlite3 runs DDL outside a
    transaction, so two servers starting together would both create the tables.
    (On PostgreSQL, migrations/env.py takes an advisory lock instead.)"""
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        yield
        return
    path = Path(url[len("sqlite:///"):])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".migrate-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def upgrade(url: Optional[str] = None, revision: str = "head") -> None:
    url = url or database_url()
    with one_at_a_time(url):
        command.upgrade(config(url), revision)


def downgrade(url: Optional[str] = None, revision: str = "base") -> None:
    url = url or database_url()
    with one_at_a_time(url):
        command.downgrade(config(url), revision)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="default: JOURNAL_DB_URL, else SQLite build/journal.db")
    parser.add_argument("--to", default="head", help="a revision; 'base' downgrades everything")
    args = parser.parse_args(argv)
    if args.to == "base":
        downgrade(args.url, "base")
    else:
        upgrade(args.url, args.to)


if __name__ == "__main__":
    main()
