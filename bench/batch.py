"""Batch mode on Dask into PostgreSQL: `obzor batch` with a LocalCluster of 1 and N worker
processes beside `obzor ingest --workers N`, over the distinct RIA articles as Parquet shards.

Each run writes into a fresh database of a throwaway PostgreSQL cluster (tests/pgcluster.py);
the runs alternate ROUNDS times and the best wall clock of each is kept (other load on a
shared machine only ever slows a run down). Cluster start and model loading are inside the
timed run, as a user meets them.

    .venv/bin/python bench/batch.py --limit 600 --shards 12
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

from obzor.ingest.batch import run_batch  # noqa: E402
from obzor.ingest.job import ingest_paths  # noqa: E402
from obzor.ingest.workers import all_cores  # noqa: E402
from obzor.settings import Settings  # noqa: E402
from obzor.store import open_store  # noqa: E402
from pgcluster import cluster, fresh_database  # noqa: E402
from pipeline import CORPUS, load_corpus  # noqa: E402

ROUNDS = 2


def write_shards(rows: list[dict[str, str]], folder: Path, shards: int) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    paths = []
    for n in range(shards):
        path = folder / f"ria-{n:03d}.parquet"
        pq.write_table(pa.Table.from_pylist(rows[n::shards]), path)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=600, help="Articles (default 600).")
    parser.add_argument("--shards", type=int, default=12, help="Parquet shards (default 12).")
    parser.add_argument("--workers", type=int, default=all_cores())
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    rows, _ = load_corpus(CORPUS, args.limit)
    n = args.workers
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, cluster() as base:
        folder = Path(tmp) / "shards"
        folder.mkdir()
        write_shards(rows, folder, args.shards)

        def batch(workers: int) -> Callable[[str], int]:
            return lambda url: run_batch([folder], Settings.load(db=url), workers=workers).ingested

        def ingest(url: str) -> int:
            with open_store(url) as store:
                report = ingest_paths([folder], store, None, Settings.load(db=url), workers=n)
            return report.ingested

        runs = {
            "obzor batch, 1 worker": batch(1),
            f"obzor batch, {n} workers": batch(n),
            f"obzor ingest --workers {n}": ingest,
        }
        for r in range(ROUNDS):
            for i, (name, run) in enumerate(runs.items()):
                url = fresh_database(base, f"bench_{r}_{i}")
                start = time.perf_counter()
                stored = run(url)
                seconds = time.perf_counter() - start
                assert stored == len(rows), (name, stored, len(rows))
                best[name] = min(best.get(name, seconds), seconds)
    print(
        f"{len(rows)} distinct RIA articles in {args.shards} Parquet shards into PostgreSQL, "
        f"best wall clock of {ROUNDS} alternating runs ({all_cores()} cores here; workers "
        "start and load their models inside the timed run)"
    )
    print(f"{'':28}{'articles/s':>12}{'seconds':>10}")
    for name, seconds in best.items():
        print(f"{name:28}{len(rows) / seconds:12.1f}{seconds:10.1f}")


if __name__ == "__main__":
    main()
