"""The forward calendar as rows: entries and the reports that are their evidence.

Derived data, kept up to date in the transaction that adds an article (docs/calendar.md):
each calendar report of the article (calendar/reports.py) joins the entry it is of
(calendar/entries.py) or starts one, and the entry is refolded from all its reports, so the
order in which articles arrive does not change the result. `rebuild` refiles every stored
event (Alembic revision 0011, store/alembic/versions, and `obzor calendar --rebuild`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from obzor.calendar.entries import (
    POSTPONE_WINDOW_DAYS,
    STATUSES,
    Entry,
    best,
    effective_status,
    fold,
    kind,
    same_article,
    shift_day,
)
from obzor.calendar.reports import Report, article_reports, span
from obzor.model import Article, Event, Mention
from obzor.store.engine import transaction

_ENTRY_COLUMNS = (
    "type, name, date, date_end, date_precision, place, keys, status, first_day, last_day,"
    " first_seen, last_seen"
)
_REPORT_COLUMNS = (
    "type, name, date, date_end, date_precision, place, keys, status, rule, published, evidence,"
    ' start, "end"'
)
_LIST = f"""
SELECT id, {_ENTRY_COLUMNS} FROM calendar_entries
WHERE (?1 IS NULL OR last_day >= ?1) AND (?2 IS NULL OR first_day <= ?2)
ORDER BY first_day, last_day, id
"""
_EVIDENCE = """
SELECT r.entry_id, r.article_id, a.title, r.published, r.status, r.rule, r.date, r.evidence
FROM calendar_reports AS r JOIN articles AS a ON a.id = r.article_id
WHERE r.entry_id IN (SELECT value FROM json_each(?))
ORDER BY r.entry_id, r.published IS NULL, r.published, r.article_id, r.start
"""


def _entry(row: Sequence[Any]) -> Entry:
    t, name, d, end, precision, place, keys, status, first, last, seen0, seen1 = row
    return Entry(
        t,
        name,
        d,
        end,
        precision,
        place,
        tuple(json.loads(keys)),
        status,
        first,
        last,
        seen0,
        seen1,
    )


def _report(row: Sequence[Any]) -> Report:
    t, name, d, end, precision, place, keys, status, rule, published, evidence, start, stop = row
    return Report(
        t, name, d, end, precision, place, tuple(json.loads(keys)), status, rule, published,
        evidence, int(start), int(stop),
    )  # fmt: skip


def file_article(db: Any, article_id: int, found: Sequence[Report]) -> list[int]:
    """File one article's calendar reports; the ids of the entries they joined or started."""
    filed: list[tuple[int, Report]] = []
    for report in found:
        filed.append((file_report(db, article_id, report, filed), report))
    return [entry_id for entry_id, _ in filed]


def file_report(
    db: Any, article_id: int, report: Report, filed: Sequence[tuple[int, Report]] = ()
) -> int:
    """Join the report to the entry it is of (or start one) and refold that entry; its id.
    filed: the article's reports filed before this one, with their entries."""
    entry_id = same_article(report, filed)
    if entry_id is None:
        # Candidates within the widest window (a postponement's); matches() narrows it.
        rows = db.execute(
            f"SELECT id, {_ENTRY_COLUMNS} FROM calendar_entries"
            " WHERE kind = ? AND first_day <= ? AND last_day >= ?",
            (
                kind(report.type),
                shift_day(report.last_day, POSTPONE_WINDOW_DAYS),
                shift_day(report.first_day, -POSTPONE_WINDOW_DAYS),
            ),
        ).fetchall()
        entry_id = best(report, [(int(r[0]), _entry(r[1:])) for r in rows])
    if entry_id is None:
        cur = db.execute(
            f"INSERT INTO calendar_entries (kind, {_ENTRY_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kind(report.type), *_entry_values(fold([report]))),
        )
        entry_id = int(cur.lastrowid or 0)
    db.execute(
        f"INSERT INTO calendar_reports (entry_id, article_id, {_REPORT_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry_id, article_id, report.type, report.name, report.date, report.date_end,
            report.precision, report.place, json.dumps(report.keys, ensure_ascii=False),
            report.status, report.rule, report.published, report.evidence, report.start,
            report.end,
        ),
    )  # fmt: skip
    together = [
        _report(r)
        for r in db.execute(
            f"SELECT {_REPORT_COLUMNS} FROM calendar_reports WHERE entry_id = ?", (entry_id,)
        ).fetchall()
    ]
    db.execute(
        "UPDATE calendar_entries SET type = ?, name = ?, date = ?, date_end = ?,"
        " date_precision = ?, place = ?, keys = ?, status = ?, first_day = ?, last_day = ?,"
        " first_seen = ?, last_seen = ? WHERE id = ?",
        (*_entry_values(fold(together)), entry_id),
    )
    return entry_id


