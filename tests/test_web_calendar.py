"""The calendar page: month and list views of the store's calendar, escaped, in ru and en."""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.model import Article
from obzor.store import open_store

INJECTED = "Саммит <script>window.pwned=1</script> ОДКБ пройдет в Минске 20 ноября 2025 года."


@pytest.fixture(scope="module")
def web(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("webcal") / "w.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        token = store.add_user("reader", "viewer")
        store.add(pipeline(Article("evil", INJECTED, title="x", published="2025-05-01")))
        expected = store.calendar("2025-11", "2025-11", limit=500)
    with TestClient(create_app(url)) as client:
        client.cookies.set("obzor_token", token)
        client.expected = expected  # type: ignore[attr-defined]
        yield client


def test_month_view_lists_the_months_entries_in_their_days(web: Any) -> None:
    page = web.get("/calendar", params={"month": "2025-11"})
    assert page.status_code == 200
    assert web.expected and all(
        html.escape(e["name"], quote=False) in page.text for e in web.expected
    )
    assert "<b>27</b>" in page.text and "Пн" in page.text  # a grid of days, Monday first
    assert all(
        f"/articles/{r['article_id']}" in page.text for e in web.expected for r in e["reports"]
    )


def test_list_view_filters_as_the_api(web: Any) -> None:
    page = web.get("/calendar", params={"view": "list", "since": "2025-09", "status": "held"})
    api = web.get("/api/calendar", params={"since": "2025-09", "status": "held", "limit": 100})
    assert page.status_code == 200 and api.status_code == 200
    for entry in api.json()["items"]:
        assert html.escape(entry["name"], quote=False) in page.text
    assert "/api/calendar.ics?since=2025-09&amp;status=held" in page.text


def test_user_text_is_escaped_and_english_works(web: Any) -> None:
    page = web.get("/calendar", params={"month": "2025-11", "lang": "en"})
    assert "<script>window.pwned" not in page.text
    assert "&lt;script&gt;" in page.text or "pwned" not in page.text
    assert "Calendar" in page.text and "Mon" in page.text


def test_bad_filters_are_refused(web: Any) -> None:
    assert web.get("/calendar", params={"status": "planned"}).status_code == 422
    assert web.get("/calendar", params={"month": "2025-13"}).status_code == 422
    assert web.get("/calendar", params={"month": "next"}).status_code == 422
