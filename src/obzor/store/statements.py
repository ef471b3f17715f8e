"""An actor's statements: its stored quotes with dates and the entities named inside each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, select

from obzor.store.findings import quote_text
from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.schema import quotes as qt
from obzor.text import name_key

# Statements read for one actor at most (the newest): years of a leader's quotes fit; more
# would be slow to classify at query time (about 1 ms each).
MAX_STATEMENTS = 2000


def _quotes(which: ColumnElement[bool], limit: int) -> Select[Any]:
    """An actor's newest quotes with their article's title, date and language."""
    return (
        select(qt.c.article_id, art.c.title, art.c.published, art.c.language, qt.c.speaker,
               qt.c.speaker_id, qt.c.direct, qt.c.start, qt.c.end, quote_text())
        .join(art, art.c.id == qt.c.article_id)
        .where(which)
        .order_by(art.c.published.is_(None), art.c.published.desc(), qt.c.article_id.desc(),
                  qt.c.start.desc())
        .limit(limit)
    )  # fmt: skip


class StatementsMixin:
    """The statements verb; the host class provides `conn`."""

    conn: Connection

    def statements(self, actor: str, limit: int = MAX_STATEMENTS) -> dict[str, Any] | None:
        """The newest `limit` quotes of an actor, oldest first. actor: a KB id or any KB name
        or alias (all its quotes, by id), else a speaker's name as written (its quotes not
        linked to the KB, by name key). Each has "named": the entities mentioned inside it.
        None: no quote of the actor."""
        from obzor.kb import load_kb

        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        wanted = actor.strip()
        if not wanted:
            raise ValueError("name an actor: a person or organisation")
        kb = load_kb()
        entry = kb.get(wanted) or kb.lookup(wanted)
        rows: list[Any] = []
        if entry is not None:
            which = qt.c.speaker_id == entry.id
            rows = list(self.conn.execute(_quotes(which, limit)).all())
        if not rows:
            entry = None
            which = and_(qt.c.speaker_id.is_(None), qt.c.speaker_key == name_key(wanted))
            rows = list(self.conn.execute(_quotes(which, limit)).all())
        if not rows:
            return None
        rows.reverse()  # the newest `limit`, oldest first (undated ones first)
        named: dict[int, list[tuple[int, int, str, str, str | None]]] = {}
        inside = (
            select(men.c.article_id, men.c.start, men.c.end, ent.c.name, ent.c.type, ent.c.kb_id)
            .join(ent, ent.c.id == men.c.entity_id)
            .where(men.c.article_id.in_(select(qt.c.article_id).where(which)))
            .order_by(men.c.article_id, men.c.start)
        )
        for article_id, start, end, name, type_, kb_id in self.conn.execute(inside):
            named.setdefault(article_id, []).append((start, end, name, type_, kb_id))
        keys = ("article_id", "title", "published", "language", "speaker", "speaker_id")
        out = []
        for row in rows:
            start, end = row[7], row[8]
            out.append(
                {
                    **dict(zip(keys, row[:6], strict=True)),
                    "direct": bool(row[6]),
                    "start": start,
                    "end": end,
                    "text": row[9],
                    "named": [
                        {"name": n, "type": t, "id": k}
                        for s, e, n, t, k in named.get(row[0], [])
                        if start <= s and e <= end
                    ],
                }
            )
        name = entry.name if entry else rows[-1][4]
        return {"id": entry.id if entry else None, "name": name, "statements": out}
