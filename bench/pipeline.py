"""make bench: the whole pipeline (clean + analyze + store) over the RIA corpus, on one core,
beside natasha's bare segment + NER over the same texts in the same process.

The corpus is cut into chunks and the two runs alternate chunk by chunk, so that load from
other processes on a shared machine falls on both alike; times are CPU seconds of this
process (wall-clock seconds are printed too). Prints articles/s, characters/s, peak memory
as the corpus grows, our throughput as a ratio of natasha's, and each pipeline stage's share.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from obzor.clean import clean
from obzor.ingest.job import ingest_paths
from obzor.ingest.jsonl import parse_record
from obzor.model import Article, Document
from obzor.nlp.pipeline import Pipeline, Stage, default_pipeline
from obzor.settings import Settings
from obzor.store import open_store

# Eight chunks alternate often enough that a burst of load elsewhere hits both runs.
CHUNKS = 8
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ria2023"


def load_corpus(folder: Path, limit: int | None) -> list[dict[str, str]]:
    """RIA rows as JSON Lines records (title, text, url, published, outlet)."""
    csv.field_size_limit(sys.maxsize)
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                rows.append(
                    {
                        "id": row["id"],
                        "title": row["title"],
                        "text": row["content"],
                        "url": row["url"],
                        "published": row["datetime"],
                        "outlet": "РИА Новости",
                    }
                )
    return rows[:limit]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """CPU and wall-clock seconds spent inside `with clock:` blocks."""

    def __init__(self) -> None:
        self.cpu = self.wall = 0.0

    def __enter__(self) -> None:
        self._cpu, self._wall = time.process_time(), time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.cpu += time.process_time() - self._cpu
        self.wall += time.perf_counter() - self._wall


def natasha_run() -> Callable[[list[str]], None]:
    """natasha's segment + NER over texts, models loaded once (outside any clock)."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

    def run(texts: list[str]) -> None:
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)

    return run


def timed(pipeline: Pipeline) -> tuple[Pipeline, dict[str, float]]:
    """The same stages, each adding its run time to the returned {stage name: seconds}."""
    seconds: dict[str, float] = {name: 0.0 for name in pipeline.names}

    def clock(stage: Stage) -> Stage:
        def run(article: Article) -> None:
            start = time.perf_counter()
            stage.run(article)
            seconds[stage.name] += time.perf_counter() - start

        return Stage(stage.name, stage.requires, stage.assigns, run)

    return Pipeline([clock(stage) for stage in pipeline.stages]), seconds


def warm(pipeline: Pipeline) -> None:
    """Load the pipeline's models before any clock starts, as natasha's are."""
    doc = parse_record('{"text": "МОСКВА, 1 ноя – РИА Новости. Лавров прибыл в Минск."}', "w")
    assert isinstance(doc, Document)
    pipeline(clean(doc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared must sit beside the project)")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    rows = load_corpus(args.corpus, args.limit)
    chars = sum(len(row["text"]) for row in rows)
    size = -(-len(rows) // CHUNKS)
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
    pipeline, stage_seconds = timed(default_pipeline())
    warm(pipeline)
    stage_seconds.update(dict.fromkeys(stage_seconds, 0.0))
    natasha = natasha_run()
    ours, theirs, peaks = Clock(), Clock(), []
    base_rss = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db=f"sqlite:///{tmp}/bench.db")
        with open_store(settings.db) as store:
            for n, chunk in enumerate(chunks):
                path = Path(tmp) / f"chunk{n}.jsonl"
                path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk))
                with ours:
                    report = ingest_paths([path], store, pipeline, settings)
                with theirs:
                    natasha([row["text"] for row in chunk])
                peaks.append(rss_mb())
                if report.failures:
                    print(f"warning: {len(report.failures)} records failed", file=sys.stderr)
    print(
        f"corpus: {len(rows)} articles, {chars:,} characters (RIA Novosti 2023), 1 core, "
        f"{len(chunks)} alternating chunks"
    )
    print(f"{'':24}{'articles/s':>12}{'chars/s':>12}{'CPU s':>10}{'wall s':>10}")
    for name, clock in (("obzor ingest (all)", ours), ("natasha segment+NER", theirs)):
        rate = len(rows) / clock.cpu
        print(f"{name:24}{rate:12.1f}{chars / clock.cpu:12,.0f}{clock.cpu:10.1f}{clock.wall:10.1f}")
    print(
        f"ratio obzor/natasha: {theirs.cpu / ours.cpu:.2f} by CPU time, "
        f"{theirs.wall / ours.wall:.2f} by wall clock (target >= 0.5)"
    )
    quarters = [peaks[max(0, round(len(peaks) * q) - 1)] for q in (0.25, 0.5, 0.75, 1.0)]
    print(
        f"peak RSS: {base_rss:.0f} MB with models loaded; after 1/4, 1/2, 3/4, all of the corpus: "
        + ", ".join(f"{mb:.0f}" for mb in quarters)
        + " MB (bounded caches fill, then stay)"
    )
    print(f"{'pipeline stage':24}{'ms/article':>12}{'share':>12}{'seconds':>10}")
    spent_in_stages = sum(stage_seconds.values())
    for name, spent in [*stage_seconds.items(), ("clean + store", ours.wall - spent_in_stages)]:
        share = spent / ours.wall
        print(f"{name:24}{spent / len(rows) * 1000:12.2f}{share:12.1%}{spent:10.1f}")


if __name__ == "__main__":
    main()
