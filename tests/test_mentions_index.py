"""Revision 0018: mentions are indexed by (article_id, entity_id), a covering index for the
search's entity filter; the upgrade and its downgrade keep every row and every answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from obzor.model import Article, Mention
from obzor.store import open_store
from obzor.store.schema import articles
from obzor.store.threats import filter_clauses
from test_findings_rows import alembic

NAMES = ("Иван Петров", "Анна Сидорова", "Олег Петров")


def article(n: int, names: tuple[str, ...] = NAMES) -> Article:
    """Article n, naming one of the people (in turn), its first words a PER mention."""
    name = names[n % len(names)]
    text = f"{name} рассказал об учениях в Бишкеке, сообщение {n}."
    mention = Mention(name, "PER", 0, len(name), name)
    return Article(source=f"s{n}", title=f"Учения {n}", text=text, entities=[mention])


def base(path: Path, n: int, names: tuple[str, ...] = NAMES) -> Path:
    """A new base at path holding articles 0..n-1."""
    with open_store(f"sqlite:///{path}") as store:
        for i in range(n):
            store.add(article(i, names))
    return path


def indexes(path: Path) -> dict[str, list[str]]:
    db = sqlite3.connect(path)
    try:
        names = [r[1] for r in db.execute("PRAGMA index_list(mentions)")]
        return {n: [r[2] for r in db.execute(f"PRAGMA index_info('{n}')")] for n in names}
    finally:
        db.close()


def rows(path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT * FROM mentions ORDER BY rowid").fetchall()
    finally:
        db.close()


def answers(path: Path) -> dict[str, list[int]]:
    with open_store(f"sqlite:///{path}") as store:
        return {
            who: [h.id for h in store.search("учения", limit=20, entity=who)]
            for who in ("Петров", "Анна Сидорова", "Никто")
        }


def test_the_revision_makes_a_covering_index_and_keeps_rows_and_hits(tmp_path: Path) -> None:
    path = base(tmp_path / "base.db", 9)
    at_head = indexes(path)
    assert at_head["mentions_article_entity"] == ["article_id", "entity_id"]
    assert "mentions_article" not in at_head
    kept, found = rows(path), answers(path)
    assert len(found["Петров"]) == 6 and len(found["Анна Сидорова"]) == 3
    assert found["Никто"] == []

    alembic(path, "downgrade", "0017")
    before = indexes(path)
    assert before["mentions_article"] == ["article_id"]
    assert "mentions_article_entity" not in before
    assert rows(path) == kept

    assert answers(path) == found  # opening runs revision 0018 again
    assert indexes(path) == at_head
    assert rows(path) == kept


def test_the_entity_filter_reads_the_index_alone(tmp_path: Path) -> None:
    """SQLite's plan for the filter: a search of the covering index, no mention row read."""
    with open_store(f"sqlite:///{tmp_path / 'plan.db'}") as store:
        store.add(article(0))
        query = select(articles.c.id).where(*filter_clauses(("entity",))).params(entity=[1, 2])
        compiled = query.compile(store.conn, compile_kwargs={"render_postcompile": True})
        values = tuple(compiled.params[k] for k in compiled.positiontup or ())
        plan = store.conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values).all()
    steps = " | ".join(str(r[-1]) for r in plan)
    assert "USING COVERING INDEX mentions_article_entity" in steps, steps
