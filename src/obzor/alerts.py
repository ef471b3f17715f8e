"""Alert delivery: webhooks (JSON POST signed with HMAC-SHA256), e-mail (SMTP), both retried
with backoff, and an Atom feed per alert. Ingest only queues (store.queue_alerts, from
flow.save); `obzor alerts run` drains the queue, so a slow or dead receiver never holds up
ingest."""

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
from obzor.net.pin import pinned

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
    def mark_sent(self, *delivery_ids: int) -> None: ...
    def mark_failed(self, delivery_id: int, error: str, next_at: str) -> None: ...


def sign(body: bytes, secret: str) -> str:
    """The signature header value of a body: sha256=<hex HMAC-SHA256>."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _article(item: dict[str, Any]) -> dict[str, Any]:
    fields = {k: item[k] for k in ("title", "url", "published", "outlet")}
    return fields | {"id": item["article_id"]}


def payload(batch: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON a webhook receives: one story, or a digest's stories of one period."""
    first = batch[0]
    if first["digest"] == "immediate":
        return {"alert": first["alert"], "query": first["query"], "delivery": first["id"],
                "story_id": first["story_id"], "article": _article(first)}  # fmt: skip
    return {
        "alert": first["alert"], "query": first["query"], "delivery": delivery_id(batch),
        "digest": first["digest"], "period_end": first["next_at"],
        "stories": [{"story_id": i["story_id"], "article": _article(i)} for i in batch],
    }  # fmt: skip


def delivery_id(batch: list[dict[str, Any]]) -> str:
    """What the receiver can de-duplicate on: the queue row, or a digest's first row."""
    return str(batch[0]["id"]) if len(batch) == 1 else f"digest-{min(i['id'] for i in batch)}"


def batches(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Due deliveries as messages: each immediate row alone; a digest's rows of one alert,
    channel and period together."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for item in items:
        key = ((item["id"],) if item["digest"] == "immediate"
               else (item["alert_id"], item["channel"], item["next_at"]))  # fmt: skip
        groups.setdefault(key, []).append(item)
    return list(groups.values())


class Mailer(Protocol):
    """Sends one e-mail (SMTPMailer; tests pass one pointed at a loopback server)."""

    def send(self, to: list[str], subject: str, body: str) -> None: ...


class SMTPMailer:
    """E-mail through an SMTP server: STARTTLS, implicit TLS ("ssl") or none, optional login."""

    def __init__(self, host: str, port: int, sender: str, tls: str = "starttls",
                 user: str = "", password: str = "") -> None:  # fmt: skip
        if tls not in ("starttls", "ssl", "none"):
            raise ValueError(f"smtp_tls must be starttls, ssl or none, got {tls!r}")
        self.host, self.port, self.sender, self.tls = host, port, sender, tls
        self.user, self.password = user, password

    def send(self, to: list[str], subject: str, body: str) -> None:
        import smtplib
        import ssl
        from email.message import EmailMessage

        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, ", ".join(to), subject
        message.set_content(body)
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = (
            smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_S, context=context)
            if self.tls == "ssl"
            else smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S)
        )
        with smtp:
            if self.tls == "starttls":
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(message)


def mail_text(batch: list[dict[str, Any]]) -> tuple[str, str]:
    """Subject and plain-text body of an alert e-mail: one story, or a digest's stories."""
    first = batch[0]
    if first["digest"] == "immediate":
        title = first["title"] or f"article {first['article_id']}"
        subject = f"[obzor: {first['alert']}] {title}"
    else:
        subject = f"[obzor: {first['alert']}] {len(batch)} new stories ({first['digest']} digest)"
    lines = []
    for item in batch:
        lines += [item["title"] or "", " · ".join(str(x) for x in (item["outlet"],
                  item["published"]) if x), item["url"] or "",
                  f"story: {item['story_id']}  article: {item['article_id']}", ""]  # fmt: skip
    lines.append(f"alert: {first['alert']} ({first['query'] or ''})")
    return subject, "\n".join(lines) + "\n"


def _send(batch: list[dict[str, Any]], client: httpx.Client, allow_private: bool,
          mailer: Mailer | None) -> str | None:  # fmt: skip
    """Send one message (a delivery, or a digest's) by its channel; the error, or None."""
    item = batch[0]
    if item["channel"] == "email":
        if mailer is None:
            return "no SMTP server set (OBZOR_SMTP_HOST)"
        import smtplib

        subject, body = mail_text(batch)
        try:
            mailer.send([a.strip() for a in item["email"].split(",")], subject, body)
        except (smtplib.SMTPException, OSError) as exc:
            return f"{type(exc).__name__}: {exc}"
        return None
    body_bytes = json.dumps(payload(batch), ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Obzor-Delivery": delivery_id(batch)}
    if item["secret"]:
        headers[SIGNATURE_HEADER] = sign(body_bytes, item["secret"])
    try:
        addresses = check_url(item["webhook"], allow_private)
        with pinned(item["webhook"], addresses):  # connect to the checked address only
            response = client.post(item["webhook"], content=body_bytes, headers=headers)
    except (httpx.HTTPError, FetchError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None if response.is_success else f"HTTP {response.status_code}"


def deliver(
    queue: Queue,
    client: httpx.Client,
    at: datetime | None = None,
    allow_private: bool = False,
    mailer: Mailer | None = None,
) -> dict[str, int]:
    """Send every due delivery once (webhook POST or e-mail; a digest's rows of one period as
    one message); record each as sent or failed (with its next try). A webhook on a private,
    loopback or link-local address is refused unless allow_private (the SSRF guard of
    net/guard.py, as for fetching). Counts of messages."""
    at = at or datetime.now(UTC)
    counts = {"sent": 0, "failed": 0}
    for batch in batches(queue.due_deliveries(at.isoformat(timespec="seconds"), MAX_ATTEMPTS)):
        error = _send(batch, client, allow_private, mailer)
        if error is None:
            queue.mark_sent(*(i["id"] for i in batch))
            counts["sent"] += 1
        else:
            wait = timedelta(seconds=BACKOFF_S * 2 ** batch[0]["attempts"])
            for item in batch:
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
