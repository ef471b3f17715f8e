"""Article commands: ingest, analyze, search, show, summary."""

from __future__ import annotations

import functools
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, MARKS, err, fail, open_db, out, print_json
from obzor.cli.threats import ENTITY_OPTION, SINCE_OPTION, THREAT_OPTION
from obzor.model import Article, Failure
from obzor.settings import Settings


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Analysis processes [default: OBZOR_WORKERS, else one per core]; 1 = this process.",
)
@DB_OPTION
def ingest(paths: tuple[str, ...], workers: int | None, db: str | None) -> None:
    """Ingest files and folders (.txt, .html, .jsonl, .csv, .parquet), recursively, into the store.

    The same content is stored once. Bad files are reported and skipped; the exit status
    is 1 when anything failed. Articles are analysed in worker processes, one per core by
    default, and written by this one (inputs under 50 articles are analysed here).

    Example: obzor ingest examples/corpus --db sqlite:///obzor.db --workers 4
    """
    from obzor.cli.progress import progress
    from obzor.ingest.job import ingest_paths
    from obzor.ingest.workers import all_cores

    settings = Settings.load(db=db, workers=workers)
    processes = settings.workers or all_cores()
    with open_db(db) as store, progress(err, "ingesting", "files") as update:
        finished: list[Path] = []

        def files_done(path: Path | None, total: int) -> None:
            if path is not None:
                finished.append(path)
            update(len(finished), total)

        report = ingest_paths(paths, store, None, settings, files_done, workers=processes)
    for failure in report.failures:
        err.print(f"[yellow]skipped[/] {escape(failure.source)}: {escape(failure.reason)}")
    out.print(
        f"files: {report.files}  ingested: {report.ingested}  "
        f"duplicate: {report.duplicates}  failed: {len(report.failures)}"
    )
    sys.exit(0 if report.ok else 1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--plain", is_flag=True, help="Skip cleaning and metadata: text is the file's content."
)
@JSON_OPTION
def analyze(files: tuple[str, ...], plain: bool, as_json: bool) -> None:
    """Analyze files without storing them.

    One JSON object for one article, a JSON array for several.

    Example: obzor analyze ../shared/seeds/001_bb6f4a93b530906c.txt --json
    """
    from obzor.analysis import analyze_path
    from obzor.ingest import discover

    settings = Settings.load()
    articles: list[Article] = []
    failed = False
    for found in discover(files):
        results = [found] if isinstance(found, Failure) else analyze_path(found, plain, settings)
        for item in results:
            if isinstance(item, Failure):
                err.print(f"[yellow]skipped[/] {escape(item.source)}: {escape(item.reason)}")
                failed = True
            else:
                articles.append(item)
    if as_json:
        data = [a.to_json() for a in articles]
        print_json(data[0] if len(data) == 1 else data)
    else:
        for article in articles:
            _print_article(article.to_json())
    sys.exit(1 if failed else 0)


