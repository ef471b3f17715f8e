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

from sqlalchemy import ColumnElement, select

from obzor.store.base import QueryError, StoreError
from obzor.store.portable import Rows
from obzor.store.schema import articles as art

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
        if self._rows("SELECT id FROM alerts WHERE name = ?", (name,)):
            raise StoreError(f"alert {name!r} already exists")
        stored = {**kept, "digest": digest} if digest != DIGESTS[0] else kept
        rows = self._write(
            "INSERT INTO alerts (name, query, filters, webhook, secret, email, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (name, query, json.dumps(stored, ensure_ascii=False), webhook, secret, email, now()),
        )
        return int(rows[0][0])

    def alerts(self) -> list[dict[str, Any]]:
        """Every alert with its queued and sent counts (the secret is never shown)."""
        rows = self._rows(
            "SELECT a.id, a.name, a.query, a.filters, a.webhook, a.email, a.created_at,"
            " COUNT(CASE WHEN q.channel = 'feed' THEN 1 END),"
            " COUNT(CASE WHEN q.channel <> 'feed' AND q.sent_at IS NOT NULL THEN 1 END)"
            " FROM alerts AS a LEFT JOIN alert_queue AS q ON q.alert_id = a.id"
            " GROUP BY a.id, a.name, a.query, a.filters, a.webhook, a.email, a.created_at"
            " ORDER BY a.name"
        )
        return [
            {"id": int(i), "name": n, "query": q, "filters": _unpack(f)[0], "webhook": w,
             "email": e, "created_at": c, "digest": _unpack(f)[1], "matched": int(m),
             "sent": int(s)}
            for i, n, q, f, w, e, c, m, s in rows
        ]  # fmt: skip

    def alert(self, name: str) -> dict[str, Any] | None:
        """One alert by name, with its secret (for delivery), or None."""
        rows = self._rows(
            "SELECT id, name, query, filters, webhook, secret FROM alerts WHERE name = ?", (name,)
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
        self._write("DELETE FROM alert_queue WHERE alert_id = ?", (found["id"],))
        self._write("DELETE FROM alerts WHERE id = ?", (found["id"],))
        return True

    def _filter(self, query: str | None, filters: dict[str, Any]) -> list[ColumnElement[bool]]:
        return self._condition(
            query or None, filters.get("threat"), filters.get("entity"), filters.get("since")
        )

    def matching_alerts(self, article_id: int) -> list[int]:
        """Ids of the alerts a stored article matches."""
        found = []
        for alert_id, query, filters in self._rows("SELECT id, query, filters FROM alerts"):
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
        story = self._rows("SELECT story_id FROM story_articles WHERE article_id = ?",
                           (article_id,))  # fmt: skip
        story_id = int(story[0][0]) if story else article_id  # ungrouped: its own story
        added = 0
        at = now()
        matched = self.matching_alerts(article_id)
        targets = {i: (w, e, _unpack(f)[1]) for i, w, e, f in
                   self._rows("SELECT id, webhook, email, filters FROM alerts")}  # fmt: skip
        for alert_id in matched:
            webhook, email, digest = targets[alert_id]
            due = period_end(at, digest)  # a digest's rows wait for the end of their period
            channels = ["feed"] + ["webhook"] * bool(webhook) + ["email"] * bool(email)
            for channel in channels:
                rows = self._rows(
                    "INSERT INTO alert_queue"
                    " (alert_id, story_id, channel, article_id, created_at, next_at, sent_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (alert_id, story_id, channel) DO NOTHING RETURNING id",
                    (alert_id, story_id, channel, article_id, at,
                     at if channel == "feed" else due, at if channel == "feed" else None),
                )  # fmt: skip
                added += len(rows) if channel == "feed" else 0
        return added

    def due_deliveries(self, at: str, max_attempts: int, limit: int = 100) -> list[dict[str, Any]]:
        """Unsent deliveries due at `at` (fewer than max_attempts tries), oldest first."""
        rows = self._rows(
            "SELECT q.id, q.alert_id, q.story_id, q.attempts, q.channel, al.name, al.query,"
            " al.webhook, al.secret, al.email, a.id, a.title, a.url, a.published, o.name,"
            " al.filters, q.next_at"
            " FROM alert_queue AS q JOIN alerts AS al ON al.id = q.alert_id"
            " JOIN articles AS a ON a.id = q.article_id"
            " LEFT JOIN outlets AS o ON o.id = a.outlet_id"
            " WHERE q.sent_at IS NULL AND q.next_at <= ? AND q.attempts < ?"
            " ORDER BY q.id LIMIT ?",
            (at, max_attempts, limit),
        )
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
        marks = ", ".join("?" * len(delivery_ids))
        self._write(f"UPDATE alert_queue SET sent_at = ?, error = NULL WHERE id IN ({marks})",
                    (now(), *delivery_ids))  # fmt: skip

    def mark_failed(self, delivery_id: int, error: str, next_at: str) -> None:
        """Count a failed try and when to try again."""
        self._write(
            "UPDATE alert_queue SET attempts = attempts + 1, error = ?, next_at = ? WHERE id = ?",
            (error[:500], next_at, delivery_id),
        )

    def alert_items(self, name: str, limit: int = 50) -> list[dict[str, Any]]:
        """An alert's matches, newest first, for its Atom feed (sent or not)."""
        rows = self._rows(
            "SELECT q.id, q.story_id, q.created_at, a.id, a.title, a.url, a.published, o.name"
            " FROM alert_queue AS q JOIN alerts AS al ON al.id = q.alert_id"
            " JOIN articles AS a ON a.id = q.article_id"
            " LEFT JOIN outlets AS o ON o.id = a.outlet_id"
            " WHERE al.name = ? AND q.channel = 'feed' ORDER BY q.id DESC LIMIT ?",
            (name, limit),
        )
        keys = ("id", "story_id", "matched_at", "article_id", "title", "url", "published",
                "outlet")  # fmt: skip
        return [dict(zip(keys, r, strict=True)) for r in rows]
