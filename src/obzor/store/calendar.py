"""The forward calendar as rows: entries and the reports that are their evidence.

Derived data, kept up to date in the transaction that adds an article (docs/calendar.md): the
store only writes what the calendar stage found (`Article.calendar`, calendar/stage.py): each
report joins the entry it is of (calendar/entries.py) or starts one, and the entry is refolded
from all its reports, so the order in which articles arrive does not change the result.
`rebuild` refiles every stored article with the reports a function the caller passes reads
from its stored events (Alembic revision 0011, store/alembic/versions, and `obzor calendar
--rebuild`). The calendar's modules are imported when a calendar is written or read, not
when the store is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select, update

from obzor.model import Article, Event, Mention
from obzor.store.engine import transaction
from obzor.store.findings import full_event
from obzor.store.schema import articles as art
from obzor.store.schema import calendar_entries as entries
from obzor.store.schema import calendar_reports as reports
from obzor.store.schema import entities as ent
from obzor.store.schema import events as ev
from obzor.store.schema import mentions as men

if TYPE_CHECKING:
    from obzor.calendar.entries import Entry
    from obzor.calendar.reports import Report

ReportsOf = Callable[[Article], Sequence["Report"]]  # an article's reports (article_reports)
ce, cr = entries.c, reports.c
_ENTRY_COLUMNS = (
    ce.type, ce.name, ce.date, ce.date_end, ce.date_precision, ce.place, ce["keys"], ce.status,
    ce.first_day, ce.last_day, ce.first_seen, ce.last_seen,
)  # fmt: skip
_REPORT_COLUMNS = (
    cr.type, cr.name, cr.date, cr.date_end, cr.date_precision, cr.place, cr["keys"], cr.status,
    cr.rule, cr.published, cr.evidence, cr.start, cr.end,
)  # fmt: skip


def _entry(row: Sequence[Any]) -> Entry:
    from obzor.calendar.entries import Entry

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
    from obzor.calendar.reports import Report

    t, name, d, end, precision, place, keys, status, rule, published, evidence, start, stop = row
    return Report(
        t, name, d, end, precision, place, tuple(json.loads(keys)), status, rule, published,
        evidence, int(start), int(stop),
    )  # fmt: skip


def file_article(conn: Connection, article_id: int, found: Sequence[Report]) -> list[int]:
    """File one article's calendar reports; the ids of the entries they joined or started."""
    filed: list[tuple[int, Report]] = []
    for report in found:
        entry_id = file_report(conn, article_id, report, filed)
        if entry_id is not None:  # an undated follow-up of no entry is dropped
            filed.append((entry_id, report))
    return [entry_id for entry_id, _ in filed]


def file_report(
    conn: Connection, article_id: int, report: Report, filed: Sequence[tuple[int, Report]] = ()
) -> int | None:
    """Join the report to the entry it is of (or start one) and refold that entry; its id.
    filed: the article's reports filed before this one, with their entries."""
    from obzor.calendar.entries import (
        POSTPONE_WINDOW_DAYS,
        best,
        fold,
        kind,
        same_article,
        shift_day,
    )

    entry_id = same_article(report, filed)
    if entry_id is None:
        # Candidates within the widest window (a postponement's); matches() narrows it.
        rows = conn.execute(
            select(ce.id, *_ENTRY_COLUMNS).where(
                ce.kind == kind(report.type),
                ce.first_day <= shift_day(report.last_day, POSTPONE_WINDOW_DAYS),
                ce.last_day >= shift_day(report.first_day, -POSTPONE_WINDOW_DAYS),
            )
        ).all()
        entry_id = best(report, [(int(r[0]), _entry(r[1:])) for r in rows])
    if entry_id is None and report.joins_only:
        return None
    if entry_id is None:
        new = insert(entries).values(kind=kind(report.type), **_entry_values(fold([report])))
        entry_id = int(conn.execute(new.returning(ce.id)).scalar_one())
    conn.execute(
        insert(reports).values(
            entry_id=entry_id, article_id=article_id, type=report.type, name=report.name,
            date=report.date, date_end=report.date_end, date_precision=report.precision,
            place=report.place, keys=json.dumps(report.keys, ensure_ascii=False),
            status=report.status, rule=report.rule, published=report.published,
            evidence=report.evidence, start=report.start, end=report.end,
        )
    )  # fmt: skip
    _refold(conn, [entry_id])
    return entry_id


