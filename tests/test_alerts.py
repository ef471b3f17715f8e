"""Alerts: a new article matching a saved search or watchlist is delivered once per story, by
a signed webhook to a loopback receiver and in an Atom feed, and never twice after a restart."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import pytest
from click.testing import CliRunner

import obzor
from obzor.alerts import SIGNATURE_HEADER, deliver
from obzor.cli import main
from obzor.store import StoreError, open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
SECRET = "s3cret"


@contextmanager
def receiver(statuses: list[int] | None = None) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A loopback HTTP server recording each POST; answers statuses in turn, then 200."""
    seen: list[dict[str, Any]] = []
    todo = list(statuses or [])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append({"body": body, "headers": dict(self.headers)})
            self.send_response(todo.pop(0) if todo else 200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", seen
    finally:
        server.shutdown()
        server.server_close()


def _cli(*args: str) -> Any:
    # the receiver is on loopback, which the SSRF guard refuses by default
    return CliRunner(env={"OBZOR_ALLOW_PRIVATE_ADDRESSES": "1"}).invoke(main, ["alerts", *args])


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, list[Any]]]:
    """A base with an alert on ОДКБ (webhook to a receiver), then examples/corpus ingested."""
    db = str(tmp_path_factory.mktemp("alerts") / "a.db")
    with receiver() as (url, seen):
        added = _cli("add", "csto", "ОДКБ", "--webhook", url, "--secret", SECRET, "--db", db)
        assert added.exit_code == 0, added.output
        assert _cli("add", "floods", "--threat", "emergency", "--db", db).exit_code == 0
        report = obzor.ingest_files([CORPUS], f"sqlite:///{db}")
        assert report.ingested > 30
        yield db, url, seen


def test_every_matching_story_is_sent_once_signed(hooked: tuple[str, str, list[Any]]) -> None:
    db, _, seen = hooked
    with open_store(db) as store:
        matching = [r["id"] for r in store.export_articles("ОДКБ")]
        stories = {r["story_id"] for r in store.export_articles("ОДКБ")}
    assert len(stories) < len(matching)  # the corpus has several copies of some stories
    run = _cli("run", "--db", db)
    assert run.exit_code == 0, run.output
    posts = [json.loads(p["body"]) for p in seen]
    assert len(posts) == len(stories)  # one per story, not per copy
    assert {p["story_id"] for p in posts} == stories
    assert all(p["alert"] == "csto" and p["article"]["id"] in matching for p in posts)
    for post in seen:
        expected = hmac.new(SECRET.encode(), post["body"], hashlib.sha256).hexdigest()
        assert post["headers"][SIGNATURE_HEADER] == f"sha256={expected}"
    # Run again, and again from a new process's store: nothing is sent twice.
    assert "sent: 0" in _cli("run", "--db", db).output
    with open_store(db) as store, httpx.Client() as client:
        assert deliver(store, client, allow_private=True) == {"sent": 0, "failed": 0}
    assert len(seen) == len(stories)


def test_a_second_copy_of_a_story_queues_nothing(hooked: tuple[str, str, list[Any]]) -> None:
    db, _, _ = hooked
    with open_store(db) as store:
        before = store.alerts()
        first = next(iter(store.export_articles("ОДКБ")))
        text = store.get(first["id"])
        assert text is not None
        # the same report again with one more sentence: a new article of the same story
        copy = obzor.Article(source="copy", title=text["title"],
                             text=text["text"] + "\n\nОб этом сообщили в ОДКБ.",
                             published=text["published"], language="ru")  # fmt: skip
        from obzor.analysis import shared_pipeline
        from obzor.flow import Prepared, save

        stored = save(Prepared(shared_pipeline()(copy)), store)
        row = store.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (stored.id,)
        ).fetchone()
        assert row[0] == first["story_id"]
        assert store.alerts() == before


