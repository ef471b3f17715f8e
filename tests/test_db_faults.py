"""A database that stops working mid-run: one clear line, exit status 2, nothing half-written;
a record the store refuses is one failure and the run goes on (issue 18)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.ingest.job import ingest_paths
from obzor.model import Article
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings
from obzor.store import SQLiteStore, open_store
from obzor.store import sqlite as sqlite_module

TEXT = (
    "Учения ОДКБ прошли в Таджикистане\n\nДУШАНБЕ, {n} марта. Миротворцы ОДКБ провели учения {n}."
)


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03}.txt").write_text(TEXT.format(n=n) + " слово" * 3000, encoding="utf-8")
    return folder


def _articles(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        con.close()


def _with_pragma(monkeypatch: pytest.MonkeyPatch, pragma: str) -> None:
    """Every store the command opens runs this pragma once migrated (a full or locked disk)."""
    original = SQLiteStore.__init__

    def opened(self: SQLiteStore, path: str) -> None:
        original(self, path)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(pragma.format(room=pages + 100))

    monkeypatch.setattr(SQLiteStore, "__init__", opened)


def test_a_full_disk_is_one_line_exit_2_and_keeps_the_articles_stored_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, db = _corpus(tmp_path / "in", 30), tmp_path / "f.db"
    open_store(str(db)).close()
    _with_pragma(monkeypatch, "PRAGMA max_page_count = {room}")  # room for a few
    env = {"OBZOR_BATCH_SIZE": "2"}
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", f"sqlite:///{db}"], env=env)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(lines) == 1 and "the disk is full" in lines[0]
    assert "savepoint" not in result.output and "Traceback" not in result.output
    monkeypatch.undo()
    stored = _articles(db)
    assert 0 < stored < 30  # each article is its own transaction: whole ones, none half-written
    con = sqlite3.connect(db)
    fts = con.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
    grouped = con.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0]
    con.close()
    assert fts == grouped == stored
    with open_store(str(db)) as store:  # the base is sound: a rerun takes the rest
        again = ingest_paths([folder], store, Pipeline([]), Settings.load(env={}))
    assert again.ingested == 30 - stored and _articles(db) == 30


def test_a_read_only_base_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, db = _corpus(tmp_path / "in", 2), tmp_path / "r.db"
    open_store(str(db)).close()
    _with_pragma(monkeypatch, "PRAGMA query_only = ON")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 2
    assert "the database is read-only" in result.output and "Traceback" not in result.output


def test_a_locked_base_is_one_line_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, db = _corpus(tmp_path / "in", 2), tmp_path / "l.db"
    open_store(str(db)).close()
    monkeypatch.setattr(sqlite_module, "BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        result = CliRunner().invoke(main, ["ingest", str(folder), "--db", f"sqlite:///{db}"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 2
    assert "the database is busy" in result.output and "Traceback" not in result.output


def test_a_record_the_store_refuses_is_one_failure_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _corpus(tmp_path / "in", 5)
    original = SQLiteStore.add

    def add(self: SQLiteStore, article: Article) -> Any:
        if "002" in article.source:
            article.outlet = 2**70  # type: ignore[assignment]  # a value SQLite cannot bind
        return original(self, article)

    monkeypatch.setattr(SQLiteStore, "add", add)
    settings = Settings.load(env={}, batch_size=10)
    with open_store(str(tmp_path / "s.db")) as store:
        report = ingest_paths([folder], store, Pipeline([]), settings)
    assert report.ingested == 4 and len(report.failures) == 1
    assert "002.txt" in report.failures[0].source
    assert report.failures[0].reason.startswith("cannot store:")
    assert _articles(tmp_path / "s.db") == 4
