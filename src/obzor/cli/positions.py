"""`obzor positions ACTOR`: an actor's statements by subject, with stances and changes."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.markup import escape

from obzor.cli.common import DB_OPTION, JSON_OPTION, err, open_db, out, print_json

# A statement is shown up to this many characters in the terminal (--json has it whole).
SHOWN_CHARS = 240


@click.command()
@click.argument("actor")
@click.option("--subject", help="Only subjects whose key or name contains this (terror, Q801).")
@DB_OPTION
@JSON_OPTION
def positions(actor: str, subject: str | None, db: str | None, as_json: bool) -> None:
    """An actor's statements grouped by subject, each with its stance (supports, opposes,
    concerned, neutral), and where the stance on a subject changed (both statements cited).

    ACTOR is a KB id (per:tokayev), a KB name or alias in any form, or a speaker's name as
    written for one not in the KB.

    Example: obzor positions Токаев --subject terror
    """
    from obzor.positions.timeline import positions as timeline

    try:
        with open_db(db) as store:
            found = store.statements(actor)
    except ValueError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(2)
    if found is None:
        err.print(f"[red]error:[/] no stored statements of {escape(actor)!r}")
        sys.exit(1)
    result = timeline(found, subject)
    if as_json:
        print_json(result)
        return
    out.print(f"[bold]{escape(result['name'])}[/] [dim]{escape(result['id'] or 'not in KB')}[/]")
    if not result["subjects"]:
        out.print("no statements on that subject" if subject else "no statements")
    for group in result["subjects"]:
        s = group["subject"]
        out.print(f"\n[bold]{escape(s['label'])}[/] [dim]({s['kind']} {escape(s['key'])})[/]")
        for item in group["statements"]:
            out.print(f"  {_line(item)}")
        for change in group["changes"]:
            out.print(
                f"  [yellow]change {change['from']} -> {change['to']}:[/]"
                f" #{change['before']['article_id']} ({escape(_day(change['before']))})"
                f" -> #{change['after']['article_id']} ({escape(_day(change['after']))})"
            )


def _day(item: dict[str, Any]) -> str:
    return (item["published"] or "undated")[:10]


def _line(item: dict[str, Any]) -> str:
    text = item["text"]
    text = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
    return (
        f"{escape(_day(item))} [cyan]{item['stance']:<9}[/] «{escape(text)}»"
        f" [dim]#{item['article_id']}[/]"
    )
