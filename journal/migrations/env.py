"""Alembic's environment for the journal: the URL comes from `journal.migrate`, the
version table is the journal's own (the tracker may share the database)."""
import sqlalchemy as sa
from alembic import context

from journal.models import Base

VERSION_TABLE = "journal_alembic_version"
MIGRATION_LOCK = 0x6A6F75726E616C  # "journal"


def run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        from journal.store import make_engine

        with make_engine(config.get_main_option("sqlalchemy.url")).connect() as connection:
            _migrate(connection)
    else:
        _migrate(connection)


def _migrate(connection) -> None:
    if connection.dialect.name == "postgresql":
        # Servers starting together (tests, a cluster) migrate one at a time: the lock
        # is held to the commit, and the next one then finds the tables up to date.
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    # SQLite alters a table by copying it (batch mode); PostgreSQL alters in place.
    context.configure(connection=connection, target_metadata=Base.metadata, version_table=VERSION_TABLE,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
    if connection.in_transaction():  # the lock's transaction, which Alembic joined
        connection.commit()


run()
