"""Team-server figures: the same searches on SQLite (FTS5) and PostgreSQL (GIN over lemmas),
`obzor migrate` speed, and API latency, over RIA Novosti articles.

    .venv/bin/python bench/server.py --limit 1000
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

from obzor.store import open_store  # noqa: E402
from obzor.store.copy import copy_store  # noqa: E402
from pgcluster import cluster, fresh_database  # noqa: E402
from pipeline import CORPUS, load_corpus  # noqa: E402

QUERIES = [
    "Казахстану",
    "ОДКБ",
    '"коллективной безопасности"',
    "Путин AND переговоры",
    "учения NOT флот",
    "террор*",
    "санкции OR эмбарго",
]
RUNS = 15  # repetitions per query: enough for a stable median on a shared machine


def median_ms(fn: Any, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def api_latency(name: str, url: str) -> None:
    """Median latency of a search, an article and the search page through the ASGI app."""
    from fastapi.testclient import TestClient

    from obzor.api import create_app

    with open_store(url) as store:
        token = store.add_user(f"bench-{name}-{time.time_ns()}", "viewer")
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(url)) as client:
        search = median_ms(lambda: client.get("/api/search?q=ОДКБ", headers=headers))
        article = median_ms(lambda: client.get("/api/articles/1", headers=headers))
        client.cookies.set("obzor_token", token)
        page = median_ms(lambda: client.get("/search?q=ОДКБ"))
    print(
        f"API on {name}: GET /api/search {search:.1f} ms, /api/articles/1 {article:.1f} ms,"
        f" search page {page:.1f} ms (median of {RUNS})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1000, help="RIA articles to load")
    parser.add_argument("--db", help="an existing SQLite base to use instead of ingesting")
    args = parser.parse_args()
    from obzor.ingest.job import ingest_paths
    from obzor.nlp.pipeline import default_pipeline
    from obzor.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="obzor-bench-"))
    lite = f"sqlite:///{args.db or tmp / 'ria.db'}"
    start = time.perf_counter()
    if not args.db:
        jsonl = tmp / "ria.jsonl"
        rows = load_corpus(CORPUS, args.limit)
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        jsonl.write_text(text, "utf-8")
        with open_store(lite) as store:
            ingest_paths([jsonl], store, default_pipeline(), Settings.load(db=lite))
    ingest_s = time.perf_counter() - start
    with cluster() as base:
        pg = fresh_database(base, "bench")
        start = time.perf_counter()
        with open_store(lite) as src, open_store(pg) as dst:
            counts = copy_store(src, dst)
        copy_s = time.perf_counter() - start
        made = f"reused {args.db}" if args.db else f"ingest {ingest_s:.1f} s"
        print(
            f"corpus: {counts['articles']} RIA articles; {made}, "
            f"obzor migrate to PostgreSQL {copy_s:.1f} s "
            f"({counts['articles'] / copy_s:.0f} articles/s)"
        )
        print(f"{'query':30} {'hits':>5} {'same hits':>9} {'SQLite ms':>10} {'PostgreSQL ms':>14}")
        with open_store(lite) as a, open_store(pg) as b:
            rtt = median_ms(lambda: b.db.execute("SELECT 1").fetchall(), 200)
            print(f"{'(PostgreSQL round trip)':30} {'':>5} {'':>9} {'':>10} {rtt:>14.2f}")
            for q in QUERIES:
                ids_a = {h.id for h in a.search(q, 10_000)}
                ids_b = {h.id for h in b.search(q, 10_000)}
                same = "yes" if ids_a == ids_b else f"{len(ids_a & ids_b)}/{len(ids_a)}"
                ms_a = median_ms(lambda q=q: a.search(q, 10))
                ms_b = median_ms(lambda q=q: b.search(q, 10))
                print(f"{q:30} {len(ids_a):>5} {same:>9} {ms_a:>10.1f} {ms_b:>14.1f}")
            fuzzy_a = median_ms(lambda: a.similar_entities("Лавров Сергей"))
            fuzzy_b = median_ms(lambda: b.similar_entities("Лавров Сергей"))
            print(
                f"{'similar_entities (fuzzy)':30} {'':>5} {'':>9} {fuzzy_a:>10.1f} {fuzzy_b:>14.1f}"
            )
        for name, url in (("SQLite", lite), ("PostgreSQL", pg)):
            api_latency(name, url)


if __name__ == "__main__":
    main()
