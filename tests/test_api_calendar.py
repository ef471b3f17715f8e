"""GET /api/calendar and /api/calendar.ics answer as `obzor calendar`; bad filters are 422."""

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
    path = tmp_path_factory.mktemp("calendar") / "c.db"
    shutil.copy(corpus_db, path)
    with open_store(str(path)) as store:
        token = store.add_user("v", "viewer")
    with TestClient(create_app(f"sqlite:///{path}")) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        client.db = f"sqlite:///{path}"  # type: ignore[attr-defined]
        yield client


@pytest.mark.parametrize(
    "filters",
    [{}, {"since": "2025-09", "until": "2025-12"}, {"status": "held"}, {"status": "overdue"}],
)
def test_calendar_pages_match_the_cli(api: Any, filters: dict[str, str]) -> None:
    params = {**filters, "as_of": "2025-10-01"}
    items = api.get("/api/calendar", params={**params, "limit": 100}).json()["items"]
    args = [a for k, v in params.items() for a in (f"--{k.replace('_', '-')}", v)]
    run = CliRunner().invoke(main, ["calendar", *args, "--json", "--db", api.db])
    assert run.exit_code == 0, run.output
    assert items == json.loads(run.output)
    assert all(e["status"] == filters["status"] for e in items if "status" in filters)


def test_the_sample_corpus_has_an_announced_session_reported_held(api: Any) -> None:
    items = api.get("/api/calendar", params={"since": "2025-11", "limit": 100}).json()["items"]
    session = [e for e in items if e["type"] == "meeting" and e["place"] == "Бишкек"]
    # Announced in January (in English: "will host the CSTO summit in November") and in May,
    # reported held on 27 November, in a dated sentence and in an undated one ("В сессии
    # приняли участие президент России ..."): one entry.
    assert [[r["status"] for r in e["reports"]] for e in session] == [
        ["announced", "announced", "held", "held"]
    ]
    assert [r["published"][:7] for r in session[0]["reports"]] == [
        "2025-01", "2025-05", "2025-11", "2025-11"
    ]  # fmt: skip
    assert [r["rule"] for r in session[0]["reports"]][-1] == "undated_past_ru"
    assert session[0]["status"] == "held"


def test_calendar_pages(api: Any) -> None:
    first = api.get("/api/calendar", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next"] == 2
    second = api.get("/api/calendar", params={"limit": 2, "offset": 2}).json()
    assert second["items"][0]["id"] not in {e["id"] for e in first["items"]}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"status": "planned"}, "bad_status"),
        ({"since": "2024-13"}, "bad_date"),
        ({"until": "tomorrow"}, None),
        ({"type": "exercise"}, "unknown_parameter"),
    ],
)
def test_bad_filters_are_422(api: Any, params: dict[str, str], code: str | None) -> None:
    answer = api.get("/api/calendar", params=params)
    assert answer.status_code == 422
    if code:
        assert answer.json()["error"]["code"] == code


def test_ics_export_parses_back(api: Any) -> None:
    icalendar = pytest.importorskip("icalendar")
    answer = api.get("/api/calendar.ics", params={"status": "held"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(answer.content).walk("VEVENT")
    listed = api.get("/api/calendar", params={"status": "held", "limit": 100}).json()["items"]
    assert [str(e["SUMMARY"]) for e in events] == [e["name"] for e in listed]
    assert {str(e["STATUS"]) for e in events} == {"CONFIRMED"}


def test_calendar_needs_a_token(api: Any) -> None:
    anonymous = TestClient(api.app)
    assert anonymous.get("/api/calendar").status_code == 401