def _entry_values(e: Entry) -> dict[str, Any]:
    return {
        "type": e.type, "name": e.name, "date": e.date, "date_end": e.date_end,
        "date_precision": e.precision, "place": e.place,
        "keys": json.dumps(e.keys, ensure_ascii=False), "status": e.status,
        "first_day": e.first_day, "last_day": e.last_day, "first_seen": e.first_seen,
        "last_seen": e.last_seen,
    }  # fmt: skip


def rebuild(conn: Connection, reports_of: ReportsOf) -> int:
    """Refile every stored article into an empty calendar, in the order the articles were
    added (so it gives what adding gave), with the reports reports_of reads from the
    article's stored text, mentions and events; the number of entries made."""
    conn.execute(delete(reports))
    conn.execute(delete(entries))
    articles = conn.execute(select(art.c.id, art.c.published, art.c.text).order_by(art.c.id)).all()
    for article_id, published, text in articles:
        article = _stored(conn, int(article_id), published, text)
        file_article(conn, int(article_id), reports_of(article))
    return int(conn.execute(select(func.count()).select_from(entries)).scalar_one())


def _stored(conn: Connection, article_id: int, published: str | None, text: str) -> Article:
    """The stored article as the calendar reads it: its text, date, mentions and events."""
    events = [
        Event.from_json(full_event(json.loads(data), text))
        for (data,) in conn.execute(
            select(ev.c.data).where(ev.c.article_id == article_id).order_by(ev.c.id)
        )
    ]
    mentions = [
        Mention(surface, etype, int(start), int(stop), name, kb_id)
        for start, stop, surface, etype, name, kb_id in conn.execute(
            select(men.c.start, men.c.end, men.c.text, ent.c.type, ent.c.name, ent.c.kb_id)
            .join(ent, ent.c.id == men.c.entity_id)
            .where(men.c.article_id == article_id)
            .order_by(men.c.start)
        )
    ]
    return Article("", text, published=published, entities=mentions, events=events)


def rekey(conn: Connection, reports_of: ReportsOf) -> int:
    """Every filed report's keys (who and where: KB ids, else name keys) made anew from its
    article's stored text, mentions and events by reports_of, after the name key changed
    (`obzor reindex`); each entry with a report rekeyed is folded again from its reports.
    A report is found again by what it says (type, name, dates, place, rule, offsets); the
    entries reports joined stay (a full refiling is `obzor calendar --rebuild`). The number of
    reports whose keys changed."""
    filed = (
        select(cr.article_id, art.c.published, art.c.text)
        .join(art, art.c.id == cr.article_id)
        .distinct()
        .order_by(cr.article_id)
    )
    changed, touched = 0, set()
    for article_id, published, text in conn.execute(filed).all():
        fresh = {
            _said(r.type, r.name, r.date, r.date_end, r.place, r.rule, r.start, r.end): r.keys
            for r in reports_of(_stored(conn, int(article_id), published, text))
        }
        held = conn.execute(
            select(cr.id, cr.entry_id, cr.type, cr.name, cr.date, cr.date_end, cr.place,
                   cr.rule, cr.start, cr.end, cr["keys"])
            .where(cr.article_id == article_id)
        ).all()  # fmt: skip
        for report_id, entry_id, *said, keys in held:
            new = fresh.get(_said(*said))
            if new is not None and tuple(json.loads(keys)) != tuple(new):
                conn.execute(
                    update(reports)
                    .where(cr.id == report_id)
                    .values(keys=json.dumps(new, ensure_ascii=False))
                )
                changed += 1
                touched.add(int(entry_id))
    _refold(conn, sorted(touched))
    return changed


