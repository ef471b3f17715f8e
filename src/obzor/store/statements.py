"""An actor's statements: its stored quotes with dates and the entities named inside each."""

from __future__ import annotations

import sqlite3
from typing import Any

from obzor.store.events import speaker_key

# Statements read for one actor at most (the newest): years of a leader's quotes fit; more
# would be slow to classify at query time (about 1 ms each).
MAX_STATEMENTS = 2000

_BY_ID = """
SELECT q.article_id, a.title, a.published, a.language, q.speaker, q.speaker_id, q.direct,
       q.start, q."end", q.text
FROM quotes AS q JOIN articles AS a ON a.id = q.article_id
WHERE q.speaker_id = ?
ORDER BY a.published IS NULL, a.published DESC, q.article_id DESC, q.start DESC
LIMIT ?
"""
_BY_KEY = """
SELECT q.article_id, a.title, a.published, a.language, q.speaker, q.speaker_id, q.direct,
       q.start, q."end", q.text
FROM quotes AS q JOIN articles AS a ON a.id = q.article_id
WHERE q.speaker_id IS NULL AND q.speaker_key = ?
ORDER BY a.published IS NULL, a.published DESC, q.article_id DESC, q.start DESC
LIMIT ?
"""
_NAMED = """
SELECT m.article_id, m.start, m."end", e.name, e.type, e.kb_id
FROM mentions AS m JOIN entities AS e ON e.id = m.entity_id
WHERE m.article_id IN (SELECT q.article_id FROM quotes AS q WHERE {where})
ORDER BY m.article_id, m.start
"""


class StatementsMixin:
    """The statements verb; the host class provides `db`."""

    db: sqlite3.Connection

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
        if entry is not None:
            rows = self.db.execute(_BY_ID, (entry.id, limit)).fetchall()
            where, value = "q.speaker_id = ?", entry.id
        else:
            rows = []
        if not rows:
            entry = None
            where, value = "q.speaker_id IS NULL AND q.speaker_key = ?", speaker_key(wanted)
            rows = self.db.execute(_BY_KEY, (value, limit)).fetchall()
        if not rows:
            return None
        rows.reverse()  # the newest `limit`, oldest first (undated ones first)
        named: dict[int, list[tuple[int, int, str, str, str | None]]] = {}
        for article_id, start, end, name, type_, kb_id in self.db.execute(
            _NAMED.format(where=where), (value,)
        ):
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
