"""Time the store's verbs on one base: a before/after check of a store change.

Run it once per checkout on copies of the same base, in turns, so both see the same machine:

    PYTHONPATH=/path/to/old/src python bench/store_verbs.py --db base.db --label before
    PYTHONPATH=src python bench/store_verbs.py --db base.db --label after

(make bench-scale --db keeps such a base). Prints, per verb, the median CPU time of REPEATS
warm calls in ms (process time: SQLite runs in the process; other jobs' load stays out);
`write` is flow.save of WRITES articles read from the base into a new one (index rows,
mentions, threats, events, quotes, calendar, story grouping, alerts), per article. The base
given is only read (the writes go to a new temporary base).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from obzor.flow import Prepared, save
from obzor.model import Article
from obzor.store import open_store

REPEATS = 7  # warm calls per verb; the median is printed
WRITES = 300  # articles stored through flow.save for the write figure
WORDS = ["Россия", "Казахстан", "учения", "ОДКБ"]


def median_ms(call: Callable[[], object], repeats: int = REPEATS) -> float:
    """CPU ms of this process (SQLite runs in it): a shared machine's load stays out."""
    call()  # warm
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        call()
        runs.append((time.process_time() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    with open_store(f"sqlite:///{args.db}") as store:
        someone = store.entities("PER", limit=1)[0]["name"]
        story = store.stories(limit=1)[0]["id"]
        newest = store.stats()["articles"]
        hits = [h.id for h in store.search("Казахстан", 500)]
        checks: dict[str, Callable[[], object]] = {
            "search words": lambda: [store.search(w, 10) for w in WORDS],
            "search phrase": lambda: store.search('"министр иностранных дел"', 10),
            "search boolean": lambda: store.search("(учения OR маневры) AND армия", 10),
            "search --threat": lambda: [store.search(w, 10, threat="terrorism") for w in WORDS],
            "search --entity": lambda: [store.search(w, 10, entity=someone) for w in WORDS],
            "search --since": lambda: [store.search(w, 10, since="2024-06-01") for w in WORDS],
            "search sort=date": lambda: [store.search(w, 10, sort="date") for w in WORDS],
            "search 500 hits": lambda: store.search("Казахстан", 500, snippets=20),
            "get": lambda: [store.get(i) for i in range(newest - 20, newest)],
            "has": lambda: [store.has(f"{i:064x}") for i in range(50)],
            "stories": lambda: store.stories(limit=20),
            "story": lambda: store.story(story),
            "entity profile": lambda: store.entity(someone),
            "threat_counts": store.threat_counts,
            "stats": store.stats,
            "entities --limit 20": lambda: store.entities(limit=20),
            "countries": lambda: store.countries(limit=12),
            "trends (dashboard)": lambda: store.trends("entity", "week", 5),
            "calendar": lambda: store.calendar(limit=50),
            "list_articles": lambda: store.list_articles(limit=20),
            "facets (500 hits)": lambda: store.facets(hits),
        }
        ids = list(range(max(1, newest - WRITES), newest + 1))
        articles = [Article.from_json(a) for i in ids if (a := store.get(i)) is not None]
        for name, call in checks.items():
            print(f"{args.label}\t{name}\t{median_ms(call):.2f}")
    with tempfile.TemporaryDirectory() as folder, open_store(f"{folder}/w.db") as target:
        start = time.process_time()
        target.begin_write()
        for article in articles:
            save(Prepared(article), target)
        target.commit()
        per = (time.process_time() - start) * 1000 / len(articles)
        print(f"{args.label}\twrite (flow.save, per article)\t{per:.2f}")


if __name__ == "__main__":
    main()
