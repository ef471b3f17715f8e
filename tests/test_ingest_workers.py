"""`obzor ingest --workers N`: analysis in N processes, one writer, the same base as one."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from obzor.cli import main
from obzor.ingest.job import SMALL_INPUT, ingest_paths
from obzor.model import Article
from obzor.nlp.pipeline import Pipeline, Stage
from obzor.settings import Settings
from obzor.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _mark(article: Article) -> None:
    article.dateline = f"pid {os.getpid()}"


def marking_pipeline() -> Pipeline:
    """A pipeline that writes the analysing process's id into each article (module level:
    workers build it themselves)."""
    return Pipeline([Stage("mark", ("text",), ("dateline",), _mark)])


def real_texts(folder: Path, count: int) -> Path:
    """count distinct articles (example texts, numbered) as one JSON Lines file."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    lines = []
    for n in range(count):
        body = texts[n % len(texts)]
        record = {"title": f"Сводка {n}", "text": body, "published": "2024-10-05"}
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.append(lines[0])  # one repeat: found stored, not analysed twice
    path = folder / "items.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(url: str) -> list[dict[str, Any]]:
    with open_store(url) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY id")]
        return [{k: v for k, v in (store.get(i) or {}).items() if k != "ingested_at"} for i in ids]


def test_workers_analyse_in_other_processes_and_this_one_writes(tmp_path: Path) -> None:
    source = real_texts(tmp_path, SMALL_INPUT + 10)
    url = f"sqlite:///{tmp_path / 'w.db'}"
    with open_store(url) as store:
        report = ingest_paths(
            [source], store, None, Settings.load(db=url), workers=2, factory=marking_pipeline
        )
    assert report.ok and report.ingested == SMALL_INPUT + 10 and report.duplicates == 1
    pids = {a["dateline"] for a in stored(url)}
    # Analysed in worker processes only; how the items split between the two depends on
    # how fast each one starts, so only "one or two workers, never this process" is checked.
    assert f"pid {os.getpid()}" not in pids and 1 <= len(pids) <= 2


def test_a_small_input_is_analysed_in_this_process(tmp_path: Path) -> None:
    source = real_texts(tmp_path, 5)
    url = f"sqlite:///{tmp_path / 's.db'}"
    with open_store(url) as store:
        report = ingest_paths(
            [source], store, None, Settings.load(db=url), workers=4, factory=marking_pipeline
        )
    assert report.ingested == 5
    assert {a["dateline"] for a in stored(url)} == {f"pid {os.getpid()}"}


def test_two_workers_store_exactly_what_one_process_stores(tmp_path: Path) -> None:
    # The full pipeline: entities, links, threats, events, quotes, stories, all alike.
    source = real_texts(tmp_path, SMALL_INPUT + 6)
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    runs = {}
    for url, workers in ((one, "1"), (two, "2")):
        result = CliRunner().invoke(
            main, ["ingest", str(source), "--db", url, "--workers", workers]
        )
        assert result.exit_code == 0, result.output
        runs[workers] = result.output.splitlines()[-1]  # the counts (a progress line before)
    assert runs["1"] == runs["2"] == "files: 1  ingested: 56  duplicate: 1  failed: 0"
    assert stored(one) == stored(two)
    with open_store(one) as a, open_store(two) as b:
        assert a.stories(limit=100) == b.stories(limit=100)
