"""Entity rows: KB-linked entities by id, unknown ones grouped by name variants; profiles."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, or_, select, update

from obzor.kb import Entry, load_kb
from obzor.model import ENTITY_TYPES, Mention
from obzor.store.findings import quote_text
from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import entity_aliases as aliases
from obzor.store.schema import mentions as men
from obzor.store.schema import outlets
from obzor.store.schema import quotes as qt
from obzor.text import name_key

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


def create_tables(db: Any) -> None:
    """Migration 2 (frozen, raw SQL): the alias table and resolved_by, and aliases for the
    entities stored before it, as _add_aliases writes them."""
    for sql in SCHEMA:
        db.execute(sql)
    rows = db.execute("SELECT id, type, name FROM entities WHERE kb_id IS NULL").fetchall()
    for entity_id, type_, name in rows:
        db.execute(
            "INSERT OR IGNORE INTO entity_aliases VALUES (?, ?)",
            (f"{type_}:{name_key(name)}", entity_id),
        )
        if type_ == "PER" and name_key(name):
            surname = f"PER~{name_key(name).split()[-1]}"
            old = db.execute(
                "SELECT entity_id FROM entity_aliases WHERE alias = ?", (surname,)
            ).fetchone()
            if old is None:
                db.execute("INSERT INTO entity_aliases VALUES (?, ?)", (surname, entity_id))
            elif old[0] is not None and old[0] != entity_id:
                db.execute("UPDATE entity_aliases SET entity_id = NULL WHERE alias = ?", (surname,))


def entity_id(conn: Connection, m: Mention, absent: bool = False) -> int:
    """The row id of a mention's entity, created if new; unknown names join their variants.
    absent: the caller read that no alias holds the name's key (entity_ids)."""
    name = m.name or m.text
    if m.id:
        return _get_or_create(conn, m.id, m.type, name, m.id)
    strong = f"{m.type}:{name_key(name)}"
    found = None if absent else _alias(conn, strong)
    if found is not None:
        return found
    if m.type == "PER":
        found = _person_variant(conn, name)
    if found is not None:
        _put_alias(conn, strong, found, absent)
        return found
    new = _get_or_create(conn, strong, m.type, name, None)
    _add_aliases(conn, new, m.type, name, absent)
    return new


def entity_ids(conn: Connection, mentions: list[Mention]) -> list[int]:
    """entity_id() of each mention, in their order, in fewer statements: the KB ids' rows
    and the names' aliases (TYPE:name_key) are read in one query each, and a mention with
    the KB id or the name key of an earlier one of the list takes its answer (an article
    names its people several times; entity_id() gives such a mention what it gave the
    first). The rest go through entity_id(), told which names no alias holds. A found KB
    row or name alias never changes while the write lock is held (entity_id() only adds
    rows, or clears an ambiguous surname alias), so reading them first is safe."""
    keys = [m.id or f"{m.type}:{name_key(m.name or m.text)}" for m in mentions]
    kb_ids = sorted({m.id for m in mentions if m.id})
    names = sorted({k for m, k in zip(mentions, keys, strict=True) if not m.id})
    by_kb: dict[str, int] = {}
    held: dict[str, int | None] = {}
    if kb_ids:
        by_kb = {str(k): int(i) for k, i in conn.execute(_BY_KEYS, {"keys": kb_ids})}
    if names:
        found = conn.execute(_ALIASES, {"aliases": names})
        held = {str(a): None if e is None else int(e) for a, e in found}
    seen: dict[tuple[bool, str], int] = {}
    out = []
    for m, key in zip(mentions, keys, strict=True):
        memo = (bool(m.id), key)  # a KB id and a name key never share a slot
        if memo not in seen:
            known = by_kb.get(key) if m.id else held.get(key)
            if known is None:
                known = entity_id(conn, m, absent=not m.id and key not in held)
            seen[memo] = known
        out.append(seen[memo])
    return out


def _person_variant(conn: Connection, name: str) -> int | None:
    """ "Иванов" joins the one "Иван Иванов" stored; "Иван Иванов" adopts a bare "Иванов"."""
    words = name_key(name).split()
    found = _alias(conn, f"PER~{words[-1]}")
    if found is None or len(words) == 1:
        return found
    stored = conn.execute(select(ent.c.name).where(ent.c.id == found)).scalar()
    if stored is None or " " in stored:
        return None  # another person with the same surname
    conn.execute(update(ent).where(ent.c.id == found).values(name=name, name_key=name_key(name)))
    return found