def test_the_api_route_queues_too(hooked: tuple[str, str, list[Any]]) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from obzor.api import create_app

    db, _, _ = hooked
    with open_store(db) as store:
        token = store.add_user("root", "admin")
        matched = {a["name"]: a["matched"] for a in store.alerts()}
    with TestClient(create_app(f"sqlite:///{db}")) as client:
        r = client.post(
            "/api/ingest",
            json={"title": "Новые учения", "text": "Совет министров обороны ОДКБ провёл в Бишкеке "
                  "совещание о новых совместных учениях летом 2031 года."},
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert r.status_code in (200, 201), r.text
    with open_store(db) as store:
        after = {a["name"]: a["matched"] for a in store.alerts()}
    assert after["csto"] == matched["csto"] + 1


def test_atom_feed_has_an_entry_per_story(hooked: tuple[str, str, list[Any]]) -> None:
    db, _, _ = hooked
    feed = _cli("feed", "csto", "--limit", "500", "--db", db)
    assert feed.exit_code == 0
    root = ET.fromstring(feed.output)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    with open_store(db) as store:
        matched = next(a["matched"] for a in store.alerts() if a["name"] == "csto")
    assert len(entries) == matched
    ids = [e.findtext("a:id", namespaces=ns) for e in entries]
    assert len(ids) == len(set(ids))


def test_failed_delivery_retries_with_backoff(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    with receiver([500, 503]) as (url, seen), open_store(db) as store:
        store.add_alert("kz", "Казахстан", webhook=url, secret=SECRET)
        article = obzor.analyze_text("Казахстан\n\nВ Казахстане прошли учения пограничников.")
        from obzor.flow import Prepared, save

        save(Prepared(article), store)
        at = datetime.now(UTC)
        with httpx.Client() as client:

            def run(seconds: int, allow: bool = True) -> dict[str, int]:
                return deliver(store, client, at + timedelta(seconds=seconds), allow)

            assert run(0, allow=False) == {"sent": 0, "failed": 1}  # loopback: SSRF guard
            assert store.alerts()[0]["sent"] == 0 and not seen
            assert run(31) == {"sent": 0, "failed": 1}  # 500
            assert run(31) == {"sent": 0, "failed": 0}  # not due yet
            assert run(92) == {"sent": 0, "failed": 1}  # 503, after 60 s more
            assert run(150) == {"sent": 0, "failed": 0}
            assert run(213) == {"sent": 1, "failed": 0}  # 120 s after the last try
        assert len(seen) == 3
        assert len({p["headers"]["X-Obzor-Delivery"] for p in seen}) == 1


def test_bad_alerts_are_refused_with_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "b.db")
    assert _cli("add", "x", "--db", db).exit_code == 2  # neither a query nor a filter
    bad = _cli("add", "x", '"unclosed', "--db", db)
    assert bad.exit_code == 2 and "unbalanced quote" in bad.output
    assert _cli("add", "x", "ОДКБ", "--webhook", "ftp://x", "--db", db).exit_code == 2
    assert _cli("add", "x", "ОДКБ", "--db", db).exit_code == 0
    assert _cli("add", "x", "ОДКБ", "--db", db).exit_code == 2  # exists
    assert _cli("list", "--db", db).output == "x\tОДКБ\tmatched 0\tsent 0\tfeed only\timmediate\n"
    assert _cli("remove", "x", "--db", db).exit_code == 0
    assert _cli("remove", "x", "--db", db).exit_code == 1


def test_alerts_over_the_api(hooked: tuple[str, str, list[Any]]) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from obzor.api import create_app

    db, _, _ = hooked
    with open_store(db) as store:
        analyst = {"Authorization": f"Bearer {store.add_user('ann', 'analyst')}"}
        viewer = {"Authorization": f"Bearer {store.add_user('vic', 'viewer')}"}
    with TestClient(create_app(f"sqlite:///{db}")) as client:
        new = {"name": "sco", "q": "ШОС", "since": "2024-01-01"}
        assert client.post("/api/alerts", json=new, headers=viewer).status_code == 403
        assert client.post("/api/alerts", json=new, headers=analyst).status_code == 201
        bad = client.post("/api/alerts", json={"name": "b", "q": "(x"}, headers=analyst)
        assert bad.status_code == 400
        names = {a["name"] for a in client.get("/api/alerts", headers=analyst).json()["items"]}
        assert {"csto", "floods", "sco"} <= names
        feed = client.get("/api/alerts/csto/feed", headers=viewer)
        assert feed.headers["content-type"].startswith("application/atom+xml")
        assert ET.fromstring(feed.text).tag == "{http://www.w3.org/2005/Atom}feed"
        assert client.delete("/api/alerts/sco", headers=analyst).status_code == 200
        assert client.get("/api/alerts/sco/feed", headers=viewer).status_code == 404


@contextmanager
def smtp_server() -> Iterator[tuple[int, list[Any]]]:
    """An aiosmtpd SMTP server on 127.0.0.1 recording each message's envelope."""
    import socket

    from aiosmtpd.controller import Controller

    got: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            got.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, got
    finally:
        controller.stop()


def test_email_alert_once_per_story_over_smtp(tmp_path: Path) -> None:
    pytest.importorskip("aiosmtpd")
    from email import message_from_bytes, policy

    from obzor.alerts import SMTPMailer
    from obzor.flow import Prepared, save

    db = str(tmp_path / "m.db")
    with smtp_server() as (port, got), open_store(db) as store:
        store.add_alert("kz", "Казахстан", email="duty@example.org, chief@example.org")
        text = "Казахстан\n\nВ Казахстане прошли учения пограничников «Рубеж»."
        save(Prepared(obzor.analyze_text(text)), store)
        save(Prepared(obzor.analyze_text(text + " Об этом сообщило ведомство.")), store)
        mailer = SMTPMailer("127.0.0.1", port, "obzor@example.org", tls="none")
        with httpx.Client() as client:
            assert deliver(store, client, mailer=None)["failed"] == 1  # no SMTP server set
            later = datetime.now(UTC) + timedelta(seconds=31)
            assert deliver(store, client, later, mailer=mailer) == {"sent": 1, "failed": 0}
            assert deliver(store, client, later, mailer=mailer) == {"sent": 0, "failed": 0}
    assert len(got) == 1  # two copies of one story: one e-mail
    assert set(got[0].rcpt_tos) == {"duty@example.org", "chief@example.org"}
    mail = message_from_bytes(got[0].content, policy=policy.default)
    assert mail["Subject"].startswith("[obzor: kz] Казахстан")
    assert "alert: kz (Казахстан)" in mail.get_content()


def test_smtp_settings_are_checked() -> None:
    from obzor.alerts import SMTPMailer

    with pytest.raises(ValueError, match="starttls, ssl or none"):
        SMTPMailer("127.0.0.1", 25, "a@b", tls="tls1.3")


def test_settings_never_print_the_smtp_password() -> None:
    result = CliRunner(env={"OBZOR_SMTP_PASSWORD": "hunter2"}).invoke(main, ["settings", "--json"])
    assert result.exit_code == 0
    assert "hunter2" not in result.output and "(set)" in result.output


class Outbox:
    """A Mailer that keeps what it is given (the SMTP path has its loopback test above)."""

    def __init__(self) -> None:
        self.sent: list[tuple[list[str], str, str]] = []

    def send(self, to: list[str], subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


def test_digests_send_one_message_per_period_once(tmp_path: Path) -> None:
    from obzor.flow import Prepared, save
    from obzor.store.alerts import period_end

    db = str(tmp_path / "d.db")
    outbox = Outbox()
    texts = [
        "Казахстан\n\nВ Казахстане прошли учения пограничников на южной границе.",
        "Паводок\n\nВ Казахстане из-за паводка эвакуированы жители трёх сёл Актюбинской области.",
    ]
    with receiver() as (url, seen):
        with open_store(db) as store:
            assert _cli("add", "kz-hourly", "Казахстан", "--webhook", url, "--secret", SECRET,
                        "--digest", "hourly", "--db", db).exit_code == 0  # fmt: skip
            store.add_alert("kz-daily", "Казахстан", email="desk@example.org", digest="daily")
            store.add_alert("kz-now", "Казахстан", email="duty@example.org")
            for text in texts:
                save(Prepared(obzor.analyze_text(text)), store)
            rows = store.conn.exec_driver_sql(
                "SELECT COUNT(DISTINCT story_id) FROM alert_queue"
            ).all()
            assert rows[0][0] == 2  # two stories
            now = datetime.now(UTC)
            hour_end = datetime.fromisoformat(period_end(now.isoformat(), "hourly"))
            day_end = datetime.fromisoformat(period_end(now.isoformat(), "daily"))
            with httpx.Client() as client:

                def run(at: datetime) -> dict[str, int]:
                    return deliver(store, client, at, allow_private=True, mailer=outbox)

                assert run(now) == {"sent": 2, "failed": 0}  # the immediate alert: per story
                assert not seen and len(outbox.sent) == 2
                assert run(hour_end - timedelta(seconds=1)) == {"sent": 0, "failed": 0}
                assert run(hour_end) == {"sent": 1 + (hour_end == day_end), "failed": 0}
        # the process stops; a new one drains the queue: nothing goes twice
        with open_store(db) as store, httpx.Client() as client:
            late = day_end + timedelta(hours=1)
            assert deliver(store, client, late, allow_private=True, mailer=outbox)["sent"] == (
                hour_end != day_end
            )
            assert deliver(store, client, late, allow_private=True, mailer=outbox)["sent"] == 0
    assert len(seen) == 1  # one hourly digest with both stories, signed
    post = json.loads(seen[0]["body"])
    assert post["digest"] == "hourly" and len(post["stories"]) == 2
    assert post["period_end"] == hour_end.isoformat()
    expected = hmac.new(SECRET.encode(), seen[0]["body"], hashlib.sha256).hexdigest()
    assert seen[0]["headers"][SIGNATURE_HEADER] == f"sha256={expected}"
    assert seen[0]["headers"]["X-Obzor-Delivery"].startswith("digest-")
    daily = [m for m in outbox.sent if m[0] == ["desk@example.org"]]
    assert len(daily) == 1 and "2 new stories (daily digest)" in daily[0][1]
    assert "Казахстан\n" in daily[0][2] and "Паводок\n" in daily[0][2]  # both titles
    assert len([m for m in outbox.sent if m[0] == ["duty@example.org"]]) == 2


def test_period_end_is_the_end_of_the_utc_hour_or_day(tmp_path: Path) -> None:
    from obzor.store.alerts import period_end

    at = "2026-03-01T23:15:09+03:00"  # 20:15:09 UTC
    assert period_end(at, "immediate") == at
    assert period_end(at, "hourly") == "2026-03-01T21:00:00+00:00"
    assert period_end(at, "daily") == "2026-03-02T00:00:00+00:00"
    with (
        open_store(str(tmp_path / "p.db")) as store,
        pytest.raises(StoreError, match="digest must be one of"),
    ):
        store.add_alert("x", "ОДКБ", digest="weekly")
