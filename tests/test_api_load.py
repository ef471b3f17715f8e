"""The server holds its load: searches run a few at a time and the rest get 503 after a short
wait (no endless queue), a search past its deadline is stopped, cheap calls stay answered
(issue 18). A real uvicorn on loopback; the figures themselves are bench/load.py's."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi")

import searchpool_jobs
from obzor.api import create_app, shedding
from obzor.api.searchpool import SearchPool
from obzor.settings import Settings
from obzor.store import SQLiteStore, open_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(corpus_db: Path, tmp_path: Path) -> Iterator[Any]:
    """A starter: uvicorn on 127.0.0.1 over a copy of the corpus with the given settings."""
    import uvicorn

    path = tmp_path / "load.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        token = store.add_user("load", "viewer")
    running: list[tuple[Any, threading.Thread]] = []

    def start(**settings: Any) -> httpx.Client:
        conf = Settings.load(env={}, db=url, **settings)
        port = _free_port()
        app = create_app(url, settings=conf)
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        uv = uvicorn.Server(config)
        thread = threading.Thread(target=uv.run, daemon=True)
        thread.start()
        running.append((uv, thread))
        ends = time.monotonic() + 20
        while not uv.started and time.monotonic() < ends:
            time.sleep(0.05)
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30)

    yield start
    for uv, thread in running:
        uv.should_exit = True
        thread.join(timeout=10)


def test_searches_beyond_the_limit_get_503_and_cheap_calls_go_on(
    server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, gate = SQLiteStore.search, threading.Event()

    def held(self: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
        gate.wait(30)  # a search that holds its slot until the test lets it go
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLiteStore, "search", held)
    client = server(search_concurrency=2, search_wait_ms=100)
    with ThreadPoolExecutor(6) as pool:
        searches = [pool.submit(client.get, "/api/search?q=ОДКБ") for _ in range(5)]
        shed = []
        for done in as_completed(searches, timeout=30):  # the three that found no slot
            shed.append(done.result())
            if len(shed) == 3:
                break
        me = client.get("/api/me")  # answered while every search slot is taken
        gate.set()
        codes = sorted(f.result().status_code for f in searches)
    assert me.status_code == 200
    assert codes == [200, 200, 503, 503, 503]
    assert all(r.status_code == 503 for r in shed)
    assert shed[0].headers["Retry-After"] == "1" and shed[0].json()["error"]["code"] == "busy"
    assert client.get("/api/search?q=ОДКБ").status_code == 200  # slots are given back


def test_a_search_past_its_deadline_is_stopped_with_503(
    server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shedding, "CHECK_EVERY", 1)  # look at the deadline after every step
    client = server(search_deadline_ms=0)  # every search is past its deadline at once
    r = client.get("/api/search?q=ОДКБ")
    assert r.status_code == 503 and r.json()["error"]["code"] == "timeout"
    assert "Retry-After" in r.headers
    assert client.get("/api/me").status_code == 200  # other calls are not interrupted


@pytest.mark.parametrize(
    "query", ["q=ОДКБ&limit=3&offset=2", "q=ОДКБ&limit=2&offset=1&language=ru", "q=Казахстан"]
)
def test_every_hit_on_the_page_has_its_snippet(server: Any, query: str) -> None:
    client = server()
    items = client.get(f"/api/search?{query}").json()["items"]
    assert items and all("<mark>" in item["snippet_html"] for item in items)


def test_searches_in_worker_processes_answer_as_in_the_server(server: Any) -> None:
    inside, pooled = server(), server(search_workers=1)
    for query in ("q=ОДКБ&limit=5", "q=Казахстан&language=ru", 'q="коллективной безопасности"'):
        assert (
            pooled.get(f"/api/search?{query}").json() == inside.get(f"/api/search?{query}").json()
        )
    bad = pooled.get("/api/search?q=AND")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_query"


def test_a_search_whose_client_hung_up_is_stopped(
    server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its deadline is ten minutes away, but the client is gone: the query is interrupted and
    # the slot given back, so an abandoned search no longer runs on for the deadline.
    original, stopped, calls = SQLiteStore.search, threading.Event(), []
    endless = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    )

    def slow_first(self: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            try:
                self.db.execute(endless).fetchone()
            except sqlite3.OperationalError as e:
                if "interrupted" in str(e):
                    stopped.set()
                raise
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLiteStore, "search", slow_first)
    client = server(search_deadline_ms=600_000, search_concurrency=1, search_wait_ms=100)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/api/search?q=ОДКБ", timeout=1.0)  # the client gives up and hangs up
    assert stopped.wait(60)
    assert client.get("/api/search?q=ОДКБ").status_code == 200  # the one slot is free again


def test_a_worker_process_search_whose_client_hung_up_is_stopped(corpus_db: Path) -> None:
    # The search runs in a worker process; its deadline is ten minutes away. When the
    # middleware marks the request's client gone, the worker's query is interrupted.
    pool = SearchPool(f"sqlite:///{corpus_db}", 1, deadline_s=600)
    budget, answers = shedding.Budget(600), []

    def request() -> None:
        shedding._deadline.set(budget)  # as the middleware does for a search
        answers.append(pool.run(searchpool_jobs.endless))

    try:
        thread = threading.Thread(target=request)
        thread.start()
        budget.gone = True  # the client hung up
        thread.join(60)
        assert not thread.is_alive() and answers == ["interrupted"]
        assert pool.search("ОДКБ", {}, 5, 0)["items"]  # the worker and its flag serve on
    finally:
        pool.close()