# The statements run for every mention of every stored article, built once: SQLAlchemy then
# reuses their compiled form and cache key (a statement built per call costs ~3x as much).
_ALIAS = select(aliases.c.entity_id).where(aliases.c.alias == bindparam("alias"))
_NEW_ALIAS = insert(aliases).values(alias=bindparam("alias"), entity_id=bindparam("entity"))
_BY_KEY = select(ent.c.id).where(ent.c.key == bindparam("key"))
_NEW_ENTITY = insert(ent).returning(ent.c.id)
_BY_KEYS = select(ent.c.key, ent.c.id).where(ent.c.key.in_(bindparam("keys", expanding=True)))
_ALIASES = select(aliases.c.alias, aliases.c.entity_id).where(
    aliases.c.alias.in_(bindparam("aliases", expanding=True))
)


def _put_alias(conn: Connection, alias: str, entity: int, absent: bool = False) -> None:
    # Read, then insert: the caller holds the write lock, and a plain INSERT is a statement
    # SQLAlchemy compiles once (ON CONFLICT ones it compiles at every call: 3x the cost).
    # absent: the caller read that the alias is not there.
    if absent or conn.execute(_ALIAS, {"alias": alias}).first() is None:
        conn.execute(_NEW_ALIAS, {"alias": alias, "entity": entity})


def _add_aliases(
    conn: Connection, entity: int, type_: str, name: str, absent: bool = False
) -> None:
    _put_alias(conn, f"{type_}:{name_key(name)}", entity, absent)
    if type_ == "PER" and name_key(name):
        surname = f"PER~{name_key(name).split()[-1]}"
        old = _alias(conn, surname, any_state=True)
        if old is None:
            _put_alias(conn, surname, entity)
        elif old != entity:
            conn.execute(update(aliases).where(aliases.c.alias == surname).values(entity_id=None))


def _alias(conn: Connection, alias: str, any_state: bool = False) -> int | None:
    row = conn.execute(_ALIAS, {"alias": alias}).first()
    if row is None:
        return None
    return int(row.entity_id) if row.entity_id is not None else (-1 if any_state else None)


def _get_or_create(conn: Connection, key: str, type_: str, name: str, kb: str | None) -> int:
    found = conn.execute(_BY_KEY, {"key": key}).scalar()
    if found is not None:  # the caller holds the write lock: nobody adds it in between
        return int(found)
    new = {"key": key, "type": type_, "name": name, "kb_id": kb, "name_key": name_key(name)}
    return int(conn.execute(_NEW_ENTITY, new).scalar_one())


