"""Export memory: copy a base's articles (with mentions and threats) N times, then export it
and report the peak traced memory, to show it stays flat as the article count grows.

Usage: python bench/export_memory.py BASE.db --times 10 100 300 --formats jsonl csv stix graphml
(BASE.db: e.g. examples/corpus ingested; the copies go to a temporary folder.)
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
import tracemalloc
from pathlib import Path

from obzor.export import chunks
from obzor.store import open_store


def grow(src: Path, dst: Path, times: int) -> None:
    """dst: src with every article (and its mentions and threats) copied times - 1 more."""
    shutil.copy(src, dst)
    db = sqlite3.connect(dst)
    cols = [r[1] for r in db.execute("PRAGMA table_info(articles)")]
    cols = [c for c in cols if c not in ("id", "content_hash")]
    base = db.execute("SELECT MAX(id) FROM articles").fetchone()[0]
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
    names = ", ".join(cols)
    for k in range(1, times):
        for i in ids:
            new = base * k + i
            db.execute(
                f"INSERT INTO articles (id, content_hash, {names})"
                f" SELECT ?, content_hash || ?, {names} FROM articles WHERE id = ?",
                (new, f"-{k}", i),
            )
            db.execute(
                'INSERT INTO mentions (article_id, entity_id, start, "end", text, resolved_by)'
                ' SELECT ?, entity_id, start, "end", text, resolved_by FROM mentions'
                " WHERE article_id = ?",
                (new, i),
            )
            db.execute(
                "INSERT INTO threats (article_id, category, score, evidence)"
                " SELECT ?, category, score, evidence FROM threats WHERE article_id = ?",
                (new, i),
            )
    db.commit()
    db.close()


def measure(path: Path, fmt: str) -> str:
    """One export of the whole base: articles, output size, peak traced memory, seconds."""
    import networkx  # noqa: F401 - imported before tracing: the import is not the export
    import stix2  # noqa: F401

    with open_store(str(path)) as store:
        tracemalloc.start()
        size, start = 0, time.perf_counter()
        for part in chunks(fmt, store.export_articles(), store):
            size += len(part)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        articles = store.stats()["articles"]
    seconds = time.perf_counter() - start
    return (
        f"{fmt:8} {articles:7} articles  {size / 1e6:6.1f} MB out"
        f"  peak {peak / 1e6:6.2f} MB  {seconds:6.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("--times", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv", "graphml", "stix"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for times in args.times:
            path = Path(tmp) / f"x{times}.db"
            grow(args.base, path, times)
            for fmt in args.formats:
                print(measure(path, fmt), flush=True)


if __name__ == "__main__":
    main()
