"""make bench: the whole pipeline (clean + analyze + store) over the RIA corpus, on one core,
beside natasha's bare segment + NER over the same texts in the same process.

Prints articles/s, characters/s, peak memory, our throughput as a ratio of natasha's, and
the seconds each pipeline stage took (clean and store are the rest of the ingest time).
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
from pathlib import Path

from obzor.clean import clean
from obzor.ingest.job import ingest_paths
from obzor.ingest.jsonl import parse_record
from obzor.model import Article, Document
from obzor.nlp.pipeline import Pipeline, Stage, default_pipeline
from obzor.settings import Settings
from obzor.store import open_store

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


def bench_natasha(texts: list[str]) -> float:
    """Seconds for natasha's segment + NER over the texts."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    start = time.perf_counter()
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
    return time.perf_counter() - start


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


def bench_obzor(halves: list[Path], db: str) -> tuple[float, list[float], dict[str, float]]:
    """Seconds to ingest the JSON Lines files in turn, and peak RSS (MB) after each one.

    Equal RSS after the first and the second half shows memory does not grow with the corpus;
    the dict holds the seconds spent in each pipeline stage.
    """
    settings = Settings.load(db=db)
    pipeline, stage_seconds = timed(default_pipeline())
    warmup = parse_record('{"text": "МОСКВА, 1 ноя – РИА Новости. Лавров прибыл в Минск."}', "w")
    assert isinstance(warmup, Document)
    pipeline(clean(warmup))  # load models before the clock starts, as natasha's are loaded
    stage_seconds.update(dict.fromkeys(stage_seconds, 0.0))
    elapsed, peaks = 0.0, []
    with open_store(db) as store:
        for half in halves:
            start = time.perf_counter()
            report = ingest_paths([half], store, pipeline, settings)
            elapsed += time.perf_counter() - start
            peaks.append(rss_mb())
            if report.failures:
                print(f"warning: {len(report.failures)} records failed", file=sys.stderr)
    return elapsed, peaks, stage_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared must sit beside the project)")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    rows = load_corpus(args.corpus, args.limit)
    texts = [row["text"] for row in rows]
    chars = sum(len(t) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        halves = [Path(tmp) / "first.jsonl", Path(tmp) / "second.jsonl"]
        middle = len(rows) // 2
        for path, part in zip(halves, (rows[:middle], rows[middle:]), strict=True):
            path.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), "utf-8"
            )
        base_rss = rss_mb()
        ours, peaks, stage_seconds = bench_obzor(halves, f"sqlite:///{tmp}/bench.db")
        theirs = bench_natasha(texts)
    print(f"corpus: {len(rows)} articles, {chars:,} characters (RIA Novosti 2023), 1 core")
    print(f"{'':24}{'articles/s':>12}{'chars/s':>12}{'seconds':>10}")
    print(f"{'obzor ingest (all)':24}{len(rows) / ours:12.1f}{chars / ours:12,.0f}{ours:10.1f}")
    print(
        f"{'natasha segment+NER':24}{len(rows) / theirs:12.1f}{chars / theirs:12,.0f}{theirs:10.1f}"
    )
    print(f"ratio obzor/natasha: {theirs / ours:.2f} (target >= 0.5)")
    print(
        f"peak RSS: {base_rss:.0f} MB before ingest, {peaks[0]:.0f} MB after the first half, "
        f"{peaks[1]:.0f} MB after the second (flat = memory does not grow with the corpus)"
    )
    print(f"{'pipeline stage':24}{'ms/article':>12}{'share':>12}{'seconds':>10}")
    for name, spent in [
        *stage_seconds.items(),
        ("clean + store", ours - sum(stage_seconds.values())),
    ]:
        print(f"{name:24}{spent / len(rows) * 1000:12.2f}{spent / ours:12.1%}{spent:10.1f}")


if __name__ == "__main__":
    main()
