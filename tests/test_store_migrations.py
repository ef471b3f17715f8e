"""Opening a store runs the pending Alembic revisions; a base made before Alembic upgrades too."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from obzor.model import Article
from obzor.store import StoreError, migrations, open_store, upgrade


def columns(path: Path, table: str) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[1] for row in db.execute("SELECT * FROM pragma_table_info(?)", (table,))]
    finally:
        db.close()


def one(path: Path, sql: str) -> object:
    db = sqlite3.connect(path)
    try:
        row = db.execute(sql).fetchone()
        return None if row is None else row[0]
    finally:
        db.close()


SUMMARY = '''"""Articles get a summary column."""

from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"


def upgrade() -> None:
    op.add_column("articles", sa.Column("summary", sa.Text()))
'''
BROKEN = '''"""A revision with a bug halfway through."""

from alembic import op

revision = "9001"
down_revision = "{head}"


def upgrade() -> None:
    op.execute("CREATE TABLE half_done (x INTEGER)")
    raise RuntimeError("migration bug")
'''


@pytest.fixture
def later(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """later(text): the revisions this obzor has, plus one more written from text."""
    head = upgrade.head()

    def add(text: str) -> None:
        location = tmp_path / "alembic"
        shutil.copytree(upgrade.LOCATION, location)
        (location / "versions" / "r9001_later.py").write_text(text.format(head=head))
        monkeypatch.setattr(upgrade, "LOCATION", location)
        upgrade._script.cache_clear()

    yield add
    upgrade._script.cache_clear()


def test_new_database_is_at_the_newest_revision(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with open_store(str(path)) as s:
        assert s.stats()["schema_version"] == upgrade.head()
    assert one(path, "SELECT version_num FROM alembic_version") == upgrade.head()
    assert one(path, "SELECT name FROM sqlite_master WHERE name = 'schema_version'") is None


def test_a_base_from_before_alembic_runs_its_missing_numbered_migrations_then_revisions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(db, target=1) == 1
    db.execute(
        "INSERT INTO articles (content_hash, source, title, text, ingested_at)"
        " VALUES ('h1', 'a', 'Учения ОДКБ', 'Учения ОДКБ начались.', '2024-01-01')"
    )
    db.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (1, 'x', 'x')")
    db.close()
    with open_store(str(path)) as s:
        assert s.stats()["schema_version"] == upgrade.head()
        assert s.get(1) is not None
        assert [h.id for h in s.search("учение")] == [1]  # m009 re-indexed it by lemma
        s.add(Article(source="b", title="Учения", text="Новые учения ОДКБ."))
    assert one(path, "SELECT MAX(version) FROM schema_version") == len(migrations.MIGRATIONS)


def test_a_later_revision_runs_when_the_store_opens(tmp_path: Path, later: object) -> None:
    path = tmp_path / "x.db"
    with open_store(str(path)) as s:
        article_id = s.add(Article(source="a", title="Учения ОДКБ", text="Учения ОДКБ начались."))
    later(SUMMARY)  # type: ignore[operator]
    with open_store(str(path)) as s:
        assert s.stats()["schema_version"] == "9001"
        assert s.get(article_id) is not None
        assert [h.id for h in s.search("учение")] == [article_id]
    assert "summary" in columns(path, "articles")


def test_a_failing_revision_leaves_the_database_at_the_last_good_one(
    tmp_path: Path, later: object
) -> None:
    path = tmp_path / "x.db"
    open_store(str(path)).close()
    good = upgrade.head()
    later(BROKEN)  # type: ignore[operator]
    with pytest.raises(RuntimeError, match="migration bug"):
        open_store(str(path))
    assert one(path, "SELECT version_num FROM alembic_version") == good
    assert one(path, "SELECT name FROM sqlite_master WHERE name = 'half_done'") is None


def test_a_newer_database_than_this_code_is_refused(
    tmp_path: Path, later: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.db"
    later(SUMMARY)  # type: ignore[operator]
    open_store(str(path)).close()
    monkeypatch.undo()
    upgrade._script.cache_clear()
    with pytest.raises(StoreError, match="newer than this obzor"):
        open_store(str(path))


def test_the_head_read_from_the_revision_files_is_alembics() -> None:
    assert upgrade.head() == upgrade._script().get_current_head() == "0020"
