"""Sources over the API: no local paths from the network, no file content in errors (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from click.testing import CliRunner
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.cli import main
from obzor.settings import Settings
from obzor.store import open_store

SECRET = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


@pytest.fixture()
def api(tmp_path: Path) -> Iterator[Any]:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with open_store(url) as store:
        tokens = {role: store.add_user(role, role) for role in ("viewer", "admin")}
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    settings = Settings.load(env={}, db=url, source_folders=str(allowed))
    with TestClient(create_app(url, settings=settings)) as client:
        client.tokens = tokens  # type: ignore[attr-defined]
        client.allowed = allowed  # type: ignore[attr-defined]
        client.url = url  # type: ignore[attr-defined]
        yield client


def _as(api: Any, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api.tokens[role]}"}


@pytest.mark.parametrize(
    "body",
    [
        {"name": "passwd", "path": "/etc/passwd", "kind": "pages"},
        {"name": "passwd", "url": "/etc/passwd", "kind": "pages"},
        {"name": "passwd", "url": "file:///etc/passwd", "kind": "pages"},
        {"name": "passwd", "path": "allowed/../../../etc/passwd", "kind": "pages"},
        {"name": "export", "path": "~/result.json", "kind": "telegram_export"},
    ],
)
def test_the_api_refuses_local_paths(api: Any, body: dict[str, str]) -> None:
    r = api.post("/api/sources", json=body, headers=_as(api, "admin"))
    assert r.status_code == 400, r.text
    assert "obzor sources add" in r.json()["error"]["message"]
    assert api.get("/api/sources", headers=_as(api, "viewer")).json()["items"] == []


def test_the_api_takes_files_inside_an_allowed_folder_only(api: Any, tmp_path: Path) -> None:
    inside = api.allowed / "pages.txt"
    inside.write_text("https://news.example/1\n")
    (api.allowed / "escape.txt").symlink_to("/etc/passwd")
    ok = {"name": "list", "path": str(inside), "kind": "pages"}
    assert api.post("/api/sources", json=ok, headers=_as(api, "admin")).status_code == 201
    link = {"name": "link", "path": str(api.allowed / "escape.txt"), "kind": "pages"}
    assert api.post("/api/sources", json=link, headers=_as(api, "admin")).status_code == 400


def test_a_source_error_never_shows_the_file_content(api: Any, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    db = api.url
    runner = CliRunner()
    added = runner.invoke(main, ["sources", "add", "s", str(secret), "--kind", "pages", "--db", db])
    assert added.exit_code == 0, added.output  # an operator on the server may
    runner.invoke(main, ["watch", "--once", "--db", db], env={})
    (listed,) = api.get("/api/sources", headers=_as(api, "viewer")).json()["items"]
    error = listed["state"]["last_error"]
    assert "page list holds only http(s) URLs" in error
    assert "root" not in error and "daemon" not in error
