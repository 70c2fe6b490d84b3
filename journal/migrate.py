"""Brings the journal's tables up to date (or down), with Alembic.

    python -m journal.migrate               # upgrade JOURNAL_DB_URL (default SQLite build/journal.db)
    python -m journal.migrate --to base     # downgrade everything
    python -m journal.migrate --url postgresql+psycopg2://...

`make run` runs it on start (scripts/serve.sh); the production profile points it at
PostgreSQL (JOURNAL_DB=postgresql and the DB_* settings, journal.store.database_url).
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Optional

from alembic import command
from alembic.config import Config

from journal.store import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser reads % itself
    return cfg


def upgrade(url: Optional[str] = None, revision: str = "head") -> None:
    url = url or database_url()
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(config(url), revision)


def downgrade(url: Optional[str] = None, revision: str = "base") -> None:
    command.downgrade(config(url or database_url()), revision)


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
