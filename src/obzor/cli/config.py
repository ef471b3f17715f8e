"""`obzor settings`: every setting with its value now, where it comes from, and its help."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import JSON_OPTION, fail, out, print_json
from obzor.settings import Settings


@click.command("settings")
@JSON_OPTION
def settings(as_json: bool) -> None:
    """List every setting: its value now, where it comes from (default, obzor.toml or
    OBZOR_<NAME>) and what it does (docs/settings.md).

    Example: obzor settings --json
    """
    try:
        current, origins = Settings.load(), Settings.origins()
    except ValueError as exc:
        fail(str(exc))
    rows = [
        {
            "name": name,
            # a password is never printed: only whether one is set
            "value": ("(set)" if getattr(current, name) else "")
            if name.endswith("_password")
            else getattr(current, name),
            "origin": origins[name],
            "default": default,
            "help": help,
        }
        for name, default, help in Settings.describe()
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("setting", "value", "from", "what it does")
    for row in rows:
        table.add_row(
            row["name"], escape(repr(row["value"])), escape(row["origin"]), escape(row["help"])
        )
    out.print(table)
