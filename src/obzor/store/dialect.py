"""What SQLite and PostgreSQL spell differently, as small named functions chosen by dialect."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, literal_column, or_
from sqlalchemy.dialects import postgresql, sqlite

from obzor.store.schema import entities


def upsert(conn: Connection, table: Table) -> sqlite.Insert | postgresql.Insert:
    """INSERT with ON CONFLICT DO NOTHING / DO UPDATE (.on_conflict_do_*) for conn's database."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def order(conn: Connection, t: Table) -> ColumnElement[Any]:
    """Insertion order of a key-less table (credits, mentions): SQLite's rowid, PostgreSQL's
    ord column (made by the Alembic baseline)."""
    sqlite_ = conn.dialect.name == "sqlite"
    return literal_column(f"{t.name}.rowid" if sqlite_ else f"{t.name}.ord")


# pg_trgm similarity below this finds unrelated names; 0.3 is pg_trgm's own default.
FUZZY_THRESHOLD = 0.3


def candidates(conn: Connection, name: str) -> list[ColumnElement[bool]]:
    """Conditions narrowing entities to names that may be like name before they are scored
    (browse.similar): in PostgreSQL, pg_trgm word similarity (GIN index) to name or to its
    Cyrillic transliteration; in SQLite none (every name is scored)."""
    if conn.dialect.name != "postgresql":
        return []
    from obzor.nlp.translit import to_cyrillic

    names = entities.c.name
    return [
        or_(
            func.word_similarity(name, names) >= FUZZY_THRESHOLD,
            func.word_similarity(to_cyrillic(name), names) >= FUZZY_THRESHOLD,
        )
    ]
