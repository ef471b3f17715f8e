"""Team server commands: users add (token once, last word), migrate sqlite -> postgresql."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from obzor.cli import main
from obzor.store import open_store


def test_users_add_prints_the_token_once_as_last_word(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    result = CliRunner().invoke(main, ["users", "add", "anna", "--role", "analyst", "--db", db])
    assert result.exit_code == 0, result.output
    token = result.output.split()[-1]
    with open_store(db) as store:
        assert store.authenticate(token) == {"id": 1, "name": "anna", "role": "analyst"}
    listed = CliRunner().invoke(main, ["users", "list", "--db", db])
    assert "anna" in listed.output and token not in listed.output
    again = CliRunner().invoke(main, ["users", "add", "anna", "--db", db])
    assert again.exit_code == 2 and "already exists" in again.output
    bad = CliRunner().invoke(main, ["users", "add", "bob", "--role", "boss", "--db", db])
    assert bad.exit_code == 2


def test_serve_refuses_an_unusable_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", "mysql://x/y"])
    assert result.exit_code == 2 and "unsupported database URL scheme" in result.output


def test_migrate_sqlite_to_postgresql(corpus_db: Path, pg_base: str, tmp_path: Path) -> None:
    from pgcluster import fresh_database

    src = tmp_path / "src.db"
    shutil.copy(corpus_db, src)
    with open_store(f"sqlite:///{src}") as store:
        token = store.add_user("anna", "analyst")
        store.annotate(1, 3, "важно")
    dst = fresh_database(pg_base, "migrated")
    args = ["migrate", "--from", f"sqlite:///{src}", "--to", dst]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "articles: " in result.output and "users: 1" in result.output
    with open_store(f"sqlite:///{src}") as lite:
        articles = lite.stats()["articles"]
    with open_store(dst) as pg:
        assert pg.stats()["articles"] == articles
        assert pg.authenticate(token)["name"] == "anna"  # token hashes travel, tokens do not
        assert pg.annotations(3)[0]["note"] == "важно"
        assert [h.title for h in pg.search("Казахстану", 5)] != []
    twice = CliRunner().invoke(main, args)  # idempotent: nothing is stored twice
    assert twice.exit_code == 0
    with open_store(dst) as pg:
        assert pg.stats()["articles"] == articles
