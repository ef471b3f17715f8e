"""Positions over HTTP: GET /api/entities/{name}/positions and the entity page's section."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.model import Article, Quote
from obzor.store import open_store

HOSTILE = 'ОДКБ <script>window.pwned=1</script> не выполнила <img src=x onerror="x()"> обязательств'


@pytest.fixture(scope="module")
def client(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("positions") / "web.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    text = f"Пашинян заявил, что {HOSTILE}."
    quote = Quote(HOSTILE, 20, 20 + len(HOSTILE), False, "Никол Пашинян", "per:pashinyan")
    with open_store(url) as store:
        token = store.add_user("reader", "viewer")
        store.add(
            Article(source="x", title="t", text=text, language="ru", published="2024-12-01",
                    quotes=[quote])
        )  # fmt: skip
    with TestClient(create_app(url)) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        yield c


def test_api_positions(client: Any) -> None:
    r = client.get("/api/entities/Пашинян/positions")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "per:pashinyan"
    csto = next(g for g in body["subjects"] if g["subject"]["key"] == "org:csto")
    assert csto["statements"] and all(s["published"] for s in csto["statements"])
    every = [s for g in body["subjects"] for s in g["statements"]]
    assert {s["stance"] for s in every} <= {"supports", "opposes", "concerned", "neutral"}
    assert any(s["text"] == HOSTILE and s["published"] == "2024-12-01" for s in every)
    only = client.get("/api/entities/per:pashinyan/positions", params={"subject": "csto"}).json()
    assert [g["subject"]["key"] for g in only["subjects"]] == ["org:csto"]
    missing = client.get("/api/entities/Никто Никаков/positions")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_entity_page_shows_positions_escaped(client: Any) -> None:
    token = client.headers["Authorization"].split()[1]
    client.cookies.set("obzor_token", token)
    page = client.get("/entities/Никол Пашинян")
    assert page.status_code == 200
    assert "Позиции по темам" in page.text and "ОДКБ" in page.text
    assert "<script>window.pwned" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page.text


def test_english_statements_are_on_the_timeline(client: Any) -> None:
    # examples/corpus has Tokayev's SCO speech in English: an English name finds the KB actor,
    # and the English statement is grouped under the SCO with the Russian ones
    body = client.get("/api/entities/Tokayev/positions").json()
    assert body["id"] == "per:tokayev"
    sco = next(g for g in body["subjects"] if g["subject"]["key"] == "Q485207")
    assert any("the SCO should" in s["text"] for s in sco["statements"])
