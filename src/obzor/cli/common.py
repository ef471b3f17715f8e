"""What every command shares: consoles, common options, opening the store, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console

from obzor.settings import Settings

if TYPE_CHECKING:  # the store loads its models: only the commands that open one pay for it
    from obzor.store import Store

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
DB_OPTION = click.option(
    "--db", envvar="OBZOR_DB", default=None, help="Database URL [default: sqlite:///obzor.db]."
)
MARKS = ("[bold yellow]", "[/]")  # how search matches are highlighted in the terminal
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """click.Choice whose values are read on first use (parsing, help, completion), so that
    a command's module can be imported without loading the YAML the choices come from."""

    def __init__(self, values: Callable[[], Sequence[str]]) -> None:
        # click.Choice.__init__ would read the values now; set what it sets, choices later.
        self._values = values
        self.case_sensitive = True

    @cached_property
    def choices(self) -> Sequence[str]:  # type: ignore[override]
        """The allowed values, read once."""
        return tuple(self._values())


def fail(message: str, status: int = 2, label: str = "error") -> NoReturn:
    """Print "error: message" as one unwrapped line on stderr (paths and URLs stay whole) and
    exit with status: 2 for bad input, 1 for something that is not there."""
    click.echo(f"{label}: {message}", err=True)
    sys.exit(status)


def print_json(data: Any) -> None:
    """Print data as indented UTF-8 JSON."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def open_sqlite(db: str | None) -> Store:
    """open_db for commands that only SQLite serves yet; a clear error and exit 2 otherwise."""
    from obzor.store import PostgresStore

    store = open_db(db)
    if isinstance(store, PostgresStore):
        store.close()
        fail("this command needs a SQLite database (sqlite:///PATH) for now")
    return store


def open_db(db: str | None) -> Store:
    """The store at --db (or OBZOR_DB, or the default); a clear error and exit 2 if unusable."""
    from obzor.store import StoreError, open_store

    try:
        return open_store(Settings.load(db=db).db)
    except (StoreError, ValueError) as exc:
        fail(str(exc))
