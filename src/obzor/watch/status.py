"""The watch status table (source, last poll, new items, errors) and source health checks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from obzor.net import Fetcher
    from obzor.store.sources import StoredSource

# Three consecutive failed polls mean the source is down, not having a bad minute.
DOWN_AFTER_FAILURES = 3
# The table keeps one line per source on a 100-column terminal; `--json` has the whole error.
ERROR_CHARS = 30


@dataclass(slots=True)
class Health:
    """One source checked now: reachable and readable, how many items, and its record."""

    name: str
    ok: bool
    items: int
    detail: str
    failures: int
    last_poll: str | None


def check_source(stored: StoredSource, fetcher: Fetcher) -> Health:
    """Fetch and parse a source now (no conditional GET, nothing stored) and report on it."""
    from obzor.net import FetchError  # here: `obzor sources list` starts without the fetcher
    from obzor.store.sources import SourceState
    from obzor.watch.listing import list_items

    state = stored.state
    try:
        listing = list_items(stored.source, SourceState(), fetcher)
    except (FetchError, ValueError, OSError) as exc:
        return Health(stored.source.name, False, 0, str(exc), state.failures, state.last_poll)
    count = len(listing.documents)
    ok = count > 0 and state.failures < DOWN_AFTER_FAILURES
    if count == 0:
        detail = "reachable, but lists no items"
    elif state.failures >= DOWN_AFTER_FAILURES:
        detail = f"reachable now, but the last {state.failures} polls failed: {state.last_error}"
    else:
        detail = f"{count} item{'' if count == 1 else 's'} listed"
    return Health(stored.source.name, ok, count, detail, state.failures, state.last_poll)


def status_table(sources: list[StoredSource], now: float | None = None) -> Table:
    """A rich table: source, kind, last poll, next poll, new items (last / all), errors."""
    now = time.time() if now is None else now
    rows = []
    for stored in sources:
        state = stored.state
        wait = max(0, int(state.next_poll - now))
        rows.append(
            (
                stored.source.name,
                stored.source.kind,
                when(state.last_poll),
                "due" if wait == 0 else _duration(wait),
                str(state.last_new),
                str(state.total_new),
                str(state.failures) if state.failures else "",
                _cut(state.last_error or "", ERROR_CHARS),
            )
        )
    table = Table("source", "kind", "last poll", "next in", "new", "total", "failures", "error")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    return table


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def when(iso: str | None) -> str:
    """An ISO UTC time as "MM-DD HH:MM" (the year and seconds only widen the table)."""
    return f"{iso[5:10]} {iso[11:16]}" if iso and len(iso) >= 16 else "never"


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
