"""make bench-scale: a base of many articles (synthetic from RIA) and how fast it answers.

The first SEED distinct RIA articles are analysed once; the base is filled with FILLED copies
of them, each with its own title number and a date spread over three years (so each is a new
article with a new content hash), stored through flow.save (store.add: index rows, mentions,
threats, events, quotes, story grouping); bench/grow.py then copies those stored rows in SQL
(new ids, hashes, titles, dates moved by whole days per story) up to --articles. Prints the
disk used per article beyond the text, search latency p50/p95/p99 for words, phrases, boolean
queries and each filter (targets: p95 <= 50 ms, p99 <= 150 ms) and for what /api/search does,
and the time of the read commands (brief --date, stories --since, entities --limit, summary,
the dashboard; target <= 300 ms each), in this process, start-up excluded (bench/startup.py
measures that). --articles sets the size (a million: about 25 GB and 10 to 20 minutes here).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import text as sql

from grow import grow
from obzor.api import queries as api_queries
from obzor.clean import clean
from obzor.cli import main as cli
from obzor.flow import Prepared, save
from obzor.ingest.jsonl import parse_record
from obzor.model import Article, Document
from obzor.nlp.pipeline import default_pipeline
from obzor.store import open_store, tallies
from pipeline import CORPUS, load_corpus

SEED = 300  # distinct RIA articles analysed once and copied
FILLED = 3000  # articles stored through flow.save before the SQL copies (grouping is real)
REPEATS = 5  # each query is timed this many times (warm cache), all runs counted
START = date(2022, 1, 1)
DAYS = 3 * 365
WORDS = ["Россия", "Казахстан", "учения", "ОДКБ", "санкции", "Токаев", "граница", "беспилотник"]
PHRASES = ['"министр иностранных дел"', '"Совет безопасности"', '"Центральная Азия"']
BOOLEAN = [
    "Россия AND Китай",
    "ОДКБ OR ШОС",
    "Казахстан NOT Россия",
    "(учения OR маневры) AND армия",
]
SEARCH_P95, SEARCH_P99, COMMAND_MS = 50.0, 150.0, 300.0


def analysed(limit: int) -> list[Article]:
    rows, _ = load_corpus(CORPUS, limit)
    pipeline = default_pipeline()
    out = []
    for row in rows:
        doc = parse_record(json.dumps(row, ensure_ascii=False), "ria")
        assert isinstance(doc, Document)
        out.append(pipeline(clean(doc)))
    return out


def fill(url: str, seeds: list[Article], count: int) -> None:
    started = last = time.monotonic()
    with open_store(url) as store:
        have = store.stats()["articles"]
        for i in range(have, count):
            base = seeds[i % len(seeds)]
            day = START + timedelta(days=(i * 7919) % DAYS)  # spread, not sorted
            copy = dataclasses.replace(
                base,
                title=f"{base.title} ({i})",
                published=f"{day.isoformat()}T{(i % 24):02d}:00:00",
                source=f"synthetic:{i}",
            )
            if not store.in_transaction():
                store.begin_write()
            save(Prepared(copy), store)  # add, then group into its story
            if i % 500 == 499:
                store.commit()
            if time.monotonic() - last > 30:
                last = time.monotonic()
                rate = (i + 1 - have) / (last - started)
                print(f"  filled {i + 1:,} of {count:,} ({rate:.0f}/s)", file=sys.stderr)
        store.commit()


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return statistics.median(ms), q[94], q[98]


def timed(call: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    """Wall-clock ms of each call; the CPU ms of each go to CPU_MS (the same order)."""
    out = []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        out.append((time.perf_counter() - start) * 1000)
        CPU_MS.append((time.process_time() - cpu) * 1000)
    return out


# CPU ms of the calls timed() made since it was last cleared: on a machine shared with other
# work the wall clock is mostly waiting for a core (searches run in this one thread).
CPU_MS: list[float] = []


def row(label: str, wall: list[float]) -> str:
    """A search's line: p50/p95/p99 of the wall clock, then of the CPU time."""
    cells = [*percentiles(wall), *percentiles(CPU_MS)]
    CPU_MS.clear()
    return f"{label:28}" + "".join(f"{v:9.1f}" for v in cells)


def cpu_median() -> float:
    """The median CPU ms of the calls timed since the last line (the process's CPU: a
    dashboard request's server threads count too)."""
    median = statistics.median(CPU_MS)
    CPU_MS.clear()
    return median


def built(path: Path, articles: int) -> bool:
    """Whether the base at path already holds the articles (a kept base is measured again)."""
    if not path.exists():
        return False
    with open_store(f"sqlite:///{path}") as store:
        return int(store.stats()["articles"]) >= articles


def build_sqlite(path: Path, articles: int, filled: int = FILLED) -> str:
    """The SQLite base at path with `articles` articles (a kept one is reused); its URL."""
    url = f"sqlite:///{path}"
    if built(path, articles):
        print(f"base: a kept base of {articles:,} articles, reused", file=sys.stderr)
        return url
    seeds = seed_articles()
    fill(url, seeds, min(filled, articles))
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    grow(db, articles)
    db.close()
    with open_store(url) as store, store.write():
        tallies.recount(store.conn)  # the counts of the rows grow copied in SQL
    return url


