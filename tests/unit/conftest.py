"""The journal's database for the unit tests, on SQLite and on PostgreSQL: a file in a
temporary folder, and a throwaway database on the local server made and dropped per
test (the shared `test` database is left alone, as other suites use it)."""
import uuid

import pytest

PG_ADMIN = dict(host="127.0.0.1", port=5432, user="postgres", dbname="test")


def _pg(statement: str) -> None:
    import psycopg2

    conn = psycopg2.connect(**PG_ADMIN)
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    try:
        with conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'journal.db'}"
        return
    name = f"journal_test_{uuid.uuid4().hex[:12]}"
    _pg(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    finally:
        _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # FORCE: a pooled connection may linger


@pytest.fixture
def journal(journal_url):
    """A migrated, empty journal."""
    from journal.migrate import upgrade
    from journal.store import Journal

    upgrade(journal_url)
    j = Journal.from_env(journal_url)
    yield j
    j.engine.dispose()
