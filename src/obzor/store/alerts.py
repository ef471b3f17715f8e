"""Alerts: saved searches and watchlists, and the queue of their deliveries (a sent log too).

An alert is a query and/or filters (threat, entity, since): a saved search, or with no query a
watchlist. queue_alerts(article_id) runs when an article is stored (flow.save) and queues one
row per alert, story and channel (feed, webhook, e-mail): a second copy of a story matches but
queues nothing. A delivery row keeps its attempts, next try and sent time, so a restart sends
nothing twice and loses nothing queued. A digest alert (hourly, daily) queues its webhook and
e-mail rows due at the end of their hour or day (UTC), and the worker sends each period's rows
as one message.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, FromClause, and_, case, delete, func, insert, select, update

from obzor.store.base import QueryError, StoreError
from obzor.store.dialect import upsert
from obzor.store.portable import Rows
from obzor.store.schema import alert_queue as queue
from obzor.store.schema import alerts as alerts_t
from obzor.store.schema import articles as art
from obzor.store.schema import outlets
from obzor.store.schema import story_articles as sa

al, q = alerts_t.c, queue.c

SCHEMA = (
    """CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT,
        filters TEXT NOT NULL DEFAULT '{}',  -- JSON {threat, entity, since}
        webhook TEXT,
        secret TEXT,  -- HMAC-SHA256 key of the webhook's signature
        email TEXT,  -- comma-separated addresses
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE alert_queue (
        id INTEGER PRIMARY KEY,
        alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL,  -- one delivery per alert, story and channel, not per copy
        channel TEXT NOT NULL,  -- feed | webhook | email: each is sent (and retried) alone
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TEXT NOT NULL,
        sent_at TEXT,
        error TEXT,
        UNIQUE (alert_id, story_id, channel)
    )""",
    "CREATE INDEX alert_queue_due ON alert_queue(sent_at, next_at)",
)
FILTERS = ("threat", "entity", "since")
DIGESTS = ("immediate", "hourly", "daily")  # each story at once, or one message per hour / day


def _delivered() -> FromClause:
    """A delivery with its alert, article and outlet."""
    return (
        queue.join(alerts_t, al.id == q.alert_id)
        .join(art, art.c.id == q.article_id)
        .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
    )


def now() -> str:
    """The current UTC time as ISO text (what next_at and sent_at hold)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _unpack(raw: str) -> tuple[dict[str, Any], str]:
    """An alert's stored filters and its delivery mode: a digest alert keeps "digest" in the
    same JSON (no schema change; an alert stored before digests is sent at once)."""
    data = json.loads(raw)
    return {k: v for k, v in data.items() if k != "digest"}, str(data.get("digest", DIGESTS[0]))


def period_end(at: str, digest: str) -> str:
    """When a delivery queued at `at` is due: at once, or at the end of its UTC hour or day."""
    if digest == "immediate":
        return at
    moment = datetime.fromisoformat(at).astimezone(UTC)
    if digest == "hourly":
        start = moment.replace(minute=0, second=0, microsecond=0)
        return (start + timedelta(hours=1)).isoformat(timespec="seconds")
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return (start + timedelta(days=1)).isoformat(timespec="seconds")


