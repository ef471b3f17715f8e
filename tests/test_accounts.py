"""Accounts: removing a user and revoking tokens take effect at once, by CLI and by API."""

from __future__ import annotations

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


def _base(corpus_db: Path, tmp_path: Path) -> str:
    path = tmp_path / "team.db"
    shutil.copy(corpus_db, path)
    return str(path)


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, ["users", *args])


def test_cli_remove_keeps_notes_and_revokes_tokens(corpus_db: Path, tmp_path: Path) -> None:
    db = _base(corpus_db, tmp_path)
    with open_store(db) as store:
        token = store.add_user("anna", "analyst")
        anna = store.authenticate(token)
        assert anna is not None
        store.annotate(anna["id"], 1, "источник сомнителен")
        store.save_search(anna["id"], "odkb", "ОДКБ")
    result = _cli("remove", "anna", "--db", db)
    assert result.exit_code == 0, result.output
    assert "1 tokens revoked, 1 saved searches deleted, 1 notes kept" in result.output
    with open_store(db) as store:
        assert store.authenticate(token) is None
        assert "anna" not in {u["name"] for u in store.users()}
        assert [n["user"] for n in store.annotations(1)] == ["anna"]  # the note stays
        again = store.add_user("anna", "viewer")  # the name can come back
        assert store.authenticate(again) == {"id": anna["id"], "name": "anna", "role": "viewer"}
    missing = _cli("remove", "nobody", "--db", db)
    assert missing.exit_code == 2
    assert "no user 'nobody'" in missing.output


def test_cli_tokens_and_revoke(corpus_db: Path, tmp_path: Path) -> None:
    db = _base(corpus_db, tmp_path)
    with open_store(db) as store:
        first = store.add_user("boris", "viewer")
    second = _cli("token", "boris", "--db", db).output.split()[-1]
    listed = _cli("tokens", "boris", "--db", db).output.split("\n")
    ids = [line.split("\t")[0] for line in listed if line]
    assert len(ids) == 2
    assert _cli("revoke", ids[0], "--db", db).exit_code == 0
    assert _cli("revoke", ids[0], "--db", db).exit_code == 1  # already gone
    with open_store(db) as store:
        assert store.authenticate(first) is None
        assert store.authenticate(second) is not None


def test_api_remove_user_and_revoke_tokens(corpus_db: Path, tmp_path: Path) -> None:
    db = _base(corpus_db, tmp_path)
    with open_store(db) as store:
        admin = store.add_user("root", "admin")
        viewer = store.add_user("vera", "viewer")
        spare = store.issue_token("vera")
    boss = {"Authorization": f"Bearer {admin}"}
    with TestClient(create_app(f"sqlite:///{db}")) as client:
        vera = {"Authorization": f"Bearer {viewer}"}
        assert client.get("/api/me", headers=vera).status_code == 200
        assert client.delete("/api/users/root", headers=vera).status_code == 403
        other = {"Authorization": f"Bearer {spare}"}
        assert client.get("/api/me", headers=other).status_code == 200
        items = client.get("/api/users/vera/tokens", headers=boss).json()["items"]
        assert len(items) == 2
        assert client.delete(f"/api/tokens/{items[0]['id']}", headers=boss).status_code == 200
        assert client.get("/api/me", headers=vera).status_code == 401
        assert client.get("/api/me", headers=other).status_code == 200
        spare2 = client.post("/api/users", json={"name": "ivan", "role": "viewer"}, headers=boss)
        ivan = {"Authorization": f"Bearer {spare2.json()['token']}"}
        assert client.get("/api/me", headers=ivan).status_code == 200
        gone = client.delete("/api/users/ivan", headers=boss)
        assert gone.status_code == 200 and gone.json()["tokens"] == 1
        assert client.get("/api/me", headers=ivan).status_code == 401
        assert client.delete("/api/users/ivan", headers=boss).status_code == 404
        names = {u["name"] for u in client.get("/api/users", headers=boss).json()["items"]}
        assert names == {"root", "vera"}
