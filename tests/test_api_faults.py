"""The API answers bad ids and pages with 422/404 (never 500) and a busy base with 503 and
Retry-After (issue 18)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.model import Article
from obzor.store import open_store
from obzor.store import sqlite as sqlite_module

HUGE = "99999999999999999999"
OVER = str(2**63)


@pytest.fixture()
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setattr(sqlite_module, "BUSY_TIMEOUT_S", 0.2)
    db = tmp_path / "f.db"
    with open_store(str(db)) as store:
        token = store.add_user("ana", "analyst")
        store.add(
            Article(source="a", title="Учения", text="Учения ОДКБ в Таджикистане.", language="ru")
        )
    with TestClient(create_app(f"sqlite:///{db}"), raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        client.cookies.set("obzor_token", token)  # the web pages read the login cookie
        client.db = db  # type: ignore[attr-defined]
        yield client


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/api/articles/{HUGE}", 422),
        (f"/api/articles/{OVER}", 422),
        ("/api/articles/0", 422),
        ("/api/articles/-1", 422),
        (f"/api/articles/{2**63 - 1}", 404),
        (f"/api/articles/{HUGE}/annotations", 422),
        (f"/api/stories/{HUGE}", 422),
        (f"/api/events?offset={OVER}", 422),
        (f"/api/articles?offset={OVER}", 422),
        (f"/api/search?q=учения&offset={OVER}", 422),
        (f"/api/entities?offset={OVER}", 422),
        (f"/api/sources?offset={OVER}", 422),
        (f"/api/articles?limit={HUGE}", 400),
        (f"/api/trends?top={HUGE}", 422),
        (f"/articles/{HUGE}", 422),
        (f"/stories/{HUGE}", 422),
        (f"/search?q=x&offset={OVER}", 422),
    ],
)
def test_ids_and_pages_out_of_range_are_client_errors(api: Any, path: str, status: int) -> None:
    r = api.get(path)
    assert r.status_code == status, r.text


def test_an_annotation_on_a_huge_id_is_422(api: Any) -> None:
    r = api.post(f"/api/articles/{HUGE}/annotations", json={"note": "x"})
    assert r.status_code == 422


def test_a_busy_base_answers_503_with_retry_after(api: Any) -> None:
    writer = sqlite3.connect(api.db, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # an ingest holding the write lock
    try:
        r = api.post("/api/articles/1/annotations", json={"note": "проверить"})
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "busy" and int(r.headers["Retry-After"]) > 0
    again = api.post("/api/articles/1/annotations", json={"note": "проверить"})
    assert again.status_code == 201


def test_a_postgresql_statement_past_the_deadline_answers_503(pg_base: str) -> None:
    # A table lock held elsewhere (a migration, a long transaction) makes the write wait: the
    # server's statement timeout (search_deadline_ms) ends the wait and the API says 503 with
    # Retry-After, not 500; the same call succeeds once the lock is gone.
    import psycopg

    from obzor.settings import Settings
    from pgcluster import fresh_database

    url = fresh_database(pg_base, "faults")
    with open_store(url) as store:
        token = store.add_user("ana", "analyst")
        store.add(Article(source="a", title="Учения", text="Учения ОДКБ.", language="ru"))
    app = create_app(url, settings=Settings.load(env={}, db=url, search_deadline_ms=300))
    with (
        TestClient(app, raise_server_exceptions=False) as client,
        psycopg.connect(url, autocommit=True) as other,
    ):
        client.headers["Authorization"] = f"Bearer {token}"
        other.execute("BEGIN")
        other.execute("LOCK TABLE annotations IN ACCESS EXCLUSIVE MODE")
        release = threading.Timer(20, other.execute, ("ROLLBACK",))  # a server without the
        release.start()  # timeout would wait for ever: it gets the lock here and answers 201
        try:
            r = client.post("/api/articles/1/annotations", json={"note": "проверить"})
        finally:
            release.cancel()
            other.execute("ROLLBACK")
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "timeout" and int(r.headers["Retry-After"]) > 0
        again = client.post("/api/articles/1/annotations", json={"note": "проверить"})
        assert again.status_code == 201, again.text
