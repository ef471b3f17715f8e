"""Alembic's entry: migrate the connection the store hands over (store/upgrade.py).

Run by the store when it opens a base; `alembic -c src/obzor/store/alembic.ini revision -m ...`
also works for writing a new revision (it connects to the `db` setting's base itself).
"""

from alembic import context
from sqlalchemy import Connection, create_engine

from obzor.store.schema import metadata


def run(connection: Connection) -> None:
    """Run the pending revisions on connection, inside the transaction its caller holds."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite alters a table by copying it: Alembic's batch mode does that.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:  # the alembic command line: the base the settings name
    from obzor.settings import Settings
    from obzor.store.engine import engine_url

    engine = create_engine(engine_url(Settings.load().db))
    with engine.begin() as conn:
        run(conn)
