"""Entity rows: KB-linked entities by id, unknown ones grouped by name variants; profiles."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from typing import Any

from obzor.kb import Entry, load_kb
from obzor.model import ENTITY_TYPES, Mention

SCHEMA = (
    # alias -> entity; entity_id NULL marks an alias shared by several entities (ambiguous).
    """CREATE TABLE entity_aliases (
        alias TEXT PRIMARY KEY,
        entity_id INTEGER REFERENCES entities(id)
    )""",
    "CREATE INDEX entity_aliases_entity ON entity_aliases(entity_id)",
    # "role", "pronoun", "gazetteer", "anaphor": how a non-NER mention was found.
    "ALTER TABLE mentions ADD COLUMN resolved_by TEXT",
)
CO_MENTIONED = 12  # co-mentioned entities a profile lists: a graph a person reads at a glance
_PUNCT = re.compile(r"[.«»\"'“”„()]")


def create_tables(db: sqlite3.Connection) -> None:
    """Migration 2: the alias table and resolved_by, aliases for the entities already stored."""
    for sql in SCHEMA:
        db.execute(sql)
    rows = db.execute("SELECT id, type, name FROM entities WHERE kb_id IS NULL").fetchall()
    for entity_id, type_, name in rows:
        _add_aliases(db, entity_id, type_, name)


def norm(name: str) -> str:
    """A name variant's key: casefolded, ё as е, hyphens as spaces, no dots or quotes."""
    name = _PUNCT.sub(" ", name.casefold().replace("ё", "е").replace("-", " "))
    return " ".join(name.split())


def entity_id(db: sqlite3.Connection, m: Mention) -> int:
    """The row id of a mention's entity, created if new; unknown names join their variants."""
    name = m.name or m.text
    if m.id:
        return _get_or_create(db, m.id, m.type, name, m.id)
    strong = f"{m.type}:{norm(name)}"
    found = _alias(db, strong)
    if found is not None:
        return found
    if m.type == "PER":
        found = _person_variant(db, name)
    if found is not None:
        db.execute("INSERT OR IGNORE INTO entity_aliases VALUES (?, ?)", (strong, found))
        return found
    new = _get_or_create(db, strong, m.type, name, None)
    _add_aliases(db, new, m.type, name)
    return new


def _person_variant(db: sqlite3.Connection, name: str) -> int | None:
    """ "Иванов" joins the one "Иван Иванов" stored; "Иван Иванов" adopts a bare "Иванов"."""
    words = norm(name).split()
    found = _alias(db, f"PER~{words[-1]}")
    if found is None or len(words) == 1:
        return found
    row = db.execute("SELECT name FROM entities WHERE id = ?", (found,)).fetchone()
    if row is None or " " in row[0]:
        return None  # another person with the same surname
    db.execute("UPDATE entities SET name = ? WHERE id = ?", (name, found))
    return found


def _add_aliases(db: sqlite3.Connection, entity: int, type_: str, name: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO entity_aliases VALUES (?, ?)", (f"{type_}:{norm(name)}", entity)
    )
    if type_ == "PER" and norm(name):
        surname = f"PER~{norm(name).split()[-1]}"
        old = _alias(db, surname, any_state=True)
        if old is None:
            db.execute("INSERT OR IGNORE INTO entity_aliases VALUES (?, ?)", (surname, entity))
        elif old != entity:
            db.execute("UPDATE entity_aliases SET entity_id = NULL WHERE alias = ?", (surname,))


def _alias(db: sqlite3.Connection, alias: str, any_state: bool = False) -> int | None:
    row = db.execute("SELECT entity_id FROM entity_aliases WHERE alias = ?", (alias,)).fetchone()
    if row is None:
        return None
    return int(row[0]) if row[0] is not None else (-1 if any_state else None)


def _get_or_create(db: sqlite3.Connection, key: str, type_: str, name: str, kb: str | None) -> int:
    db.execute(
        "INSERT INTO entities (key, type, name, kb_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (key, type_, name, kb),
    )
    return int(db.execute("SELECT id FROM entities WHERE key = ?", (key,)).fetchone()[0])


def find(db: sqlite3.Connection, query: str) -> int | None:
    """The entity a KB id, a KB name or alias in any form, or a stored name refers to; a
    stored name also in another case form, word for word by search key ("Ивану Иванову")."""
    entry = load_kb().get(query.strip()) or load_kb().lookup(query)
    kb_id = entry.id if entry else query.strip()
    row = db.execute("SELECT id FROM entities WHERE kb_id = ?", (kb_id,)).fetchone()
    if row:
        return int(row[0])
    from obzor.nlp.normalize import normalize

    person = norm(normalize(query, "PER"))  # "Голиковой" -> "голикова", not "голиков"
    aliases = [f"{t}:{norm(query)}" for t in ENTITY_TYPES] + [f"PER~{norm(query)}"]
    for alias in [*aliases, f"PER:{person}", f"PER~{person}"]:
        found = _alias(db, alias)
        if found is not None:
            return found
    return _by_keys(db, query)


