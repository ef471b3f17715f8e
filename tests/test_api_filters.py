"""/api/events and /api/quotes take the CLI's filters and answer as the CLI; unknown ones 422."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.store import open_store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app


@pytest.fixture(scope="module")
def api(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("filters") / "f.db"
    shutil.copy(corpus_db, path)
    with open_store(str(path)) as store:
        token = store.add_user("v", "viewer")
    with TestClient(create_app(f"sqlite:///{path}")) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        client.db = str(path)  # type: ignore[attr-defined]
        yield client


def _cli(db: str, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, [*args, "--db", db, "--json", "--limit", "100"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def test_quotes_by_speaker_and_date_match_the_cli(api: Any) -> None:
    every = api.get("/api/quotes", params={"limit": 100}).json()["items"]
    by = api.get("/api/quotes", params={"speaker": "Токаев", "limit": 100}).json()["items"]
    assert 0 < len(by) < len(every)
    assert by == _cli(api.db, "quotes", "--speaker", "Токаев")
    late = api.get("/api/quotes", params={"since": "2024-10", "limit": 100}).json()["items"]
    assert 0 < len(late) < len(every)
    assert all(q["published"][:7] >= "2024-10" for q in late)
    assert late == _cli(api.db, "quotes", "--since", "2024-10")


def test_events_by_type_and_date_match_the_cli(api: Any) -> None:
    every = api.get("/api/events", params={"limit": 100}).json()["items"]
    kind = every[0]["type"]
    typed = api.get("/api/events", params={"type": kind, "limit": 100}).json()["items"]
    assert typed and all(e["type"] == kind for e in typed)
    assert typed == _cli(api.db, "events", "--type", kind)
    since = api.get("/api/events", params={"since": "2024-10-01", "limit": 100}).json()["items"]
    assert since == _cli(api.db, "events", "--since", "2024-10-01")
    assert len(since) < len(every)


@pytest.mark.parametrize(
    "path",
    [
        "/api/quotes?author=Токаев",
        "/api/events?date_from=2024-01-01",
        "/api/events?type=nonsense",
        "/api/quotes?since=вчера",
    ],
)
def test_unknown_or_bad_filters_are_422(api: Any, path: str) -> None:
    r = api.get(path)
    assert r.status_code == 422
    assert "error" in r.json()
