"""`obzor batch` on Dask: a LocalCluster of two worker processes ingests JSON Lines, CSV and
Parquet shards into PostgreSQL; each article is stored once, also when a worker dies mid-shard
and Dask runs its shard again; each worker builds its pipeline once."""

from __future__ import annotations

import csv
import functools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.ingest.batch import run_batch
from obzor.model import Article
from obzor.nlp.pipeline import Pipeline, Stage
from obzor.settings import Settings
from obzor.store import open_store

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

PLACES = ["Астане", "Бишкеке", "Душанбе", "Ташкенте", "Минске", "Ереване"]


def record(n: int) -> dict[str, str]:
    text = f"В {PLACES[n % len(PLACES)]} прошли учения номер {n}. Министры обсудили границы."
    return {"id": str(n), "title": f"Учения {n}", "text": text, "published": "2024-05-02"}


def write_shards(folder: Path) -> int:
    """Six shards of three kinds: 60 distinct articles, 4 of them in two shards, 1 bad row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir()
    for s in range(2):  # articles 0-19
        lines = [json.dumps(record(n), ensure_ascii=False) for n in range(s * 10, s * 10 + 10)]
        (folder / f"part{s}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for s in range(2):  # articles 18-39 (18 and 19 again); the second shard has a row without text
        with (folder / f"part{s}.csv").open("w", encoding="utf-8", newline="") as stream:
            rows = csv.DictWriter(stream, ["id", "title", "text", "published", "views"])
            rows.writeheader()
            start = 18 if s == 0 else 30
            rows.writerows(record(n) | {"views": "7"} for n in range(start, 30 if s == 0 else 40))
            if s == 1:
                rows.writerow({"id": "x", "title": "Пусто", "text": "", "published": "2024-05-02"})
    for s in range(2):  # articles 38-59 (38 and 39 again)
        start = 38 if s == 0 else 50
        rows = [record(n) for n in range(start, 50 if s == 0 else 60)]
        pq.write_table(pa.Table.from_pylist(rows), folder / f"part{s}.parquet")
    return 60


def counted_pipeline(calls: str) -> Pipeline:
    """No NLP stages (the flow is tested); each call leaves a line with this process's id."""
    with open(calls, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    return Pipeline([])


def dying_pipeline(marker: str, after: int) -> Pipeline:
    """A pipeline that kills its worker process while analysing article `after` + 1, once."""
    seen = 0

    def die(article: Article) -> None:
        nonlocal seen
        seen += 1
        if seen > after and not os.path.exists(marker):
            Path(marker).touch()
            os._exit(1)  # as a worker killed by the kernel: no cleanup, no report

    return Pipeline([Stage("die", (), (), die)])


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A LocalCluster of two worker processes with one thread each: its scheduler address."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def counts(url: str) -> tuple[int, int, int]:
    """(articles, distinct content hashes, articles placed in stories) in the base."""
    with open_store(url) as store:
        one: Any = lambda sql: int(store.conn.exec_driver_sql(sql).scalar_one())  # noqa: E731
        return (
            one("SELECT COUNT(*) FROM articles"),
            one("SELECT COUNT(DISTINCT content_hash) FROM articles"),
            one("SELECT COUNT(*) FROM story_articles"),
        )


def test_shards_of_three_kinds_are_stored_once_with_a_pipeline_per_worker(
    tmp_path: Path, pg_base: str, cluster: str
) -> None:
    from pgcluster import fresh_database

    url = fresh_database(pg_base, "batch_kinds")
    total = write_shards(tmp_path / "shards")
    calls = tmp_path / "calls.txt"
    factory = functools.partial(counted_pipeline, str(calls))
    report = run_batch([tmp_path / "shards"], Settings.load(db=url), cluster, factory=factory)

    assert report.files == 6
    # 4 articles sit in two shards each; two workers may analyse one at once, and then the
    # store keeps the first and the report may count the second as added (counts() is exact).
    assert report.ingested + report.duplicates == total + 4 and report.ingested >= total
    assert [(Path(f.source).name, f.reason) for f in report.failures] == [
        ("part1.csv:11", 'no "text" field (the only required one)')
    ]
    assert counts(url) == (total, total, total)
    pids = calls.read_text(encoding="utf-8").split()
    assert len(pids) == len(set(pids)) <= 2  # one pipeline per worker, not one per shard

    # The same shards again through the CLI: all found stored, none analysed or added.
    result = CliRunner().invoke(
        main, ["batch", str(tmp_path / "shards"), "--cluster", cluster, "--db", url]
    )
    assert result.exit_code == 1, result.output  # the row without text, again
    assert f"shards: 6  ingested: 0  duplicate: {total + 4}  failed: 1" in result.output
    assert counts(url) == (total, total, total)


def test_a_shard_rerun_after_its_worker_died_stores_nothing_twice(
    tmp_path: Path, pg_base: str, cluster: str
) -> None:
    from pgcluster import fresh_database

    url = fresh_database(pg_base, "batch_killed")
    shard = tmp_path / "one.jsonl"
    lines = [json.dumps(record(n), ensure_ascii=False) for n in range(20)]
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    marker = tmp_path / "died"
    factory = functools.partial(dying_pipeline, str(marker), 8)
    report = run_batch([shard], Settings.load(db=url), cluster, factory=factory)

    assert marker.exists()  # a worker did die in the middle of the shard
    assert report.ok, report.failures
    # The rerun found the 8 articles the dead worker had stored, and stored the other 12.
    assert (report.ingested, report.duplicates) == (12, 8)
    assert counts(url) == (20, 20, 20)


def test_batch_without_a_cluster_refuses_a_remote_one_with_sqlite(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    args = ["batch", str(tmp_path), "--cluster", "tcp://127.0.0.1:1", "--db", db]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "need a database server" in result.output