def _by_keys(db: sqlite3.Connection, query: str) -> int | None:
    """The most mentioned entity whose name has the query's search keys, word for word."""
    from obzor.nlp.morph import WORD, key

    want = [key(w[:1].upper() + w[1:]) for w in (m.group() for m in WORD.finditer(query))]
    if not want:
        return None
    rows = db.execute(
        "SELECT e.id, e.name, COUNT(m.article_id) AS n FROM entities AS e"
        " LEFT JOIN mentions AS m ON m.entity_id = e.id GROUP BY e.id, e.name ORDER BY n DESC"
    ).fetchall()
    for entity, name, _ in rows:
        if [key(m.group()) for m in WORD.finditer(name)] == want:
            return int(entity)
    return None


def profile(db: sqlite3.Connection, query: str) -> dict[str, Any] | None:
    """The one entity profile (CLI, API and web): names, KB facts, counts, first/last seen,
    the most co-mentioned, a timeline of mentions, the reports naming it and its quotes."""
    found = find(db, query)
    if found is None:
        return None
    name, type_, kb_id = db.execute(
        "SELECT name, type, kb_id FROM entities WHERE id = ?", (found,)
    ).fetchone()
    articles, mentions, first, last = db.execute(
        # Publication dates first; ingest times only when no article of it is dated.
        "SELECT COUNT(DISTINCT m.article_id), COUNT(*),"
        " COALESCE(MIN(a.published), MIN(a.ingested_at)),"
        " COALESCE(MAX(a.published), MAX(a.ingested_at))"
        " FROM mentions AS m JOIN articles AS a ON a.id = m.article_id WHERE m.entity_id = ?",
        (found,),
    ).fetchone()
    variants = db.execute(
        "SELECT DISTINCT text FROM mentions WHERE entity_id = ? ORDER BY text LIMIT 20", (found,)
    ).fetchall()
    co = db.execute(
        "SELECT e.name, e.type, e.kb_id, COUNT(DISTINCT m2.article_id) AS n"
        " FROM mentions AS m1 JOIN mentions AS m2"
        " ON m2.article_id = m1.article_id AND m2.entity_id != m1.entity_id"
        " JOIN entities AS e ON e.id = m2.entity_id"
        " WHERE m1.entity_id = ? GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?",
        (found, CO_MENTIONED),
    ).fetchall()
    reports = db.execute(
        "SELECT a.id, a.title, a.published, o.name, a.language FROM articles AS a"
        " LEFT JOIN outlets AS o ON o.id = a.outlet_id"
        " WHERE a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)"
        " ORDER BY a.published DESC, a.id DESC",
        (found,),
    ).fetchall()
    timeline = Counter(str(r[2])[:10] for r in reports if r[2])
    quotes = db.execute(
        'SELECT q.article_id, q.text, q.speaker, q.speaker_id, q.direct, q.start, q."end"'
        " FROM quotes AS q WHERE q.article_id IN"
        " (SELECT article_id FROM mentions WHERE entity_id = ?)"
        " AND (q.speaker = ? OR (q.speaker_id IS NOT NULL AND q.speaker_id = ?))"
        " ORDER BY q.article_id DESC, q.start",
        (found, name, kb_id),
    ).fetchall()
    entry = load_kb().get(kb_id) if kb_id else None
    summary = ("id", "title", "published", "outlet", "language")
    return {
        "id": kb_id,
        "name": name,
        "type": type_,
        "names": dict(entry.names) if entry else {"ru": name},
        "aliases": list(entry.aliases) if entry else [],
        "seen_as": [text for (text,) in variants],
        "facts": _facts(entry) if entry else {},
        "articles": articles,
        "mentions": mentions,
        "first_seen": first,
        "last_seen": last,
        "co_mentioned": [{"name": n, "type": t, "id": k, "articles": c} for n, t, k, c in co],
        "timeline": [{"date": d, "count": n} for d, n in sorted(timeline.items())],
        "reports": [dict(zip(summary, r, strict=True)) for r in reports],
        "quotes": [
            {
                "text": text,
                "speaker": speaker,
                "speaker_id": speaker_id,
                "direct": bool(direct),
                "start": start,
                "end": end,
                "article_id": article_id,
            }
            for article_id, text, speaker, speaker_id, direct, start, end in quotes
        ],
    }


def _facts(entry: Entry) -> dict[str, Any]:
    """KB facts with ids shown with their names: "part_of": "ОДКБ (org:csto)"."""
    kb = load_kb()

    def named(ref: str) -> str:
        target = kb.get(ref)
        return ref if target is None else f"{target.name} ({ref})"

    facts: dict[str, Any] = {k: named(v) for k, v in entry.facts.items()}
    if entry.roles:
        facts["roles"] = [
            {"title": r.title, "of": named(r.of), "from": r.start, "to": r.end} for r in entry.roles
        ]
    facts["source"] = entry.source
    return facts
