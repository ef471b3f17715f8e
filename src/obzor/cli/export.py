"""The export command: what a search finds, as CSV, JSONL, STIX 2.1, GraphML or GEXF."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from typing import TypeVar

import click

from obzor.cli.common import DB_OPTION, err, fail, open_db
from obzor.cli.progress import Update
from obzor.cli.threats import ENTITY_OPTION, SINCE_OPTION, THREAT_OPTION
from obzor.export import FORMATS, KINDS, chunks

T = TypeVar("T")


@click.command()
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="Output format.")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="articles",
    show_default=True,
    help="What a CSV/JSONL row is (STIX and graphs always cover articles and their entities).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File [default: stdout].")
@click.option("--exact", is_flag=True, help="Match the words only, as in search.")
@THREAT_OPTION
@ENTITY_OPTION
@SINCE_OPTION
@DB_OPTION
def export(
    query: str | None,
    fmt: str,
    kind: str,
    output: str | None,
    exact: bool,
    threat: str | None,
    entity: str | None,
    since: str | None,
    db: str | None,
) -> None:
    """Export the articles a search finds (all without QUERY), streaming, in constant memory.

    Same query syntax and filters as search. stix: a STIX 2.1 bundle (a report per article,
    identities, locations, relationships; ids stable across exports); graphml / gexf: the
    entity co-mention graph (Gephi); csv / jsonl: one row per --kind.

    Example: obzor export ОДКБ --format stix -o csto.json
    Example: obzor export --format csv --kind quotes --since 2024-01-01
    Example: obzor export --format graphml --threat terrorism -o terror.graphml
    """
    from obzor.cli.progress import progress
    from obzor.store import QueryError

    # Progress on stderr when writing a file (on stdout the export itself is the output).
    shown = progress(err, "exporting", "articles") if output else nullcontext(None)
    with open_db(db) as store, shown as update:
        try:
            rows = store.export_articles(
                query, threat=threat, entity=entity, since=since, exact=exact
            )
            parts = chunks(fmt, _counted(rows, update) if update else rows, store, kind)
            first = next(parts, "")  # a bad query fails here, before any file is written
        except (QueryError, ValueError) as exc:
            fail(str(exc))
        stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
        try:
            stream.write(first)
            for part in parts:
                stream.write(part)
        finally:
            if output:
                stream.close()


def _counted(rows: Iterable[T], update: Update) -> Iterator[T]:
    """The rows as they are read, counted for the progress log (the total is not known)."""
    for done, row in enumerate(rows, start=1):
        update(done, None)
        yield row
