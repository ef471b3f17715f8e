"""Column types of stored JSON and long text: json in PostgreSQL, zlib-packed in SQLite.

A verb writes and reads these columns as `str` on both databases. `JsonText`: JSON text, a
`json` column in PostgreSQL (checked on write; revision 0014), TEXT in SQLite. `PackedText`:
long text packed on the way in and unpacked on the way out in SQLite (a BLOB in a TEXT column);
PostgreSQL compresses long values itself (TOAST). `PackedJson`: both (the story features,
an article's analysis, an event's data).

PostgreSQL's `json`, not `jsonb`: jsonb keeps no key order, so `obzor events --json` and
the API's analysis and evidence came out with their keys reordered on PostgreSQL only (the
contract test that compares the CLI on both databases caught it); `json` keeps the text as
written and checks it on write, and a query can still cast it to jsonb.

`register` gives a raw SQLite connection the packing as SQL functions (obzor_pack,
obzor_unpack), for revisions and bench/grow.py that copy rows in SQL.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from typing import Any

from sqlalchemy import Connection, Dialect, Text
from sqlalchemy.types import TypeDecorator, TypeEngine

# zlib level 6 (its default): the story features 7.0 -> 2.1 KB and an article's lemma text
# 5.7 -> 1.7 KB on the load base; level 9 saves 1% more at a slower write, 1 as much 15% less.
LEVEL = 6


def pack(text: str) -> bytes:
    """text as zlib-compressed UTF-8."""
    return zlib.compress(text.encode("utf-8"), LEVEL)


def unpack(value: bytes | str) -> str:
    """A packed value's text (a str is a value written before packing: as it is)."""
    if isinstance(value, str):
        return value
    return zlib.decompress(value).decode("utf-8")


class PackedText(TypeDecorator[str]):
    """Text, zlib-packed in SQLite (a BLOB in a column declared TEXT), plain in PostgreSQL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return pack(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else unpack(value)


class JsonText(TypeDecorator[str]):
    """JSON text: json in PostgreSQL (a value goes in parsed and comes back written out, keys
    in their order), TEXT in SQLite."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            # Imported here: the PostgreSQL dialect package costs a SQLite read command about
            # 20-35 ms of start-up CPU (docs/scale.md, Start-up); a PostgreSQL engine has it.
            from sqlalchemy.dialects.postgresql import JSON

            return dialect.type_descriptor(JSON())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return json.loads(value)  # JSON writes it

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)


class PackedJson(JsonText):
    """JSON text, zlib-packed in SQLite, json in PostgreSQL."""

    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is not None and dialect.name == "sqlite":
            return pack(str(value))
        return super().process_bind_param(value, dialect)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, bytes):
            return unpack(value)
        return super().process_result_value(value, dialect)


def register(db: sqlite3.Connection) -> None:
    """obzor_pack(text) and obzor_unpack(value) as SQL functions of a SQLite connection."""
    db.create_function("obzor_pack", 1, lambda t: None if t is None else pack(t))
    db.create_function("obzor_unpack", 1, lambda v: None if v is None else unpack(v))


def register_on(bind: Connection) -> bool:
    """For a migration: obzor_pack and obzor_unpack on the SQLite connection under `bind`;
    False, registering nothing, on another dialect (PostgreSQL packs nothing)."""
    if bind.dialect.name != "sqlite":
        return False
    raw = bind.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    register(raw)
    return True
