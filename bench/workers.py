"""make bench: `obzor ingest` with 1 worker and with one per core, side by side.

The distinct RIA articles (as bench/pipeline.py reads them) are ingested into a fresh base
with workers=1 (analysis in this process) and workers=N (N analysis processes, this one
writes); the runs alternate ROUNDS times and the best wall-clock time of each is kept, since
on a shared machine other load only ever slows a run down. Prints articles/s and speed-up.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from obzor.ingest.job import ingest_paths
from obzor.ingest.workers import all_cores
from obzor.settings import Settings
from obzor.store import open_store
from pipeline import CORPUS, load_corpus

ROUNDS = 2


def run(source: Path, folder: Path, workers: int, n: int) -> tuple[float, int]:
    """Wall-clock seconds of one ingest into a fresh base, and the articles stored."""
    url = f"sqlite:///{folder / f'w{workers}-{n}.db'}"
    start = time.perf_counter()
    with open_store(url) as store:
        report = ingest_paths([source], store, None, Settings.load(db=url), workers=workers)
    return time.perf_counter() - start, report.ingested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=600, help="Articles (default 600).")
    parser.add_argument("--workers", type=int, default=all_cores())
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    rows, _ = load_corpus(CORPUS, args.limit)
    best: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "ria.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        for n in range(ROUNDS):
            for workers in (1, args.workers):
                seconds, stored = run(source, Path(tmp), workers, n)
                assert stored == len(rows), (stored, len(rows))
                best[workers] = min(best.get(workers, seconds), seconds)
    print(
        f"ingest of {len(rows)} distinct RIA articles, best wall clock of {ROUNDS} alternating "
        f"runs ({all_cores()} cores here; models load inside the timed run)"
    )
    print(f"{'workers':>8}{'articles/s':>12}{'seconds':>10}{'speed-up':>10}")
    for workers, seconds in best.items():
        speedup = best[1] / seconds
        print(f"{workers:>8}{len(rows) / seconds:12.1f}{seconds:10.1f}{speedup:10.2f}")


if __name__ == "__main__":
    main()
