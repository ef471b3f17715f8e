"""Alert delivery: webhooks (JSON POST signed with HMAC-SHA256, retried with backoff) and an
Atom feed per alert. Ingest only queues (store.queue_alerts, from flow.save); `obzor alerts
run` drains the queue, so a slow or dead receiver never holds up ingest."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from xml.etree import ElementTree as ET

import httpx

from obzor.net.errors import FetchError
from obzor.net.guard import check_url

# Tries before a delivery is given up (kept in the queue with its last error for `alerts list`).
MAX_ATTEMPTS = 6
# First retry after 30 s, doubling: 30 s, 1 min, 2 min, 4 min, 8 min: a receiver restarting or
# deploying is back within the window; one down for longer needs a person anyway.
BACKOFF_S = 30
TIMEOUT_S = 10.0  # one POST; a receiver slower than this is treated as down
SIGNATURE_HEADER = "X-Obzor-Signature"  # "sha256=" + hex HMAC of the body with the secret


class Queue(Protocol):
    """The store verbs the worker needs."""

    def due_deliveries(
        self, at: str, max_attempts: int, limit: int = 100
    ) -> list[dict[str, Any]]: ...
    def mark_sent(self, delivery_id: int) -> None: ...
    def mark_failed(self, delivery_id: int, error: str, next_at: str) -> None: ...


def sign(body: bytes, secret: str) -> str:
    """The signature header value of a body: sha256=<hex HMAC-SHA256>."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def payload(item: dict[str, Any]) -> dict[str, Any]:
    """The JSON a webhook receives for one queued delivery."""
    return {
        "alert": item["alert"],
        "query": item["query"],
        "delivery": item["id"],
        "story_id": item["story_id"],
        "article": {k: item[k] for k in ("title", "url", "published", "outlet")}
        | {"id": item["article_id"]},
    }


def deliver(
    queue: Queue, client: httpx.Client, at: datetime | None = None, allow_private: bool = False
) -> dict[str, int]:
    """POST every due delivery once; record each as sent or failed (with its next try).
    Deliveries without a webhook count as sent (they live in the Atom feed). A webhook on a
    private, loopback or link-local address is refused unless allow_private (the SSRF guard
    of net/guard.py, as for fetching). Counts."""
    at = at or datetime.now(UTC)
    counts = {"sent": 0, "failed": 0}
    for item in queue.due_deliveries(at.isoformat(timespec="seconds"), MAX_ATTEMPTS):
        if not item["webhook"]:
            queue.mark_sent(item["id"])
            counts["sent"] += 1
            continue
        body = json.dumps(payload(item), ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "X-Obzor-Delivery": str(item["id"])}
        if item["secret"]:
            headers[SIGNATURE_HEADER] = sign(body, item["secret"])
        try:
            check_url(item["webhook"], allow_private)
            response = client.post(item["webhook"], content=body, headers=headers)
            error = None if response.is_success else f"HTTP {response.status_code}"
        except (httpx.HTTPError, FetchError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error is None:
            queue.mark_sent(item["id"])
            counts["sent"] += 1
        else:
            wait = timedelta(seconds=BACKOFF_S * 2 ** item["attempts"])
            queue.mark_failed(item["id"], error, (at + wait).isoformat(timespec="seconds"))
            counts["failed"] += 1
    return counts


def atom(name: str, items: list[dict[str, Any]], base: str = "urn:obzor") -> str:
    """An Atom 1.0 feed of an alert's matches (newest first); all text escaped by ElementTree."""
    ns = "http://www.w3.org/2005/Atom"
    feed = ET.Element("feed", xmlns=ns)
    ET.SubElement(feed, "title").text = f"obzor alert: {name}"
    ET.SubElement(feed, "id").text = f"{base}:alert:{name}"
    updated = items[0]["matched_at"] if items else datetime.now(UTC).isoformat(timespec="seconds")
    ET.SubElement(feed, "updated").text = _rfc3339(updated)
    for item in items:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = item["title"] or f"article {item['article_id']}"
        ET.SubElement(entry, "id").text = f"{base}:alert:{name}:story:{item['story_id']}"
        ET.SubElement(entry, "updated").text = _rfc3339(item["matched_at"])
        if item["url"]:
            ET.SubElement(entry, "link", href=item["url"])
        summary = " · ".join(str(x) for x in (item["outlet"], item["published"]) if x)
        ET.SubElement(entry, "summary").text = summary or f"article {item['article_id']}"
        author = ET.SubElement(entry, "author")
        ET.SubElement(author, "name").text = item["outlet"] or "obzor"
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")


def _rfc3339(value: str) -> str:
    """ISO text as Atom's date-time (with a zone)."""
    parsed = datetime.fromisoformat(value)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).isoformat()