class AlertsMixin(Rows):
    """Store verbs for alerts and their delivery queue."""

    if TYPE_CHECKING:  # ExportMixin's

        def _condition(
            self,
            query: str | None,
            threat: str | None = None,
            entity: str | None = None,
            since: str | None = None,
            exact: bool = False,
        ) -> list[ColumnElement[bool]]: ...

    def add_alert(
        self,
        name: str,
        query: str | None = None,
        *,
        webhook: str | None = None,
        secret: str | None = None,
        email: str | None = None,
        digest: str = "immediate",
        **filters: str | None,
    ) -> int:
        """Create an alert; checks the query and filters first. Its id."""
        name = name.strip()
        if not name:
            raise StoreError("alert name is empty")
        if digest not in DIGESTS:
            raise StoreError(f"digest must be one of {', '.join(DIGESTS)}, got {digest!r}")
        kept = {k: v for k, v in filters.items() if v}
        if set(kept) - set(FILTERS):
            raise StoreError(
                f"unknown alert filters: {', '.join(sorted(set(kept) - set(FILTERS)))}"
            )
        if not query and not kept:
            raise StoreError("an alert needs a query or a filter (--threat, --entity)")
        if webhook and not webhook.startswith(("http://", "https://")):
            raise StoreError(f"webhook must be an http(s) URL, got {webhook!r}")
        if email and not all("@" in a.strip() for a in email.split(",")):
            raise StoreError(f"email must be addresses separated by commas, got {email!r}")
        self._filter(query, kept)  # QueryError / ValueError now, not at the first article
        if self._all(select(al.id).where(al.name == name)):
            raise StoreError(f"alert {name!r} already exists")
        stored = {**kept, "digest": digest} if digest != DIGESTS[0] else kept
        rows = self._do(
            insert(alerts_t)
            .values(name=name, query=query, filters=json.dumps(stored, ensure_ascii=False),
                    webhook=webhook, secret=secret, email=email, created_at=now())
            .returning(al.id)
        )  # fmt: skip
        return int(rows[0].id)

    def alerts(self) -> list[dict[str, Any]]:
        """Every alert with its queued and sent counts (the secret is never shown)."""
        shown = (al.id, al.name, al.query, al.filters, al.webhook, al.email, al.created_at)
        feed = q.channel == "feed"
        rows = self._all(
            select(
                *shown,
                func.count(case((feed, 1))),
                func.count(case((and_(~feed, q.sent_at.is_not(None)), 1))),
            )
            .outerjoin(queue, q.alert_id == al.id)
            .group_by(*shown)
            .order_by(al.name)
        )
        return [
            {"id": int(i), "name": n, "query": q, "filters": _unpack(f)[0], "webhook": w,
             "email": e, "created_at": c, "digest": _unpack(f)[1], "matched": int(m),
             "sent": int(s)}
            for i, n, q, f, w, e, c, m, s in rows
        ]  # fmt: skip

    def alert(self, name: str) -> dict[str, Any] | None:
        """One alert by name, with its secret (for delivery), or None."""
        rows = self._all(
            select(al.id, al.name, al.query, al.filters, al.webhook, al.secret).where(
                al.name == name
            )
        )
        if not rows:
            return None
        i, n, q, f, w, s = rows[0]
        filters, digest = _unpack(f)
        return {"id": int(i), "name": n, "query": q, "filters": filters, "webhook": w,
                "secret": s, "digest": digest}  # fmt: skip

    def remove_alert(self, name: str) -> bool:
        """Delete an alert and its queue; True if it existed."""
        found = self.alert(name)
        if found is None:
            return False
        self._do(delete(queue).where(q.alert_id == found["id"]))
        self._do(delete(alerts_t).where(al.id == found["id"]))
        return True

    def _filter(self, query: str | None, filters: dict[str, Any]) -> list[ColumnElement[bool]]:
        return self._condition(
            query or None, filters.get("threat"), filters.get("entity"), filters.get("since")
        )

    def matching_alerts(self, article_id: int) -> list[int]:
        """Ids of the alerts a stored article matches."""
        found = []
        for alert_id, query, filters in self._all(select(al.id, al.query, al.filters)):
            try:
                where = self._filter(query, json.loads(filters))
            except (QueryError, ValueError):
                continue  # an entity renamed since: the alert matches nothing, ingest goes on
            if self._all(select(art.c.id).where(art.c.id == article_id, *where)):
                found.append(int(alert_id))
        return found

    def queue_alerts(self, article_id: int) -> int:
        """Queue each alert the article matches, once per story and channel (the feed always,
        webhook and e-mail when the alert has them); how many stories were new to an alert."""
        story = self._all(select(sa.c.story_id).where(sa.c.article_id == article_id))
        story_id = int(story[0].story_id) if story else article_id  # ungrouped: its own story
        added = 0
        at = now()
        matched = self.matching_alerts(article_id)
        targets = {
            i: (w, e, _unpack(f)[1])
            for i, w, e, f in self._all(select(al.id, al.webhook, al.email, al.filters))
        }
        for alert_id in matched:
            webhook, email, digest = targets[alert_id]
            due = period_end(at, digest)  # a digest's rows wait for the end of their period
            channels = ["feed"] + ["webhook"] * bool(webhook) + ["email"] * bool(email)
            for channel in channels:
                rows = self._all(
                    upsert(self.conn, queue)
                    .values(alert_id=alert_id, story_id=story_id, channel=channel,
                            article_id=article_id, created_at=at,
                            next_at=at if channel == "feed" else due,
                            sent_at=at if channel == "feed" else None)
                    .on_conflict_do_nothing(index_elements=[q.alert_id, q.story_id, q.channel])
                    .returning(q.id)
                )  # fmt: skip
                added += len(rows) if channel == "feed" else 0
        return added

    def due_deliveries(self, at: str, max_attempts: int, limit: int = 100) -> list[dict[str, Any]]:
        """Unsent deliveries due at `at` (fewer than max_attempts tries), oldest first."""
        rows = self._all(
            select(q.id, q.alert_id, q.story_id, q.attempts, q.channel, al.name, al.query,
                   al.webhook, al.secret, al.email, art.c.id, art.c.title, art.c.url,
                   art.c.published, outlets.c.name, al.filters, q.next_at)
            .select_from(_delivered())
            .where(q.sent_at.is_(None), q.next_at <= at, q.attempts < max_attempts)
            .order_by(q.id)
            .limit(limit)
        )  # fmt: skip
        keys = ("id", "alert_id", "story_id", "attempts", "channel", "alert", "query", "webhook",
                "secret", "email", "article_id", "title", "url", "published", "outlet", "digest",
                "next_at")  # fmt: skip
        found = [dict(zip(keys, r, strict=True)) for r in rows]
        for item in found:
            item["digest"] = _unpack(item["digest"])[1]  # the row held the alert's filters
        return found

    def mark_sent(self, *delivery_ids: int) -> None:
        """Record deliveries as sent, in one statement (a digest's rows all or none); they are
        never sent again."""
        self._do(update(queue).where(q.id.in_(delivery_ids)).values(sent_at=now(), error=None))

    def mark_failed(self, delivery_id: int, error: str, next_at: str) -> None:
        """Count a failed try and when to try again."""
        self._do(
            update(queue)
            .where(q.id == delivery_id)
            .values(attempts=q.attempts + 1, error=error[:500], next_at=next_at)
        )

    def alert_items(self, name: str, limit: int = 50) -> list[dict[str, Any]]:
        """An alert's matches, newest first, for its Atom feed (sent or not)."""
        rows = self._all(
            select(q.id, q.story_id, q.created_at, art.c.id, art.c.title, art.c.url,
                   art.c.published, outlets.c.name)
            .select_from(_delivered())
            .where(al.name == name, q.channel == "feed")
            .order_by(q.id.desc())
            .limit(limit)
        )  # fmt: skip
        keys = ("id", "story_id", "matched_at", "article_id", "title", "url", "published",
                "outlet")  # fmt: skip
        return [dict(zip(keys, r, strict=True)) for r in rows]
