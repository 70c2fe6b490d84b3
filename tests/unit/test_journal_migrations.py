"""The journal's migrations go up and down on SQLite and PostgreSQL, and leave the
tables exactly as the models declare them."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from journal.migrate import downgrade, upgrade
from journal.models import Base
from journal.store import make_engine

TABLES = {"journal_users", "journal_entries", "journal_factors", "journal_checkins",
          "journal_red_flag_answers", "journal_triage_results", "journal_links", "journal_reminders"}


def _tables(url):
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_up_down_up(journal_url):
    upgrade(journal_url)
    assert TABLES <= _tables(journal_url)
    downgrade(journal_url)
    assert not TABLES & _tables(journal_url)
    upgrade(journal_url)
    assert TABLES <= _tables(journal_url)


def test_the_migrations_make_what_the_models_declare(journal_url):
    upgrade(journal_url)
    engine = make_engine(journal_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"version_table": "journal_alembic_version"})
            diff = [d for d in compare_metadata(context, Base.metadata)
                    if not (d[0] == "remove_table" and d[1].name == "journal_alembic_version")]
    finally:
        engine.dispose()
    assert diff == []


def test_the_journal_keeps_its_own_version_table(journal_url):
    upgrade(journal_url)
    assert "journal_alembic_version" in _tables(journal_url)
    assert "alembic_version" not in _tables(journal_url)


def test_servers_starting_together_migrate_once(journal_url):
    """serve.sh migrates on start; several starting at once (processes, as Alembic's
    context is one per process) must all come up."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    runs = [subprocess.Popen([sys.executable, "-m", "journal.migrate", "--url", journal_url], cwd=root,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    outputs = [(run.wait(timeout=300), run.stdout.read()) for run in runs]
    assert [code for code, _ in outputs] == [0, 0, 0], outputs
    assert TABLES <= _tables(journal_url)
