"""Many processes, one base: three ingest processes and a reader on one SQLite or PostgreSQL
base at once: no "database is locked", nothing lost, nothing stored twice."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path
from typing import Any

from obzor.ingest.job import ingest_paths
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings
from obzor.store import open_store

FILES, PER_FILE, WRITERS = 4, 30, 3
PLACES = ["Астане", "Бишкеке", "Душанбе", "Ташкенте", "Минске", "Ереване"]


def write_corpus(folder: Path) -> list[Path]:
    """FILES JSON Lines files of distinct short articles; each writer reads all of them."""
    paths = []
    for f in range(FILES):
        lines = []
        for n in range(PER_FILE):
            place = PLACES[(f + n) % len(PLACES)]
            text = (
                f"В {place} прошли учения номер {f * PER_FILE + n}. "
                f"Министры обсудили безопасность границ и план на {2020 + n % 5} год."
            )
            record = {
                "title": f"Учения {f}-{n}",
                "text": text,
                "published": f"2024-05-{n % 28 + 1:02d}",
            }
            lines.append(json.dumps(record, ensure_ascii=False))
        path = folder / f"part{f}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def writer(url: str, paths: list[str], out: Any) -> None:
    """One ingest process: every file, in its own order, no NLP stages (the store is tested)."""
    try:
        settings = Settings.load(db=url, batch_size=7)
        with open_store(url) as store:
            report = ingest_paths(paths, store, Pipeline([]), settings)
        out.put(("ok", report.ingested, report.duplicates, [f.reason for f in report.failures]))
    except Exception as exc:  # reported to the test, which fails with it
        out.put(("error", 0, 0, [f"{type(exc).__name__}: {exc}"]))


def reader(url: str, stop: Any, out: Any) -> None:
    """A reader querying while the writers write: counts and searches must never fail."""
    reads, errors = 0, []
    with open_store(url) as store:
        while not stop.is_set():
            try:
                store.stats()
                store.search("учения", limit=5)
                reads += 1
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.01)
    out.put((reads, errors))


def run_at_once(url: str, paths: list[Path]) -> None:
    ctx = multiprocessing.get_context("spawn")
    results, reads, stop = ctx.Queue(), ctx.Queue(), ctx.Event()
    orders = [[str(p) for p in paths[i:] + paths[:i]] for i in range(WRITERS)]
    watcher = ctx.Process(target=reader, args=(url, stop, reads))
    watcher.start()
    writers = [ctx.Process(target=writer, args=(url, o, results)) for o in orders]
    for p in writers:
        p.start()
    outcomes = [results.get(timeout=300) for _ in writers]
    for p in writers:
        p.join(timeout=60)
    stop.set()
    read_count, read_errors = reads.get(timeout=60)
    watcher.join(timeout=60)

    assert all(status == "ok" and not failures for status, _, _, failures in outcomes), outcomes
    total = FILES * PER_FILE
    # Every writer handled every article: stored it, or found it stored by another.
    assert all(stored + dup == total for _, stored, dup, _ in outcomes)
    assert read_count > 0 and not read_errors, read_errors
    with open_store(url) as store:
        assert store.stats()["articles"] == total
        one = store.conn.exec_driver_sql
        hashes = one("SELECT COUNT(DISTINCT content_hash) FROM articles").scalar_one()
        assert int(hashes) == total
        grouped = one("SELECT COUNT(*) FROM story_articles").scalar_one()
        assert int(grouped) == total  # every article in exactly one story


def test_three_writers_and_a_reader_on_one_sqlite_base(tmp_path: Path) -> None:
    run_at_once(f"sqlite:///{tmp_path / 'shared.db'}", write_corpus(tmp_path))


def test_three_writers_and_a_reader_on_one_postgresql_base(tmp_path: Path, pg_base: str) -> None:
    from pgcluster import fresh_database

    run_at_once(fresh_database(pg_base, "concurrency"), write_corpus(tmp_path))
