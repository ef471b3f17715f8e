"""Source commands: `obzor sources add|list|remove|check|import` and `obzor watch`."""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, fail, open_sqlite, out, print_json
from obzor.settings import Settings
from obzor.sources.kinds import KIND_HELP, KINDS
from obzor.sources.registry import AFFILIATIONS, GRADES

_KIND_LINES = "\n".join(f"  {kind}: {text}" for kind, text in KIND_HELP.items())


@click.group("sources")
def sources() -> None:
    """Manage the sources obzor watches: add, list, remove, check, import.

    Example: obzor sources add tass https://tass.ru/rss/v2.xml --country ru --reliability B
    """


@sources.command("add", epilog=f"Kinds:\n{_KIND_LINES}")
@click.argument("name")
@click.argument("location")
@click.option("--kind", type=click.Choice(KINDS), help="Source kind (detected when omitted).")
@click.option("--country", help="Two-letter country code (ru, kz, ...).")
@click.option("--language", help="Two-letter language code (ru, kk, en).")
@click.option("--reliability", type=click.Choice(sorted(GRADES)), help="Admiralty grade A-F.")
@click.option("--affiliation", type=click.Choice(AFFILIATIONS), help="Who runs the source.")
@click.option("--interval", "interval_s", type=int, help="Seconds between polls [default: 900].")
@DB_OPTION
def add(name: str, location: str, kind: str | None, db: str | None, **fields: Any) -> None:
    """Add a source: a feed, sitemap, page list, Telegram export or channel preview.

    The kind is detected from the URL or path (and, if that does not tell, from the
    content) when --kind is not given.

    Example: obzor sources add odkb https://t.me/s/odkb_csto --affiliation international
    """
    from obzor.sources import SourceError, make_source

    settings = Settings.load(db=db)
    try:
        kind = kind or _detect(location, settings)
        source = make_source(
            name, kind, location, default_interval_s=settings.poll_interval_s, **fields
        )
    except SourceError as exc:
        fail(str(exc))
    with open_sqlite(db) as store:
        try:
            store.register(source)
        except SourceError as exc:
            fail(str(exc))
    out.print(f"added {escape(source.name)} ({source.kind}) {escape(source.location)}")


@sources.command("list")
@DB_OPTION
@JSON_OPTION
def list_(db: str | None, as_json: bool) -> None:
    """List the sources with their kind, grade and watch state.

    Example: obzor sources list --json
    """
    from obzor.watch.status import status_table

    with open_sqlite(db) as store:
        found = store.stored_sources()
    if as_json:
        print_json([{**s.source.to_json(), "state": _state(s.state)} for s in found])
        return
    table = Table("source", "kind", "location", "country", "lang", "grade", "affiliation", "every")
    for s in found:
        src = s.source
        table.add_row(
            escape(src.name),
            src.kind,
            escape(src.location),
            src.country or "",
            src.language or "",
            src.reliability,
            src.affiliation or "",
            f"{src.interval_s} s",
        )
    out.print(table if found else "no sources; add one with `obzor sources add NAME URL`")
    if found:
        out.print(status_table(found))


@sources.command("remove")
@click.argument("name")
@DB_OPTION
def remove(name: str, db: str | None) -> None:
    """Remove a source and its watch state (its stored articles stay).

    Example: obzor sources remove tass
    """

    with open_sqlite(db) as store:
        removed = store.unregister(name)
    if not removed:
        fail(f"no source named {name!r}", status=1)
    out.print(f"removed {escape(name)}")


@sources.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Update sources that exist (default: skip them).")
@DB_OPTION
def import_(file: Path, replace: bool, db: str | None) -> None:
    """Import sources from YAML: a list of {name, url or path, kind, country, ...}.

    Example: obzor sources import examples/sources.yaml
    """
    from obzor.sources import SourceError, load_sources

    settings = Settings.load(db=db)
    try:
        found = load_sources(file, settings.poll_interval_s)
    except SourceError as exc:
        fail(str(exc))
    added = skipped = 0
    with open_sqlite(db) as store:
        for source in found:
            if not replace and store.stored_source(source.name) is not None:
                skipped += 1
                continue
            store.register(source, replace=True)
            added += 1
    out.print(f"imported {added} sources from {escape(str(file))}; {skipped} already there")


@sources.command("check")
@click.argument("names", nargs=-1)
@DB_OPTION
@JSON_OPTION
def check(names: tuple[str, ...], db: str | None, as_json: bool) -> None:
    """Fetch every source (or those named) now and report its health; exit 1 if one is bad.

    Example: obzor sources check tass odkb
    """
    from obzor.net import Fetcher
    from obzor.watch.status import check_source, when

    settings = Settings.load(db=db)
    with open_sqlite(db) as store:
        found = [s for s in store.stored_sources() if not names or s.source.name in names]
    missing = set(names) - {s.source.name for s in found}
    if missing:
        fail(f"no source named {', '.join(sorted(missing))}", status=1)
    with Fetcher(settings) as fetcher:
        report = [check_source(s, fetcher) for s in found]
    if as_json:
        print_json([{k: getattr(h, k) for k in h.__slots__} for h in report])
    else:
        table = Table("source", "health", "items", "failures", "last poll", "detail")
        for h in report:
            mark = "[green]ok[/]" if h.ok else "[red]bad[/]"
            table.add_row(
                escape(h.name),
                mark,
                str(h.items),
                str(h.failures),
                when(h.last_poll),
                escape(h.detail),
            )
        out.print(table)
    sys.exit(0 if all(h.ok for h in report) else 1)


