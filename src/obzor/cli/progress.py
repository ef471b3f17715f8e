"""Progress of long commands: a rich bar on a terminal, a periodic one-line log otherwise.

Logs (a pipe, a file, a service journal) get one line every PERIOD_S seconds and a last one
at the end: "ingest: 120/400 files (30%), 2.1/s, about 2m13s left".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

# Often enough to show a run is alive in a log; rarely enough not to flood it.
PERIOD_S = 10.0

Update = Callable[[int, "int | None"], None]  # (done so far, total or None when unknown)


@contextmanager
def progress(console: Console, description: str, unit: str) -> Iterator[Update]:
    """An update(done, total) callback for a long loop, drawn as a bar or logged."""
    if console.is_terminal:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(unit),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(description, total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)
        return
    log = _Log(console, description, unit)
    yield log.update
    log.finish()


class _Log:
    def __init__(self, console: Console, description: str, unit: str) -> None:
        self.console, self.description, self.unit = console, description, unit
        self.start = self.last = time.monotonic()
        self.done, self.total = 0, None  # type: tuple[int, int | None]

    def update(self, done: int, total: int | None) -> None:
        self.done, self.total = done, total
        now = time.monotonic()
        if now - self.last >= PERIOD_S:
            self.last = now
            self.console.print(self.line(now), highlight=False, markup=False)

    def finish(self) -> None:
        if self.done:
            self.console.print(self.line(time.monotonic()), highlight=False, markup=False)

    def line(self, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.done / elapsed
        text = f"{self.description}: {self.done}"
        if self.total:
            text += f"/{self.total} {self.unit} ({self.done / self.total:.0%})"
        else:
            text += f" {self.unit}"
        text += f", {rate:.1f}/s"
        if self.total and rate > 0 and self.done < self.total:
            left = int((self.total - self.done) / rate)
            text += f", about {left // 60}m{left % 60:02d}s left"
        return text
