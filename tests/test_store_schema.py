"""store/schema.py defines the tables the Alembic revisions build; the baseline is m001-m010."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, inspect

from obzor.store import migrations, open_store, schema
from obzor.store.schema import metadata

# The full-text index is no table of the metadata: FTS5 makes it and its shadow tables.
FTS = "articles_fts"


def describe(url: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every table's columns, keys, foreign keys, unique constraints and indexes, as data."""
    engine = create_engine(url)
    try:
        found = inspect(engine)
        out: dict[str, Any] = {}
        for table in found.get_table_names():
            if table.startswith(FTS) or table in skip:
                continue
            key = found.get_pk_constraint(table)["constrained_columns"]
            out[table] = {
                # A key column's NULL is moot (SQLite reports INTEGER PRIMARY KEY as nullable).
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"] or c["name"] in key, c["default"])
                    for c in found.get_columns(table)
                ],
                "primary_key": key,
                "foreign_keys": foreign_keys(engine, table),
                "unique": sorted(
                    tuple(u["column_names"]) for u in found.get_unique_constraints(table)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in found.get_indexes(table)
                ),
            }
        return out
    finally:
        engine.dispose()


def foreign_keys(engine: Engine, table: str) -> list[tuple[Any, ...]]:
    """(column, table, column, ON DELETE) of each foreign key (inspect() omits ON DELETE of
    a key written inline in SQLite, so ask SQLite itself)."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(f"PRAGMA foreign_key_list('{table}')").fetchall()
    return sorted((r[3], r[2], r[4], r[6]) for r in rows)


def legacy_base(path: Path) -> Path:
    """A base built by the frozen numbered migrations, as the release before Alembic made it."""
    db = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(db)
    db.close()
    return path


def base_at(path: Path, revision: str) -> Path:
    """A new base brought to one Alembic revision (not necessarily the newest)."""
    from alembic import command
    from alembic.config import Config

    from obzor.store.upgrade import LOCATION

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(LOCATION))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()
    return path


def test_create_all_equals_what_the_revisions_build(tmp_path: Path) -> None:
    open_store(str(tmp_path / "head.db")).close()
    built = describe(f"sqlite:///{tmp_path / 'head.db'}", skip=("alembic_version",))
    engine = create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    metadata.create_all(engine)
    engine.dispose()
    new = describe(f"sqlite:///{tmp_path / 'new.db'}")
    assert sorted(new) == sorted(built)
    assert {t: new[t] for t in built if new[t] != built[t]} == {}


def test_the_alembic_baseline_equals_the_numbered_migrations_schema(tmp_path: Path) -> None:
    legacy = legacy_base(tmp_path / "old.db")
    baseline = base_at(tmp_path / "new.db", "0010")
    old = describe(f"sqlite:///{legacy}", skip=("schema_version",))
    new = describe(f"sqlite:///{baseline}", skip=("alembic_version",))
    assert sorted(new) == sorted(old)
    assert {t: new[t] for t in old if new[t] != old[t]} == {}
    assert fts_sql(baseline) == fts_sql(legacy)


def fts_sql(path: Path) -> str:
    """The full-text index's CREATE statement without its white space."""
    db = sqlite3.connect(path)
    try:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (FTS,)).fetchone()
    finally:
        db.close()
    return "".join(str(sql).split())


SQL_WORDS = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DESC|ORDER BY|RETURNING|json_each|rowid)\b"
    r"|^\?$|%s",
    re.IGNORECASE,
)
PATTERN_CALLS = {"compile", "sub", "subn", "match", "search", "fullmatch", "findall", "replace"}


def test_no_sql_is_rewritten_at_run_time() -> None:
    """No regular expression or str.replace under store/ has SQL in its pattern: statements
    are Core expressions compiled per dialect, never SQLite text rewritten for PostgreSQL."""
    store = Path(schema.__file__).parent
    assert not (store / "pg_compat.py").exists()
    found = []
    for path in sorted(store.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in PATTERN_CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and SQL_WORDS.search(node.args[0].value)
            ):
                found.append(f"{path.name}:{node.lineno}: {node.args[0].value!r}")
    assert found == []
