"""The bad-input campaign: each hostile file is refused with a clear message or read within
its bounds, the run goes on, and nothing read before or after it is lost (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile_inputs import CASES, Case
from obzor.analysis import analyze_document
from obzor.ingest.job import ingest_paths
from obzor.limits import MAX_TEXT_CHARS
from obzor.model import Document
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings
from obzor.store import open_store

AFTER = (
    "Пограничники Казахстана задержали нарушителей\n\n"
    "АСТАНА, 3 марта. Пограничная служба КНБ сообщила о задержании."
)
BEFORE = (
    "Учения ШОС прошли в Киргизии\n\n"
    "БИШКЕК, 5 апреля. Военные стран ШОС провели учения на полигоне Эдельвейс."
)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_file_fails_clearly_and_loses_nothing(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "0-before.txt").write_text(BEFORE, encoding="utf-8")
    (folder / f"1-{case.name}").write_bytes(case.build())
    (folder / "2-after.txt").write_text(AFTER, encoding="utf-8")
    settings = Settings.load(env={}, db=f"sqlite:///{tmp_path / 'b.db'}")
    with open_store(settings.db) as store:
        report = ingest_paths([folder], store, Pipeline([]), settings)
        sources = [str(r[0]) for r in store.db.execute("SELECT source FROM articles")]
    mine = [f for f in report.failures if case.name in f.source]
    assert [f for f in report.failures if case.name not in f.source] == []
    if case.expect is None:
        assert mine == []
    else:
        assert len(mine) == 1 and case.expect in mine[0].reason, mine
        assert "Traceback" not in mine[0].reason and len(mine[0].reason) < 300
    assert sum(case.name in s for s in sources) == case.stored
    assert any("0-before" in s for s in sources) and any("2-after" in s for s in sources)


def test_a_5_mb_single_line_is_cut_at_the_documented_size(tmp_path: Path) -> None:
    (case,) = [c for c in CASES if c.name == "line5mb.txt"]
    path = tmp_path / case.name
    path.write_bytes(case.build())
    settings = Settings.load(env={}, db=f"sqlite:///{tmp_path / 'l.db'}")
    with open_store(settings.db) as store:
        report = ingest_paths([path], store, Pipeline([]), settings)
        article = store.get(1)
    assert report.ingested == 1 and article is not None
    assert MAX_TEXT_CHARS - 4_000 < len(article["text"]) <= MAX_TEXT_CHARS
    assert article["text"].endswith("Душанбе.")  # cut at a sentence end, not inside a word


def test_plain_analysis_cuts_a_huge_text_too() -> None:
    # `obzor analyze --plain` skips cleaning; before, a 5 MB line went to every stage whole.
    content = "Токаев провёл переговоры с Путиным в Астане. " * 120_000
    article = analyze_document(Document("big.txt", "text", content), plain=True,
                               pipeline=Pipeline([]))  # fmt: skip
    assert MAX_TEXT_CHARS - 4_000 < len(article.text) <= MAX_TEXT_CHARS
    assert content.startswith(article.text) and article.text.endswith("Астане.")