@click.command("watch")
@click.option("--once", is_flag=True, help="Poll every due source once, then exit.")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@click.option("--queue", "queue_url", help="redis://HOST:PORT/DB: share sources among workers.")
@click.option("--log", "log_file", type=click.Path(dir_okay=False), help="JSON event log file.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    help="Watch processes sharing the due sources through the base [default: 1].",
)
@DB_OPTION
def watch(
    once: bool,
    names: tuple[str, ...],
    queue_url: str | None,
    log_file: str | None,
    workers: int,
    db: str | None,
) -> None:
    """Poll due sources, ingest new items through the whole pipeline, repeat.

    Keeps per-source state (ETag, last item, failures, next poll with exponential backoff),
    logs JSON events to stderr (or --log) and shows a live status table. Safe to kill at any
    moment: a restart stores nothing twice and loses nothing. --workers N runs N processes
    (every core analyses), each source polled by one of them at a time.

    Example: obzor watch --once --db sqlite:///obzor.db
    """
    from rich.live import Live

    from obzor.net import Fetcher
    from obzor.nlp.pipeline import default_pipeline
    from obzor.watch import PollResult, Watcher
    from obzor.watch.events import log_to
    from obzor.watch.status import status_table

    settings = Settings.load(db=db, queue_url=queue_url)
    stop = threading.Event()
    if workers > 1:
        _watch_in_workers(settings, names, once, workers, log_file, stop)
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())  # finish the item, stop
    live = not once and out.is_terminal and not os.environ.get("CI")
    with ExitStack() as stack:
        stack.callback(signal.signal, signal.SIGTERM, previous or signal.SIG_DFL)
        store = stack.enter_context(open_sqlite(db))
        fetcher = stack.enter_context(Fetcher(settings))
        queue = _queue(settings.queue_url)
        watcher = Watcher(store, fetcher, default_pipeline(), settings, queue, names)
        log = stack.enter_context(open(log_file, "a", encoding="utf-8")) if log_file else None
        results: list[PollResult] = []
        if live:
            display = stack.enter_context(Live(status_table(store.stored_sources()), console=out))
            watcher.on_poll = lambda _: display.update(status_table(store.stored_sources()))
            watcher.on_tick = lambda: display.update(status_table(store.stored_sources()))
        stack.enter_context(log_to(log or sys.stderr))  # after Live, which wraps stderr
        with suppress(KeyboardInterrupt):
            results = watcher.run(once=once, stop=stop)
        if not live:
            out.print(status_table(store.stored_sources()))
    _totals(results)


def _watch_in_workers(
    settings: Settings,
    names: tuple[str, ...],
    once: bool,
    workers: int,
    log_file: str | None,
    stop: threading.Event,
) -> None:
    from obzor.watch.status import status_table
    from obzor.watch.workers import watch_in_workers

    if settings.queue_url:
        fail("--workers shares sources through the base; --queue through Redis: give one")
    if log_file:
        fail("--log is for one process; with --workers the JSON events go to stderr")
    open_sqlite(settings.db).close()  # a clear error for a bad base before any worker starts
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())  # finish the items, stop
    try:
        results = watch_in_workers(settings, names, once, workers, stop)
    finally:
        signal.signal(signal.SIGTERM, previous or signal.SIG_DFL)
    with open_sqlite(settings.db) as store:
        out.print(status_table(store.stored_sources()))
    _totals(results)


def _totals(results: list[Any]) -> None:
    failed = [r for r in results if not r.ok]
    out.print(
        f"polls: {len(results)}  new: {sum(r.new for r in results)}  "
        f"duplicates: {sum(r.duplicates for r in results)}  failed: {len(failed)}"
    )


def _queue(url: str) -> Any:
    if not url:
        return None
    from obzor.watch.queue import RedisQueue

    try:
        return RedisQueue(url, consumer=f"{socket.gethostname()}:{os.getpid()}")
    except RuntimeError as exc:
        fail(str(exc))


def _detect(location: str, settings: Settings) -> str:
    from obzor.net import Fetcher, FetchError
    from obzor.sources import SourceError, detect_kind

    kind = detect_kind(location)
    if kind:
        return kind
    head: bytes | None = None
    try:
        if location.lower().startswith(("http://", "https://")):
            with Fetcher(settings) as fetcher:
                head = fetcher.get(location).content[:4096]
        else:
            with open(location, "rb") as fh:
                head = fh.read(4096)
    except (FetchError, OSError) as exc:
        raise SourceError(f"cannot read {location} to tell its kind ({exc}); give --kind") from None
    kind = detect_kind(location, head)
    if kind is None:
        raise SourceError(f"cannot tell the kind of {location}; give --kind ({', '.join(KINDS)})")
    return kind


def _state(state: Any) -> dict[str, Any]:
    return {k: getattr(state, k) for k in state.__slots__}
