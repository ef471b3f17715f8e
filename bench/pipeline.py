"""make bench: the whole pipeline (clean + analyze + store) over the RIA corpus, on one core,
beside natasha's bare segment + NER over the same texts in the same run.

Only distinct articles count: the RIA files repeat many rows, and ingest skips a repeat before
analysing it, so the corpus is cut to distinct (title, text) pairs first and both sides tag
exactly those. natasha runs in a child process (bench/natasha_worker.py) so that each side's
peak memory is its own. The corpus is cut into chunks and the two alternate chunk by chunk,
so that load from other processes on a shared machine falls on both alike; times are CPU
seconds of each process (wall-clock seconds are printed too). Prints articles/s, characters/s
and peak memory of each, our throughput as a ratio of natasha's, and each stage's share.
"""

from __future__ import annotations

import os

# One thread per numeric library, set before numpy loads: throughput is per core, and on one
# core a second BLAS thread only spins (the Makefile sets the same).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from obzor.clean import clean  # noqa: E402
from obzor.ingest.job import ingest_paths  # noqa: E402
from obzor.ingest.jsonl import parse_record  # noqa: E402
from obzor.model import Article, Document, content_hash  # noqa: E402
from obzor.nlp.pipeline import Pipeline, Stage, default_pipeline  # noqa: E402
from obzor.settings import Settings  # noqa: E402
from obzor.store import open_store  # noqa: E402

# Eight chunks alternate often enough that a burst of load elsewhere hits both runs.
CHUNKS = 8
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ria2023"


def load_corpus(folder: Path, limit: int | None) -> tuple[list[dict[str, str]], int]:
    """Distinct RIA articles as JSON Lines records (title, text, url, published, outlet), and
    the number of rows read; a row whose title and text repeat an earlier one is dropped, as
    ingest drops it (same content hash)."""
    csv.field_size_limit(sys.maxsize)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    read = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                read += 1
                digest = content_hash(row["title"], row["content"])
                if digest in seen:
                    continue
                seen.add(digest)
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
    return rows[:limit], read


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


class Natasha:
    """natasha's segment + NER in a child process (bench/natasha_worker.py), models loaded."""

    def __init__(self) -> None:
        worker = Path(__file__).with_name("natasha_worker.py")
        self.proc = subprocess.Popen(
            [sys.executable, str(worker)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.clock = Clock()
        self.rss = self._answer()["rss_mb"]  # after loading its models
        self.peak = self.rss

    def _answer(self) -> dict[str, float]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("the natasha worker died (see its error above)")
        answer: dict[str, float] = json.loads(line)
        return answer

    def __call__(self, texts: list[str]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(texts, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        answer = self._answer()
        self.clock.cpu += answer["cpu"]
        self.clock.wall += answer["wall"]
        self.peak = answer["rss_mb"]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def timed(pipeline: Pipeline) -> tuple[Pipeline, dict[str, float]]:
    """The same stages, each adding its CPU time to the returned {stage name: seconds}."""
    seconds: dict[str, float] = {name: 0.0 for name in pipeline.names}

    def clock(stage: Stage) -> Stage:
        def run(article: Article) -> None:
            start = time.process_time()
            stage.run(article)
            seconds[stage.name] += time.process_time() - start

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
    rows, read = load_corpus(args.corpus, args.limit)
    chars = sum(len(row["text"]) for row in rows)
    size = -(-len(rows) // CHUNKS)
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
    natasha = Natasha()  # started first: the child inherits the one-core affinity
    pipeline, stage_seconds = timed(default_pipeline())
    warm(pipeline)
    stage_seconds.update(dict.fromkeys(stage_seconds, 0.0))
    ours, stored, skipped = Clock(), 0, 0
    base_rss = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db=f"sqlite:///{tmp}/bench.db")
        with open_store(settings.db) as store:
            for n, chunk in enumerate(chunks):
                path = Path(tmp) / f"chunk{n}.jsonl"
                path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk))
                with ours:
                    report = ingest_paths([path], store, pipeline, settings)
                natasha([row["text"] for row in chunk])
                stored, skipped = stored + report.ingested, skipped + report.duplicates
                if report.failures:
                    print(f"warning: {len(report.failures)} records failed", file=sys.stderr)
    natasha.close()
    print(
        f"corpus: {len(rows)} distinct articles of {read} rows, {chars:,} characters "
        f"(RIA Novosti 2023); obzor stored {stored}, skipped {skipped} as duplicates; "
        f"1 core, {len(chunks)} alternating chunks"
    )
    print(f"{'':24}{'articles/s':>12}{'chars/s':>12}{'CPU s':>10}{'wall s':>10}{'peak MB':>10}")
    for name, clock, peak in (
        ("obzor ingest (all)", ours, rss_mb()),
        ("natasha segment+NER", natasha.clock, natasha.peak),
    ):
        rate = len(rows) / clock.cpu
        print(
            f"{name:24}{rate:12.1f}{chars / clock.cpu:12,.0f}{clock.cpu:10.1f}{clock.wall:10.1f}"
            f"{peak:10.0f}"
        )
    print(
        f"ratio obzor/natasha: {natasha.clock.cpu / ours.cpu:.2f} by CPU time, "
        f"{natasha.clock.wall / ours.wall:.2f} by wall clock (target >= 1.0)"
    )
    print(
        f"peak RSS: obzor {base_rss:.0f} MB with models loaded, {rss_mb():.0f} MB at the end "
        f"(bounded caches); natasha {natasha.rss:.0f} MB loaded, {natasha.peak:.0f} MB at the end"
    )
    print(f"{'pipeline stage':24}{'ms/article':>12}{'share':>12}{'CPU s':>10}")
    spent_in_stages = sum(stage_seconds.values())
    for name, spent in [*stage_seconds.items(), ("clean + store", ours.cpu - spent_in_stages)]:
        share = spent / ours.cpu
        print(f"{name:24}{spent / len(rows) * 1000:12.2f}{share:12.1%}{spent:10.1f}")


if __name__ == "__main__":
    main()
