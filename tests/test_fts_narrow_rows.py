"""Revision 0020 (PostgreSQL): the search table's rows keep their lemma text and tsvector out
of line (toast_tuple_target 128), so a GIN match costs a narrow row to fetch; the revision
rewrites the rows already stored, and search finds the same before and after it."""

from __future__ import annotations

import shutil
from pathlib import Path

from obzor.store import open_store
from obzor.store.copy import copy_store
from test_findings_rows import alembic

WORDS = ("Казахстан", "учения", "ОДКБ OR ШОС")


def options(url: str) -> tuple[list[str] | None, float]:
    """The search table's storage options, and its rows' mean size in its own pages (read
    without opening a store, which would upgrade the base)."""
    import psycopg

    with psycopg.connect(url) as db:
        found = db.execute(
            "SELECT reloptions, pg_relation_size('articles_fts') / GREATEST(COUNT(*), 1)"
            " FROM pg_class, articles_fts WHERE relname = 'articles_fts' GROUP BY reloptions"
        ).fetchone()
    assert found is not None
    return found[0], float(found[1])


def hits(url: str) -> list[list[int]]:
    with open_store(url) as store:
        return [[h.id for h in store.search(w, limit=50)] for w in WORDS]


def test_the_revision_narrows_the_rows_and_search_finds_the_same(
    corpus_db: Path, tmp_path: Path, pg_base: str
) -> None:
    from pgcluster import fresh_database

    path = tmp_path / "a.db"
    shutil.copy(corpus_db, path)
    url = fresh_database(pg_base, "narrow")
    with open_store(f"sqlite:///{path}") as src, open_store(url) as dst:
        copy_store(src, dst)
    narrow, per_row = options(url)
    assert narrow == ["toast_tuple_target=128"]
    found = hits(url)
    assert all(found)
    alembic(url, "downgrade", "0019")
    wide, wide_row = options(url)
    assert wide is None and wide_row > per_row
    assert hits(url) == found  # opening the store runs revision 0020 again
    assert options(url) == (narrow, per_row)
