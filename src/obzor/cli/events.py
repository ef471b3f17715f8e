"""Event and quote commands: `obzor events`, `obzor quotes`, and `obzor eval events`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, err, open_db, out, print_json
from obzor.cli.evaluate import evaluate
from obzor.nlp.event_types import event_type_ids

CORPUS = Path(__file__).resolve().parents[3] / "examples" / "corpus"
EVENT_TYPES = event_type_ids()  # the ids of nlp/events.yaml (patterns compile when used)


@click.command()
@click.option("--type", "type_", type=click.Choice(EVENT_TYPES), help="Only events of this type.")
@click.option("--since", help="Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
@JSON_OPTION
def events(type_: str | None, since: str | None, limit: int, db: str | None, as_json: bool) -> None:
    """List stored events (newest first): type, date, name, place, article.

    Example: obzor events --type exercise --json
    """
    with open_db(db) as store:
        rows = store.events(type_, since=since, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no events")
        return
    table = Table("type", "date", "name", "place", "article")
    for row in rows:
        date = row["date"] or "-"
        if row.get("date_end"):
            date = f"{date}..{row['date_end']}"
        table.add_row(
            row["type"], date, escape(row["name"] or ""), escape(row["place"] or ""),
            f"#{row['article_id']}",
        )  # fmt: skip
    out.print(table)


@click.command()
@click.option("--speaker", help="Part of the speaker's name (any case), or a KB id.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
@JSON_OPTION
def quotes(speaker: str | None, limit: int, db: str | None, as_json: bool) -> None:
    """List stored quotes with their speakers (newest articles first).

    Example: obzor quotes --speaker Токаев --json
    """
    with open_db(db) as store:
        rows = store.quotes(speaker, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no quotes")
        return
    for row in rows:
        kind = "direct" if row["direct"] else "indirect"
        text = row["text"] if len(row["text"]) <= 300 else row["text"][:300] + "…"
        out.print(
            f"[bold]{escape(row['speaker'] or '?')}[/] [dim]({kind}, #{row['article_id']}"
            f" {escape(row['published'] or '')})[/]\n  «{escape(text)}»"
        )


@evaluate.command("events")
@click.option(
    "--corpus",
    type=click.Path(exists=True),
    default=None,
    help="Files or folder to analyze [default: examples/corpus].",
)
def eval_events(corpus: str | None) -> None:
    """Event counts by type (dated, placed) and quote counts on the sample corpus.

    Example: obzor eval events --corpus examples/corpus
    """
    from obzor.evaluation.events import count_corpus, report

    path = Path(corpus) if corpus else CORPUS
    if not path.exists():
        err.print(f"[red]error:[/] corpus not found: {escape(str(path))}")
        sys.exit(2)
    for line in report(count_corpus([path])):
        click.echo(line)
