"""make bench: story grouping over the RIA corpus and a 100,000-article synthetic stream.

The stream is built from the 2,281 RIA articles: sources drawn in shuffled order, each copy
perturbed (a tenth of its words dropped, a few swapped) and dated uniformly over a year, then
fed in date order. Prints articles/s per quarter of the stream (flat = linear time) and peak
memory (flat = memory bounded by the time window, not by the stream).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from obzor.clean.dates import parse_date
from obzor.nlp import morph
from obzor.stories import Grouper, Item, item_from_tokens
from obzor.stories.features import HEAD_CHARS, day_number

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ria2023"
DROP = 0.1  # share of body words a perturbed copy loses: a light rewrite, not a new text
SWAPS = 5  # adjacent word swaps per copy: breaks some shingles as an editor would
START = date(2024, 1, 1).toordinal()  # the synthetic year


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(folder: Path, limit: int | None) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8") as stream:
            rows.extend(csv.DictReader(stream))
    return rows[:limit]


def perturb(lemmas: list[str], rng: random.Random) -> list[str]:
    kept = [w for w in lemmas if rng.random() >= DROP]
    for _ in range(min(SWAPS, len(kept) // 2)):
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return kept


def run(grouper: Grouper, items: Iterable[Item], total: int, label: str) -> None:
    """Group the items (features built as the articles arrive, and timed); report per quarter.

    Rates are given per wall-clock second and per CPU second of this process: on a shared
    machine the second one is what the code costs.
    """
    marks = {total * q // 4 for q in (1, 2, 3, 4)}
    first = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    mark_start, mark_cpu = start, cpu_start
    roles: dict[str, int] = {}
    stories: set[int] = set()
    for n, item in enumerate(items, 1):
        decision = grouper.add(item)
        roles[decision.role] = roles.get(decision.role, 0) + 1
        stories.add(decision.story_id)
        if n in marks:
            now, cpu = time.perf_counter(), time.process_time()
            print(
                f"  {label} {first + 1:>7}-{n:<7} {(n - first) / (now - mark_start):7.0f} art/s"
                f" {(n - first) / (cpu - mark_cpu):7.0f} art/CPU-s"
                f"   window {len(grouper.items):5} articles   peak RSS {rss_mb():4.0f} MB"
            )
            first, mark_start, mark_cpu = n, now, cpu
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"  {label}: {total} articles in {seconds:.1f} s = {total / seconds:.0f} articles/s"
        f" ({total / cpu_seconds:.0f} per CPU second); {len(stories)} stories;"
        f" roles {dict(sorted(roles.items()))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N RIA articles.")
    parser.add_argument("--stream", type=int, default=100_000, help="Synthetic stream size.")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared must sit beside the project)")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rows = load(args.corpus, args.limit)
    start = time.perf_counter()
    sources = [
        (
            morph.lemmatize(r["title"]).split(),
            morph.lemmatize(r["content"]).split(),
            f"{r['title']}. {r['content'][:HEAD_CHARS]}",
            r,
        )
        for r in rows
    ]
    lemmatized = time.perf_counter() - start
    print(f"corpus: {len(rows)} RIA articles, lemmatized in {lemmatized:.1f} s (not timed below)")
    print(f"peak RSS after loading: {rss_mb():.0f} MB")

    published = [parse_date(r["datetime"]) for r in rows]
    by_date = sorted(range(len(sources)), key=lambda i: (published[i] or "", i))

    def ria() -> Iterator[Item]:
        for i in by_date:
            t, b, head, r = sources[i]
            yield item_from_tokens(i, t, b, head, day=day_number(published[i]), title=r["title"])

    run(Grouper(), ria(), len(sources), "RIA")

    rng = random.Random(5)
    order = list(range(len(sources)))
    rng.shuffle(order)
    dated = sorted((START + rng.randrange(365), n) for n in range(args.stream))
    print(f"synthetic stream: {args.stream} perturbed copies over 365 days, in date order")
    base = rss_mb()

    def stream() -> Iterator[Item]:
        for day, n in dated:
            t, b, head, r = sources[order[n % len(order)]]
            yield item_from_tokens(n, t, perturb(b, rng), head, day=day, title=r["title"])

    run(Grouper(), stream(), args.stream, "stream")
    print(f"peak RSS: {base:.0f} MB before the stream, {rss_mb():.0f} MB after 100% of it")


if __name__ == "__main__":
    main()
