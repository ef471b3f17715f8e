"""Events and quotes as indexed rows: written with each article, listed by type or speaker."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from obzor.model import Article, Event


def schema() -> list[str]:
    """The statements of migration m004: events and quotes tables and their indexes."""
    return [
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            name TEXT,
            date TEXT,
            date_end TEXT,
            date_precision TEXT,
            place TEXT,
            participants TEXT NOT NULL DEFAULT '[]',  -- JSON [{"name", "id"}]
            evidence_start INTEGER,
            evidence_end INTEGER,
            data TEXT NOT NULL DEFAULT '{}'  -- the whole event as JSON (amount, value, ...)
        )""",
        "CREATE INDEX events_type_date ON events(type, date)",
        "CREATE INDEX events_date ON events(date)",
        "CREATE INDEX events_article ON events(article_id)",
        """CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            speaker TEXT,
            speaker_key TEXT,  -- speaker casefolded, ё as е: what --speaker matches
            speaker_id TEXT,
            direct INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX quotes_speaker ON quotes(speaker_key)",
        "CREATE INDEX quotes_speaker_id ON quotes(speaker_id)",
        "CREATE INDEX quotes_article ON quotes(article_id)",
    ]


def speaker_key(name: str) -> str:
    """How names compare (speakers here, entities in threats.py): casefolded, ё as е,
    whitespace collapsed."""
    return " ".join(name.split()).casefold().replace("ё", "е")


_EVENTS = """
SELECT e.article_id, a.title, a.published, e.data
FROM events AS e JOIN articles AS a ON a.id = e.article_id
WHERE (?1 IS NULL OR e.type = ?1) AND (?2 IS NULL OR COALESCE(e.date_end, e.date) >= ?2)
ORDER BY e.date IS NULL, e.date DESC, e.article_id, e.id
LIMIT ?3
"""
_QUOTES = """
SELECT q.article_id, a.title, a.published, q.speaker, q.speaker_id, q.direct, q.start, q."end",
       q.text
FROM quotes AS q JOIN articles AS a ON a.id = q.article_id
WHERE (?1 IS NULL OR q.speaker_id = ?2 OR instr(q.speaker_key, ?1) > 0)
  AND (?4 IS NULL OR substr(a.published, 1, 10) >= ?4)
ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.start
LIMIT ?3
"""


class EventsMixin:
    """Store verbs for events and quotes; the host class provides `db`."""

    db: sqlite3.Connection

    def _add_events_quotes(self, article_id: int, article: Article) -> None:
        """Write the article's events and quotes as rows (called inside the add savepoint)."""
        self.db.executemany(
            "INSERT INTO events (article_id, type, name, date, date_end, date_precision, place,"
            " participants, evidence_start, evidence_end, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_event_row(article_id, e) for e in article.events],
        )
        self.db.executemany(
            "INSERT INTO quotes (article_id, speaker, speaker_key, speaker_id, direct, start,"
            ' "end", text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (
                    article_id,
                    q.speaker,
                    speaker_key(q.speaker or ""),
                    q.speaker_id,
                    int(q.direct),
                    q.start,
                    q.end,
                    q.text,
                )
                for q in article.quotes
            ],
        )

    def events(
        self, type: str | None = None, since: str | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        """Events, newest date first (undated last), optionally of one type or since a date."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        rows = self.db.execute(_EVENTS, (type, since, limit))
        return [
            {"article_id": aid, "title": title, "published": published, **json.loads(data)}
            for aid, title, published, data in rows
        ]

    def quotes(
        self, speaker: str | None = None, limit: int = 50, since: str | None = None
    ) -> list[dict[str, Any]]:
        """Quotes, newest article first; speaker matches part of the name or the exact KB id;
        since (YYYY, YYYY-MM or YYYY-MM-DD): only articles published then or later."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        key = speaker_key(speaker) if speaker and speaker.strip() else None
        rows = self.db.execute(_QUOTES, (key, speaker, limit, since))
        keys = ("article_id", "title", "published", "speaker", "speaker_id", "direct")
        return [
            {
                **dict(zip(keys, r[:6], strict=True)),
                "direct": bool(r[5]),
                "start": r[6],
                "end": r[7],
                "text": r[8],
            }
            for r in rows
        ]


def _event_row(article_id: int, e: Event) -> tuple[Any, ...]:
    data = e.to_json()
    return (
        article_id,
        e.type,
        e.name,
        e.date,
        e.date_end,
        e.date_precision,
        e.place,
        json.dumps(data["participants"], ensure_ascii=False),
        e.evidence.start,
        e.evidence.end,
        json.dumps(data, ensure_ascii=False),
    )