def build_postgres(url: str, articles: int, filled: int = FILLED) -> None:
    """A PostgreSQL base of `articles` articles at url (an empty database): the same seeds,
    fill and copies as SQLite's (bench/grow_pg.py)."""
    from grow_pg import grow_pg

    seeds = seed_articles()
    fill(url, seeds, min(filled, articles))
    grow_pg(url, articles)
    with open_store(url) as store, store.write():
        tallies.recount(store.conn)


def seed_articles() -> list[Article]:
    print(f"analysing {SEED} seed articles...", file=sys.stderr)
    seeds = analysed(SEED)
    if not seeds:
        raise SystemExit(f"bench-scale needs the RIA corpus in {CORPUS}")
    return seeds


def disk_line(store: Any, path: Path | None) -> str:
    """Disk used per article beyond the article texts: the SQLite file (and its WAL), or the
    PostgreSQL database's size."""
    n = int(store.stats()["articles"])
    if path is not None:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        text = store.db.execute("SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM articles").fetchone()
        disk = sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal")) if p.exists())
        texts = int(text[0] or 0)
    else:
        size = "SELECT pg_database_size(current_database())"
        disk = int(store.conn.execute(sql(size)).scalar())
        texts = int(
            store.conn.execute(sql("SELECT SUM(octet_length(text)) FROM articles")).scalar()
        )
    return f"disk beyond the text: {(disk - texts) / n / 1024:.1f} KiB per article (target <= 10)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="Keep (and reuse) the base here.")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="Build the base in a throwaway PostgreSQL cluster (tests/pgcluster.py) instead.",
    )
    parser.add_argument(
        "--filled",
        type=int,
        default=FILLED,
        help="Articles stored through flow.save before the SQL copies.",
    )
    parser.add_argument(
        "--url",
        help="Measure the base at this URL as it is (a kept PostgreSQL base), building nothing.",
    )
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    t0 = time.monotonic()
    if args.url:
        kind = "PostgreSQL" if args.url.startswith("postgresql") else "SQLite"
        path = None if kind == "PostgreSQL" else Path(args.url.split("///", 1)[1])
        measure(args.url, path, kind, 0.0)
    elif args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from pgcluster import cluster, fresh_database

        with cluster() as base:
            url = fresh_database(base, "scale")
            build_postgres(url, args.articles, args.filled)
            measure(url, None, "PostgreSQL", time.monotonic() - t0)
    else:
        path = args.db or Path(folder.name) / "scale.db"
        url = build_sqlite(path, args.articles, args.filled)
        measure(url, path, "SQLite", time.monotonic() - t0)
    folder.cleanup()


def measure(url: str, path: Path | None, kind: str, build_s: float) -> None:
    """Print the disk per article, the searches' and the read commands' latencies."""
    with open_store(url) as store:
        n = store.stats()["articles"]
        print(f"base: {n:,} articles ({kind}), ready in {build_s:.0f} s")
        print(disk_line(store, path))
        head = "".join(f"{h:>9}" for h in ("p50 ms", "p95 ms", "p99 ms", "CPU p50", "p95", "p99"))
        print(f"{'search':28}{head}   target p95<=50 p99<=150")
        if path is None:
            print("(CPU: this process only; the PostgreSQL server's own CPU is not counted)")
        someone = store.entities("PER", limit=1)[0]["name"]
        groups = {
            "words": [(q, {}) for q in WORDS],
            "phrases": [(q, {}) for q in PHRASES],
            "boolean": [(q, {}) for q in BOOLEAN],
            "--threat terrorism": [(q, {"threat": "terrorism"}) for q in WORDS[:4]],
            f"--entity {someone}": [(q, {"entity": someone}) for q in WORDS[:4]],
            "--since 2024-06-01": [(q, {"since": "2024-06-01"}) for q in WORDS[:4]],
        }
        for label, queries in groups.items():
            ms: list[float] = []
            for q, filters in queries:
                ms += timed(lambda q=q, f=filters: store.search(q, limit=10, **f))
            print(row(label, ms))
        # What /api/search does: up to 500 hits for facets, snippets for a page of 20.
        ms = []
        for q in WORDS + BOOLEAN:
            ms += timed(lambda q=q: api_queries.search(store, q, {}, 20, 0))
        print(row("API search (500 + facets)", ms))
    day = (START + timedelta(days=DAYS // 2)).isoformat()
    commands = {
        f"brief --date {day}": ["brief", "--date", day],
        f"stories --since {day}": ["stories", "--since", day],
        "entities --limit 20": ["entities", "--limit", "20"],
        "summary": ["summary"],
    }
    head = f"{'p50 ms':>9}{'max ms':>9}{'CPU p50':>9}"
    print(f"{'command (in process)':28}{head}   target <= {COMMAND_MS:.0f}")
    runner = CliRunner()
    for label, argv in commands.items():
        ms = timed(lambda argv=argv: runner.invoke(cli, [*argv, "--db", url]), 3)
        print(f"{label:28}{statistics.median(ms):9.0f}{max(ms):9.0f}{cpu_median():9.0f}")
    try:
        from fastapi.testclient import TestClient

        from obzor.api.app import create_app

        client = TestClient(create_app(url, open_web=True))
        ms = timed(lambda: client.get("/"), 3)
        cells = f"{statistics.median(ms):9.0f}{max(ms):9.0f}{cpu_median():9.0f}"
        print(f"{'dashboard (GET /)':28}{cells}")
    except ImportError:
        print("dashboard: the [server] extra is not installed")


if __name__ == "__main__":
    main()