def _entry_values(e: Entry) -> tuple[Any, ...]:
    return (
        e.type, e.name, e.date, e.date_end, e.precision, e.place,
        json.dumps(e.keys, ensure_ascii=False), e.status, e.first_day, e.last_day,
        e.first_seen, e.last_seen,
    )  # fmt: skip


def rebuild(db: Any) -> int:
    """Refile every stored article's events and sentences into an empty calendar, oldest
    article first; the number of entries made."""
    db.execute("DELETE FROM calendar_reports")
    db.execute("DELETE FROM calendar_entries")
    articles = db.execute(
        "SELECT id, published, text FROM articles ORDER BY published IS NULL, published, id"
    ).fetchall()
    for article_id, published, text in articles:
        events = [
            Event.from_json(json.loads(data))
            for (data,) in db.execute(
                "SELECT data FROM events WHERE article_id = ? ORDER BY id", (article_id,)
            ).fetchall()
        ]
        mentions = [
            Mention(surface, etype, int(start), int(stop), name, kb_id)
            for start, stop, surface, etype, name, kb_id in db.execute(
                'SELECT m.start, m."end", m.text, e.type, e.name, e.kb_id FROM mentions AS m'
                " JOIN entities AS e ON e.id = m.entity_id WHERE m.article_id = ?"
                " ORDER BY m.start",
                (article_id,),
            ).fetchall()
        ]
        article = Article("", text, published=published, entities=mentions, events=events)
        file_article(db, int(article_id), article_reports(article))
    return int(db.execute("SELECT COUNT(*) FROM calendar_entries").fetchone()[0])


def bound(value: str | None, side: int) -> str | None:
    """The first (side 0) or last (side 1) day of YYYY, YYYY-MM or YYYY-MM-DD; ValueError if
    it is none of these."""
    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            return span(value)[side]
    except ValueError:
        pass
    raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")


def today() -> str:
    """Today's date in UTC (the default --as-of)."""
    return datetime.now(UTC).date().isoformat()


class CalendarMixin:
    """Store verbs for the forward calendar; the host class provides `conn` and `db`."""

    conn: Connection
    db: sqlite3.Connection

    def _add_calendar(self, article_id: int, article: Article) -> None:
        """File the article's calendar reports (called inside the add savepoint)."""
        file_article(self.db, article_id, article_reports(article))

    def rebuild_calendar(self) -> int:
        """Rebuild the calendar from every stored event (one transaction); entries made."""
        with transaction(self.conn):
            return rebuild(self.db)

    def calendar(
        self,
        since: str | None = None,
        until: str | None = None,
        status: str | None = None,
        as_of: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        """Entries whose days meet [since, until], earliest first, each with its reports as
        evidence; status is as of as_of (default today, UTC): a passed date unreported is
        overdue."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        first, last = bound(since, 0), bound(until, 1)
        day = bound(as_of, 0) or today()
        found = []
        for row in self.db.execute(_LIST, (first, last)).fetchall():
            entry = _entry(row[1:])
            shown = effective_status(entry.status, entry.last_day, day)
            if status is None or shown == status:
                found.append((int(row[0]), entry, shown))
            if len(found) == limit:
                break
        evidence: dict[int, list[dict[str, Any]]] = {i: [] for i, _, _ in found}
        ids = json.dumps(list(evidence))
        for eid, aid, title, published, rstatus, rule, d, text in self.db.execute(
            _EVIDENCE, (ids,)
        ).fetchall():
            evidence[int(eid)].append(
                {"article_id": int(aid), "title": title, "published": published,
                 "status": rstatus, "rule": rule, "date": d, "text": text}
            )  # fmt: skip
        return [
            {
                "id": i, "type": e.type, "name": e.name, "date": e.date, "date_end": e.date_end,
                "date_precision": e.precision, "place": e.place, "status": shown,
                "reported_status": e.status, "first_day": e.first_day, "last_day": e.last_day,
                "first_seen": e.first_seen, "last_seen": e.last_seen, "keys": list(e.keys),
                "reports": evidence[i],
            }
            for i, e, shown in found
        ]  # fmt: skip
