"""The entity filter under each index of mentions by article, in turns, in one run.

Revision 0018 replaced `mentions_article` (article_id) with the covering
`mentions_article_entity` (article_id, entity_id). On a kept bench-scale base
(`python bench/scale.py --articles N --db PATH`), this times `search --entity` (the queries
bench/scale.py times), the API search with the same entity and the API search unfiltered
(its facets count the entities of 500 hits), first under one index then the
other, ROUNDS times in alternation, and prints wall and CPU p50/p95/p99 of each and whether
both gave the same hits. It leaves the base with the revision's index.

    python bench/mentions_index.py --db PATH
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from obzor.api import queries as api_queries
from obzor.store import Store, open_store
from scale import BOOLEAN, CPU_MS, WORDS, row, timed

ROUNDS = 2
OLD = ("mentions_article", "CREATE INDEX mentions_article ON mentions (article_id)")
NEW = (
    "mentions_article_entity",
    "CREATE INDEX mentions_article_entity ON mentions (article_id, entity_id)",
)


def use(path: Path, index: tuple[str, str]) -> None:
    """Leave only `index` of the two on mentions (and the planner's statistics fresh)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for name, _ in (OLD, NEW):
            db.execute(f"DROP INDEX IF EXISTS {name}")
        db.execute(index[1])
        db.execute("ANALYZE mentions")
    finally:
        db.close()


def measure(store: Store, someone: str) -> list[str]:
    """The timed lines of one turn (bench/scale.py's format)."""
    CPU_MS.clear()
    ms: list[float] = []
    for q in WORDS[:4]:
        ms += timed(lambda q=q: store.search(q, limit=10, entity=someone))
    out = [row(f"--entity {someone}", ms)]
    ms = []
    for q in WORDS:
        ms += timed(lambda q=q: api_queries.search(store, q, {"entity": someone}, 20, 0))
    out.append(row("API search --entity", ms))
    ms = []
    for q in WORDS + BOOLEAN:  # the facets count the entities of the 500 hits
        ms += timed(lambda q=q: api_queries.search(store, q, {}, 20, 0))
    out.append(row("API search (500 + facets)", ms))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    url = f"sqlite:///{args.db}"
    hits: dict[str, list[list[int]]] = {}
    lines: dict[str, list[str]] = {}
    for _ in range(ROUNDS):
        for name, create in (OLD, NEW):
            use(args.db, (name, create))
            with open_store(url) as store:
                someone = store.entities("PER", limit=1)[0]["name"]
                found = [[h.id for h in store.search(q, 10, entity=someone)] for q in WORDS[:4]]
                hits.setdefault(name, found)
                lines.setdefault(name, []).extend(measure(store, someone))
    head = "".join(f"{h:>9}" for h in ("p50 ms", "p95 ms", "p99 ms", "CPU p50", "p95", "p99"))
    for name, found_lines in lines.items():
        print(f"{name}:\n{'':28}{head}")
        print("\n".join(found_lines))
    print(f"same hits under both indexes: {hits[OLD[0]] == hits[NEW[0]]}")


if __name__ == "__main__":
    main()