@click.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, help="Most hits to show.")
@click.option(
    "--exact",
    is_flag=True,
    help="Match the words only, not the other names of a KB entity they name (CSTO = ОДКБ).",
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Best match first, or newest first (undated last).",
)
@THREAT_OPTION
@ENTITY_OPTION
@SINCE_OPTION
@DB_OPTION
@JSON_OPTION
def search(
    query: str,
    limit: int,
    exact: bool,
    sort: str,
    threat: str | None,
    entity: str | None,
    since: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Full-text search with Russian morphology: "Казахстану" finds "Казахстан".

    Phrases in double quotes, AND / OR / NOT, parentheses, prefix*. A word or phrase naming
    a knowledge-base entity also finds its other names and scripts (CSTO finds ОДКБ, Tokayev
    finds Токаев); --exact turns that off. Filters: --threat (a threat category), --entity
    (KB id or name), --since (first publication date).

    Example: obzor search '"коллективной безопасности" AND Токаев'
    Example: obzor search ОДКБ --threat cyber --entity Токаев --since 2024-01-01
    Example: obzor search CSTO --exact
    Example: obzor search учения --sort date --limit 5
    """
    from obzor.store import QueryError

    with open_db(db) as store:
        try:
            run = functools.partial(
                store.search, threat=threat, entity=entity, since=since, exact=exact, sort=sort
            )
            if as_json:
                print_json([asdict(h) for h in run(query, limit=limit)])
                return
            hits = run(query, limit=limit, marks=MARKS, escape=escape)
        except QueryError as exc:
            fail(str(exc), label="bad query")
    if not hits:
        out.print("no matches")
    for hit in hits:
        meta = " · ".join(str(x) for x in (hit.published, hit.outlet) if x)
        out.print(f"[bold]#{hit.id}[/] {escape(hit.title or '(untitled)')}  [dim]{escape(meta)}[/]")
        out.print(f"    {hit.snippet}")


@click.command()
@click.argument("article_id", type=int)
@DB_OPTION
@JSON_OPTION
def show(article_id: int, db: str | None, as_json: bool) -> None:
    """Show one stored article with its metadata and entities.

    Example: obzor show 3 --json
    """
    with open_db(db) as store:
        article = store.get(article_id)
    if article is None:
        fail(f"no article with id {article_id}", 1)
    if as_json:
        print_json(article)
    else:
        _print_article(article)


@click.command()
@click.option("--query", default="Казахстану", show_default=True, help="Sample search to run.")
@DB_OPTION
def summary(query: str, db: str | None) -> None:
    """Summarize the store: counts, threats, stories, top entities and a sample search.

    The stories counted and shown are among the newest 1,000 with a report in the last
    year of reports.

    Example: obzor summary --db sqlite:///obzor.db
    """
    from obzor.store import QueryError

    with open_db(db) as store:
        stats = store.stats()
        top = store.entities(None, limit=10)
        threats = store.threat_counts()
        several, grouped = store.grouped_stories(scan=1000, show=3)
        try:
            hits = store.search(query, limit=3, marks=MARKS, escape=escape)
        except QueryError as exc:
            fail(str(exc), label="bad query")
    out.print(
        f"[bold]articles:[/] {stats['articles']}   entities: {stats['entities']}   "
        f"mentions: {stats['mentions']}"
    )
    out.print("by language: " + ", ".join(f"{k} {v}" for k, v in stats["languages"].items()))
    top_threats = sorted(threats.items(), key=lambda kv: -kv[1])[:6]
    out.print("threats (articles): " + ", ".join(f"{k} {v}" for k, v in top_threats))
    out.print(f"stories with several reports: {several}")
    for story in grouped:
        title = escape(story["title"] or "(untitled)")
        sources = escape(", ".join(story["sources"]))
        out.print(f"  {title}  [dim]({len(story['articles'])} reports: {sources})[/]")
    table = Table("top entity", "type", "articles", "mentions")
    for row in top:
        table.add_row(escape(row["name"]), row["type"], str(row["articles"]), str(row["mentions"]))
    out.print(table)
    out.print(f"[bold]search[/] {escape(query)!r}: {len(hits)} shown")
    for hit in hits:
        out.print(f"  #{hit.id} {escape(hit.title or '(untitled)')}\n    {hit.snippet}")


def _print_article(data: dict[str, Any]) -> None:
    out.print(f"[bold]{escape(data.get('title') or '(untitled)')}[/]")
    for key in ("source", "published", "outlet", "credited_sources", "dateline", "language"):
        value = data.get(key)
        if value:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            out.print(f"  [dim]{key}:[/] {escape(shown)}")
    names = sorted({f"{e['name']} ({e['type']})" for e in data.get("entities", [])})
    if names:
        out.print(f"  [dim]entities:[/] {escape('; '.join(names))}")
    text = data.get("text") or ""
    out.print(escape(text[:600] + ("…" if len(text) > 600 else "")))
    out.print()
