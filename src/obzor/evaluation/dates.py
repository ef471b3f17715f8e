"""Publication dates on the htmldate benchmark: obzor beside htmldate's fast and extensive modes.

The data is ../shared/eval/dates (``gold.json``: ``{url: {file, date}}``, ``html/<file>.gz``).
Every system reads the same page as obzor's HTML reader decodes it, with the page's URL.
The pages are split in two halves by a hash of the URL: ``dev`` is where obzor's date rule
was developed, ``held-out`` was never looked at while tuning; both and ``all`` are reported.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from htmldate import find_date

from obzor.clean.html import clean_html
from obzor.ingest.decode import DecodeError, declared_charset, decode
from obzor.model import Document

SYSTEMS = ("obzor", "htmldate fast", "htmldate extensive")
SPLITS = ("dev", "held-out", "all")


@dataclass(slots=True)
class DateScore:
    """Right, wrong and missing dates of one system on one split."""

    right: int = 0
    wrong: int = 0
    null: int = 0

    @property
    def pages(self) -> int:
        return self.right + self.wrong + self.null

    @property
    def accuracy(self) -> float:
        """Share of pages whose date is the gold day (a null counts as not right)."""
        return self.right / self.pages if self.pages else 0.0

    def add(self, found: str | None, gold: str) -> None:
        """Count one page: the day found (or None) against the gold day."""
        if found is None:
            self.null += 1
        elif found[:10] == gold:
            self.right += 1
        else:
            self.wrong += 1


def split_of(url: str) -> str:
    """``dev`` or ``held-out``: a fixed half of the pages by a hash of the URL."""
    return "dev" if int(hashlib.sha256(url.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def read_pages(folder: Path) -> Iterator[tuple[str, str, str]]:
    """(url, gold day, decoded HTML) per benchmark page; undecodable pages are skipped."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    for url, row in gold.items():
        data = gzip.decompress((folder / "html" / f"{row['file']}.gz").read_bytes())
        try:
            html, _ = decode(data, declared_charset(data))
        except DecodeError:
            continue
        yield url, row["date"], html


def obzor_date(html: str, url: str) -> str | None:
    """The publication date obzor stores for this page."""
    return clean_html(Document(url, "html", html, {"url": url})).published


def htmldate_date(html: str, url: str, *, extensive: bool) -> str | None:
    """htmldate's date for the page (original date preferred), as obzor's peer."""
    try:
        return find_date(html, url=url, extensive_search=extensive, original_date=True)
    except (ValueError, TypeError):
        return None


def evaluate(folder: Path, only: str | None = None) -> dict[tuple[str, str], DateScore]:
    """Scores per (split, system) over the benchmark in folder (one split's pages if only)."""
    systems: dict[str, Callable[[str, str], str | None]] = {
        "obzor": obzor_date,
        "htmldate fast": lambda h, u: htmldate_date(h, u, extensive=False),
        "htmldate extensive": lambda h, u: htmldate_date(h, u, extensive=True),
    }
    scores = {(split, name): DateScore() for split in SPLITS for name in SYSTEMS}
    for url, gold, html in read_pages(folder):
        if only is not None and split_of(url) != only:
            continue
        for name, system in systems.items():
            found = system(html, url)
            scores[(split_of(url), name)].add(found, gold)
            if only is None:
                scores[("all", name)].add(found, gold)
    return scores


def table(scores: dict[tuple[str, str], DateScore]) -> list[str]:
    """The lines `obzor eval dates` prints."""
    lines = [f"{'split':<9} {'system':<19} {'pages':>5} {'accuracy':>8} {'wrong':>5} {'null':>5}"]
    for (split, name), s in scores.items():
        if not s.pages:
            continue
        lines.append(
            f"{split:<9} {name:<19} {s.pages:>5} {s.accuracy:>8.3f} {s.wrong:>5} {s.null:>5}"
        )
    return lines
