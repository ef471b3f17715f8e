"""Revision 0019: each entity keeps its name's key, and search --entity matches the words of a
name in SQL: in order, whole words, however the name is written (case, ё, hyphens, quotes)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from obzor.store import open_store
from test_findings_rows import alembic
from test_mentions_index import base

PEOPLE = ("Жан-Ив Ле Дриан", "Пётр Семёнов", "Ивантеев")


def named(path: Path, who: str) -> set[str]:
    """The names of the articles' people that search --entity who keeps."""
    with open_store(f"sqlite:///{path}") as store:
        hits = store.search("учения", limit=50, entity=who)
        return {h.title for h in hits}


def keys(path: Path) -> list[tuple[str, str | None]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT name, name_key FROM entities ORDER BY id").fetchall()
    finally:
        db.close()


def test_the_entity_filter_matches_whole_words_of_the_name_in_order(tmp_path: Path) -> None:
    path = base(tmp_path / "a.db", 6, PEOPLE)
    le_drian = {"Учения 0", "Учения 3"}
    assert named(path, "Жан Ив") == named(path, "ЖАН-ИВ") == named(path, "ив ле") == le_drian
    assert named(path, "Семенов") == named(path, "пётр семёнов") == {"Учения 1", "Учения 4"}
    assert named(path, "Ле Жан") == set()  # not in that order
    assert named(path, "Иван") == set()  # a whole word, not the start of "Ивантеев"
    assert named(path, "100%") == named(path, "_") == set()  # LIKE's wildcards are letters


def test_the_revision_keys_the_entities_already_stored(tmp_path: Path) -> None:
    path = base(tmp_path / "b.db", 3, PEOPLE)
    made = keys(path)
    assert made == [
        ("Жан-Ив Ле Дриан", "жан ив ле дриан"),
        ("Пётр Семёнов", "петр семенов"),
        ("Ивантеев", "ивантеев"),
    ]
    alembic(path, "downgrade", "0018")
    db = sqlite3.connect(path)
    assert "name_key" not in {r[1] for r in db.execute("PRAGMA table_info(entities)")}
    db.close()
    assert named(path, "ле дриан") == {"Учения 0"}  # opening runs revision 0019 again
    assert keys(path) == made
