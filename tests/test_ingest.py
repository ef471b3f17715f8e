"""Ingest: every input kind, idempotency, and bad inputs reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from obzor.ingest import discover, read
from obzor.ingest.job import IngestReport, ingest_paths
from obzor.model import Document, Failure
from obzor.settings import Settings
from obzor.store import open_store

ARTICLE = (
    "ОДКБ провела учения в Таджикистане\n\n"
    "ДУШАНБЕ, 12 марта. /ТАСС/. Миротворцы ОДКБ завершили учения на полигоне под Душанбе.\n"
)


def run(paths: list[Path], db: Path, pipeline, **overrides) -> IngestReport:  # type: ignore[no-untyped-def]
    settings = Settings.load(env={}, db=f"sqlite:///{db}", **overrides)
    with open_store(settings.db) as store:
        return ingest_paths(paths, store, pipeline, settings)


def test_discover_walks_folders_and_reports_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x")
    (tmp_path / "a" / "notes.md").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    found = list(discover([tmp_path / "a", tmp_path / "missing"]))
    assert found[0] == tmp_path / "a" / "b" / "x.txt"
    assert isinstance(found[1], Failure) and "no such file" in found[1].reason
    assert len(found) == 2


def test_jsonl_reports_bad_lines_and_keeps_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "T", "text": "Текст один", "outlet": "ТАСС"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Текст два"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read(path, Settings.load(env={})))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [d.content for d in docs] == ["Текст один", "Текст два"]
    assert docs[0].fields == {"id": "a1", "title": "T", "outlet": "ТАСС"}
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3"]
    assert "malformed JSON" in failures[0].reason and '"text"' in failures[1].reason


def test_ingest_is_idempotent(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "t.db"
    first = run([tmp_path], db, pipeline)
    assert (first.ingested, first.duplicates, first.failures) == (1, 1, [])
    again = run([tmp_path], db, pipeline)
    assert (again.ingested, again.duplicates) == (0, 2)
    with open_store(f"sqlite:///{db}") as store:
        assert store.stats()["articles"] == 1


def test_bad_files_are_reported_skipped_and_the_run_goes_on(tmp_path: Path, pipeline) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (tmp_path / "noise.html").write_bytes(bytes(range(128, 256)) * 4)
    (tmp_path / "big.txt").write_text(ARTICLE * 50, encoding="utf-8")
    (tmp_path / "cp1251.txt").write_bytes(ARTICLE.replace("учения", "сборы").encode("cp1251"))
    report = run([tmp_path], tmp_path / "t.db", pipeline, max_file_bytes=2000)
    reasons = {Path(f.source).name: f.reason for f in report.failures}
    assert report.ingested == 2  # good.txt and the cp1251 one
    assert set(reasons) == {"empty.txt", "photo.txt", "noise.html", "big.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["photo.txt"]
    assert "undecodable" in reasons["noise.html"]
    assert "too large" in reasons["big.txt"]
    assert not report.ok


def test_unsupported_file_named_explicitly_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4")
    [failure] = list(read(path, Settings.load(env={})))
    assert isinstance(failure, Failure) and "unsupported file type .pdf" in failure.reason


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_html_page_without_article_text_is_a_failure(tmp_path: Path, name: str, pipeline) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(
        "<html><body><nav><a href='/'>Главная</a></nav><footer>© 2025</footer></body></html>"
    )
    report = run([tmp_path / name], tmp_path / "t.db", pipeline)
    assert report.ingested == 0 and len(report.failures) == 1