def _said(*what: Any) -> tuple[Any, ...]:
    """A report's identity beside its keys: type, name, date, date_end, place, rule, start,
    end (offsets as ints: a database may give them back as another number type)."""
    *head, start, end = what
    return (*head, int(start), int(end))


def _refold(conn: Connection, entry_ids: list[int]) -> None:
    """Each entry folded again from its reports (its keys, name, dates and status)."""
    from obzor.calendar.entries import fold

    for entry_id in entry_ids:
        together = [
            _report(r)
            for r in conn.execute(select(*_REPORT_COLUMNS).where(cr.entry_id == entry_id))
        ]
        if together:
            values = _entry_values(fold(together))
            conn.execute(update(entries).where(ce.id == entry_id).values(**values))


def bound(value: str | None, side: int) -> str | None:
    """The first (side 0) or last (side 1) day of YYYY, YYYY-MM or YYYY-MM-DD; ValueError if
    it is none of these."""
    from obzor.calendar.reports import span

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
    """Store verbs for the forward calendar; the host class provides `conn`."""

    conn: Connection

    def _add_calendar(self, article_id: int, article: Article) -> None:
        """File the article's calendar reports, as the calendar stage found them (called
        inside the add savepoint); an article that did not run the stage files none."""
        if article.calendar:
            file_article(self.conn, article_id, article.calendar)

    def calendar_reports(self, article_id: int) -> list[Report]:
        """The calendar reports filed for one article, in the order they were filed (what its
        calendar stage found, but an undated follow-up that joined no entry): a copy of the
        base files them again (store/copy.py) without reading the text anew."""
        from obzor.calendar.reports import UNDATED

        rows = self.conn.execute(
            select(*_REPORT_COLUMNS).where(cr.article_id == article_id).order_by(cr.id)
        )
        found = [_report(r) for r in rows]
        return [replace(r, joins_only=r.rule.startswith(UNDATED)) for r in found]

    def rebuild_calendar(self, reports_of: ReportsOf) -> int:
        """Rebuild the calendar from every stored article, with the reports reports_of reads
        (obzor.calendar.reports.article_reports) (one transaction); entries made."""
        with transaction(self.conn):
            return rebuild(self.conn, reports_of)

    def rekey_calendar(self, reports_of: ReportsOf) -> int:
        """Every calendar report's keys made anew (rekey); the number changed. Inside write()."""
        return rekey(self.conn, reports_of)

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
        from obzor.calendar.entries import STATUSES, effective_status

        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
        first, last = bound(since, 0), bound(until, 1)
        day = bound(as_of, 0) or today()
        found = []
        listed = select(ce.id, *_ENTRY_COLUMNS).order_by(ce.first_day, ce.last_day, ce.id)
        if first is not None:
            listed = listed.where(ce.last_day >= first)
        if last is not None:
            listed = listed.where(ce.first_day <= last)
        for row in self.conn.execute(listed):
            entry = _entry(row[1:])
            shown = effective_status(entry.status, entry.last_day, day)
            if status is None or shown == status:
                found.append((int(row[0]), entry, shown))
            if len(found) == limit:
                break
        evidence: dict[int, list[dict[str, Any]]] = {i: [] for i, _, _ in found}
        cited = (
            select(cr.entry_id, cr.article_id, art.c.title, cr.published, cr.status, cr.rule,
                   cr.date, cr.evidence)
            .join(art, art.c.id == cr.article_id)
            .where(cr.entry_id.in_(list(evidence)))
            .order_by(cr.entry_id, cr.published.is_(None), cr.published, cr.article_id,
                      cr.start)
        )  # fmt: skip
        for eid, aid, title, published, rstatus, rule, d, text in self.conn.execute(cited):
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