def rekey(conn: Connection, batch: int = 5000) -> int:
    """Every entity's name_key made anew from its name (revision 0019, `obzor reindex`);
    the number of entities whose key changed."""
    changed, last = 0, 0
    put = update(ent).where(ent.c.id == bindparam("eid")).values(name_key=bindparam("nk"))
    while True:
        rows = conn.execute(
            select(ent.c.id, ent.c.name, ent.c.name_key)
            .where(ent.c.id > last)
            .order_by(ent.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return changed
        last = int(rows[-1].id)
        moved = [
            {"eid": int(i), "nk": name_key(name)} for i, name, key in rows if name_key(name) != key
        ]
        if moved:
            conn.execute(put, moved)
        changed += len(moved)


def find(conn: Connection, query: str) -> int | None:
    """The entity a KB id, a KB name or alias in any form, or a stored name refers to; a
    stored name also in another case form, word for word by search key ("Ивану Иванову")."""
    entry = load_kb().get(query.strip()) or load_kb().lookup(query)
    kb_id = entry.id if entry else query.strip()
    found = conn.execute(select(ent.c.id).where(ent.c.kb_id == kb_id)).first()
    if found:
        return int(found.id)
    from obzor.nlp.normalize import normalize

    person = name_key(normalize(query, "PER"))  # "Голиковой" -> "голикова", not "голиков"
    names = [f"{t}:{name_key(query)}" for t in ENTITY_TYPES] + [f"PER~{name_key(query)}"]
    for alias in [*names, f"PER:{person}", f"PER~{person}"]:
        linked = _alias(conn, alias)
        if linked is not None:
            return linked
    return _by_keys(conn, query)


def _by_keys(conn: Connection, query: str) -> int | None:
    """The most mentioned entity whose name has the query's search keys, word for word."""
    from obzor.nlp.morph import WORD, key

    want = [key(w[:1].upper() + w[1:]) for w in (m.group() for m in WORD.finditer(query))]
    if not want:
        return None
    # Most mentioned first by the count kept at write time (revision 0012), not by counting
    # every mention of the base on each call.
    rows = conn.execute(select(ent.c.id, ent.c.name).order_by(ent.c.mentions.desc(), ent.c.id))
    for entity, name in rows:
        if [key(m.group()) for m in WORD.finditer(name)] == want:
            return int(entity)
    return None


def profile(conn: Connection, query: str) -> dict[str, Any] | None:
    """The one entity profile (CLI, API and web): names, KB facts, counts, first/last seen,
    the most co-mentioned, a timeline of mentions, the reports naming it and its quotes."""
    found = find(conn, query)
    if found is None:
        return None
    name, type_, kb_id = conn.execute(
        select(ent.c.name, ent.c.type, ent.c.kb_id).where(ent.c.id == found)
    ).one()
    articles, mentions, first, last = conn.execute(
        # Publication dates first; ingest times only when no article of it is dated.
        select(
            func.count(men.c.article_id.distinct()),
            func.count(),
            func.coalesce(func.min(art.c.published), func.min(art.c.ingested_at)),
            func.coalesce(func.max(art.c.published), func.max(art.c.ingested_at)),
        )
        .select_from(men.join(art, art.c.id == men.c.article_id))
        .where(men.c.entity_id == found)
    ).one()
    variants = conn.execute(
        select(men.c.text).distinct().where(men.c.entity_id == found).order_by(men.c.text).limit(20)
    )
    m1, m2 = men.alias("m1"), men.alias("m2")
    n = func.count(m2.c.article_id.distinct()).label("n")
    co = conn.execute(
        select(ent.c.name, ent.c.type, ent.c.kb_id, n)
        .select_from(
            m1.join(
                m2, (m2.c.article_id == m1.c.article_id) & (m2.c.entity_id != m1.c.entity_id)
            ).join(ent, ent.c.id == m2.c.entity_id)
        )
        .where(m1.c.entity_id == found)
        .group_by(ent.c.id, ent.c.name, ent.c.type, ent.c.kb_id)
        .order_by(n.desc(), ent.c.name)
        .limit(CO_MENTIONED)
    ).all()
    naming = select(men.c.article_id).where(men.c.entity_id == found)
    reports = conn.execute(
        select(art.c.id, art.c.title, art.c.published, outlets.c.name.label("outlet"),
               art.c.language)
        .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
        .where(art.c.id.in_(naming))
        .order_by(art.c.published.desc().nulls_last(), art.c.id.desc())
    ).all()  # fmt: skip
    timeline = Counter(str(r.published)[:10] for r in reports if r.published)
    said = or_(qt.c.speaker == name, and_(qt.c.speaker_id.is_not(None), qt.c.speaker_id == kb_id))
    quotes = conn.execute(
        select(qt.c.article_id, quote_text(), qt.c.speaker, qt.c.speaker_id, qt.c.direct,
               qt.c.start, qt.c.end)
        .join(art, art.c.id == qt.c.article_id)
        .where(qt.c.article_id.in_(naming), said)
        .order_by(qt.c.article_id.desc(), qt.c.start)
    )  # fmt: skip
    entry = load_kb().get(kb_id) if kb_id else None
    return {
        "id": kb_id,
        "name": name,
        "type": type_,
        "names": dict(entry.names) if entry else {"ru": name},
        "aliases": list(entry.aliases) if entry else [],
        "seen_as": [r.text for r in variants],
        "facts": _facts(entry) if entry else {},
        "articles": articles,
        "mentions": mentions,
        "first_seen": first,
        "last_seen": last,
        "co_mentioned": [{"name": n, "type": t, "id": k, "articles": c} for n, t, k, c in co],
        "timeline": [{"date": d, "count": n} for d, n in sorted(timeline.items())],
        "reports": [dict(r._mapping) for r in reports],
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
