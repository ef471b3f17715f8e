"""The `obzor` command: a thin shell over the library (parse, call, format).

Each command group lives in its own module and is registered here.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from typing import Any

import click

from obzor.cli import (
    alerts,
    articles,
    batch,
    calendar,
    config,
    entities,
    evaluate,
    events,
    export,
    positions,
    server,
    sources,
    stories,
    threats,
)
from obzor.cli.common import fail
from obzor.settings import Settings


class Obzor(click.Group):
    """The command group; a database that stops working mid-run is one line and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if not _database_error(exc):
                raise
            from obzor.store.base import db_fault

            fault = db_fault(exc)
            message = fault[1] if fault else f"database error: {exc}"
            fail(f"{message}; work not yet committed was rolled back")


def _database_error(exc: Exception) -> bool:
    """Whether exc is a database's error (sqlite3, SQLAlchemy's DBAPIError, the store's),
    told without importing SQLAlchemy or the store: a command that raised one of theirs
    imported them, and one that opens no base (`settings`, `--help`) starts without them."""
    if isinstance(exc, sqlite3.Error):
        return True
    errors = sys.modules.get("sqlalchemy.exc")
    base = sys.modules.get("obzor.store.base")
    return (errors is not None and isinstance(exc, errors.DBAPIError)) or (
        base is not None and isinstance(exc, base.StoreError)
    )


@click.group(cls=Obzor, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="obzor")
def main() -> None:
    """obzor: regional-security news to a searchable base and a daily review."""
    # trafilatura warns on every empty page; obzor reports those itself, once, as skipped.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:  # a bad obzor.toml or OBZOR_* value: one line, before any command runs
        Settings.load()
    except ValueError as exc:
        fail(str(exc))


for command in (
    articles.ingest,
    batch.batch,
    articles.analyze,
    articles.search,
    articles.show,
    export.export,
    alerts.alerts,
    entities.entities,
    entities.entity,
    articles.summary,
    evaluate.evaluate,
    stories.stories,
    stories.story,
    stories.brief,
    events.events,
    events.quotes,
    positions.positions,
    calendar.calendar,
    server.serve,
    server.users,
    server.migrate,
    server.reindex,
    sources.sources,
    sources.watch,
    threats.threats,
    config.settings,
):
    main.add_command(command)
