"""What a reader notices: the per-country list holds states only; roles read as text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.kb.loader import load_kb
from obzor.store import open_store
from obzor.web.facts import fact_text


@pytest.fixture(scope="module")
def web(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("polish") / "p.db"
    shutil.copy(corpus_db, path)
    with open_store(str(path)) as store:
        token = store.add_user("r", "viewer")
    with TestClient(create_app(f"sqlite:///{path}")) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def test_per_country_lists_states_only(web: Any, corpus_db: Path) -> None:
    page = web.get("/").text
    aside = page.split("<aside>", 1)[1].split("</aside>", 1)[0]
    names = re.findall(r'<a href="/search\?country=[^"]*">([^<]+)</a>', aside)
    kb = load_kb()
    states = {e.name for e in kb.entries if e.facts.get("kind") == "state"}
    assert names and set(names) <= states
    with open_store(str(corpus_db)) as store:
        places = {e["name"] for e in store.entities("LOC", limit=100)}
    assert places - states  # the corpus names other places (cities, regions) ...
    assert not (places - states) & set(names)  # ... and none of them is listed
    assert "Казахстан" in names


def test_entity_roles_read_as_text(web: Any) -> None:
    page = web.get("/entities/Q232").text  # any entity page renders facts
    assert "{'" not in page
    tokayev = web.get("/entities/Токаев")
    assert tokayev.status_code == 200
    assert "{'" not in tokayev.text and "'to':" not in tokayev.text
    assert "president · Казахстан (Q232) · 2019-03-20 – …" in tokayev.text


def test_fact_text() -> None:
    roles = [
        {"title": "foreign_minister", "of": "Казахстан (Q232)", "from": "1994-10-13",
         "to": "1999-10-01"},
        {"title": "president", "of": "Казахстан (Q232)", "from": "2019-03-20", "to": None},
    ]  # fmt: skip
    assert fact_text(roles) == (
        "foreign minister · Казахстан (Q232) · 1994-10-13 – 1999-10-01; "
        "president · Казахстан (Q232) · 2019-03-20 – …"
    )
    assert fact_text("ОДКБ (org:csto)") == "ОДКБ (org:csto)"
