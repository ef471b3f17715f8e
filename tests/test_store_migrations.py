"""Opening a store applies pending numbered migrations; an old database upgrades in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from obzor.model import Article
from obzor.store import StoreError, migrations, open_store


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def versions(path: Path) -> list[int]:
    db = sqlite3.connect(path)
    try:
        return [v for (v,) in db.execute("SELECT version FROM schema_version ORDER BY version")]
    finally:
        db.close()


def m002_summary(db: sqlite3.Connection) -> None:
    """A trivial later migration: articles get a summary column."""
    db.execute("ALTER TABLE articles ADD COLUMN summary TEXT")


def test_new_database_gets_every_migration(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "x.db")) as s:
        assert s.stats()["schema_version"] == len(migrations.MIGRATIONS)
        assert "content_hash" in columns(s.db, "articles")


def test_old_database_is_upgraded_and_keeps_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(db, target=1) == 1
    db.close()
    with open_store(str(path)) as s:
        article_id = s.add(Article(source="a", title="Учения ОДКБ", text="Учения ОДКБ начались."))

    newest = len(migrations.MIGRATIONS) + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m002_summary])
    with open_store(str(path)) as s:
        assert s.stats()["schema_version"] == newest
        assert "summary" in columns(s.db, "articles")
        assert s.get(article_id) is not None
        assert [h.id for h in s.search("учение")] == [article_id]
    assert versions(path) == list(range(1, newest + 1))


def test_a_failing_migration_leaves_the_database_at_the_last_good_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.db"
    open_store(str(path)).close()

    def m002_broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    good = len(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m002_broken])
    with pytest.raises(RuntimeError, match="migration bug"):
        open_store(str(path))
    assert versions(path) == list(range(1, good + 1))
    db = sqlite3.connect(path)
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    db.close()


def test_a_newer_database_than_this_code_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.db"
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m002_summary])
    open_store(str(path)).close()
    monkeypatch.undo()
    with pytest.raises(StoreError, match="newer than this obzor"):
        open_store(str(path))
