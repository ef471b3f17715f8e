"""Events and quotes as indexed rows: written with each article, listed by type or speaker."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select

from obzor.model import Article, Event
from obzor.store.findings import (
    evidence_text,
    quote_text,
    slim_event,
    stored_quote,
    with_evidence,
)
from obzor.store.schema import articles as art
from obzor.store.schema import events as ev
from obzor.store.schema import quotes as qt
from obzor.text import name_key


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


class EventsMixin:
    """Store verbs for events and quotes; the host class provides `conn`."""

    conn: Connection

    def _add_events_quotes(self, article_id: int, article: Article) -> None:
        """Write the article's events and quotes as rows (called inside the add savepoint)."""
        if article.events:
            self.conn.execute(
                insert(ev), [_event_row(article_id, e, article.text) for e in article.events]
            )
        if article.quotes:
            self.conn.execute(
                insert(qt),
                [
                    {
                        "article_id": article_id,
                        "speaker": q.speaker,
                        "speaker_key": name_key(q.speaker or ""),
                        "speaker_id": q.speaker_id,
                        "direct": int(q.direct),
                        "start": q.start,
                        "end": q.end,
                        "text": stored_quote(q.text, article.text, q.start, q.end),
                    }
                    for q in article.quotes
                ],
            )

    def events(
        self, type: str | None = None, since: str | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        """Events, newest date first (undated last), optionally of one type or since a date."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        query = select(
            ev.c.article_id, art.c.title, art.c.published, ev.c.data, evidence_text()
        ).join(art, art.c.id == ev.c.article_id)
        if type is not None:
            query = query.where(ev.c.type == type)
        if since is not None:
            query = query.where(func.coalesce(ev.c.date_end, ev.c.date) >= since)
        query = query.order_by(
            ev.c.date.is_(None), ev.c.date.desc(), ev.c.article_id, ev.c.id
        ).limit(limit)
        return [
            {"article_id": aid, "title": title, "published": published,
             **with_evidence(json.loads(data), said)}
            for aid, title, published, data, said in self.conn.execute(query)
        ]  # fmt: skip

    def quotes(
        self, speaker: str | None = None, limit: int = 50, since: str | None = None
    ) -> list[dict[str, Any]]:
        """Quotes, newest article first; speaker matches part of the name or the exact KB id;
        since (YYYY, YYYY-MM or YYYY-MM-DD): only articles published then or later."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        query = select(
            qt.c.article_id, art.c.title, art.c.published, qt.c.speaker, qt.c.speaker_id,
            qt.c.direct, qt.c.start, qt.c.end, quote_text(),
        ).join(art, art.c.id == qt.c.article_id)  # fmt: skip
        if speaker and speaker.strip():
            key = name_key(speaker)
            query = query.where(
                or_(qt.c.speaker_id == speaker, qt.c.speaker_key.contains(key, autoescape=True))
            )
        if since is not None:
            query = query.where(func.substr(art.c.published, 1, 10) >= since)
        query = query.order_by(
            art.c.published.is_(None), art.c.published.desc(), qt.c.article_id, qt.c.start
        ).limit(limit)
        return [{**r._mapping, "direct": bool(r.direct)} for r in self.conn.execute(query)]


def _event_row(article_id: int, e: Event, text: str | None = None) -> dict[str, Any]:
    """An event's row; text: its article's, which its evidence's sentence is not repeated
    from (store/findings.py)."""
    data = e.to_json()
    kept = data if text is None else slim_event(data, text)
    return {
        "article_id": article_id,
        "type": e.type,
        "name": e.name,
        "date": e.date,
        "date_end": e.date_end,
        "date_precision": e.date_precision,
        "place": e.place,
        "participants": json.dumps(data["participants"], ensure_ascii=False),
        "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end,
        "data": json.dumps(kept, ensure_ascii=False),
    }
