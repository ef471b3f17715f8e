"""Long texts kept zlib-compressed in SQLite: the story features, the index's lemma text.

SQLite stores a value as written; PostgreSQL compresses long values itself (TOAST), so there
they stay plain. `PackedText` is a column type that packs on the way in and unpacks on the way
out (SQLite: a BLOB in a TEXT column), so a verb reads and writes `str` on both databases.
`register` gives a raw SQLite connection the same two steps as SQL functions (obzor_pack,
obzor_unpack), for revisions and bench/grow.py that copy rows in SQL.
"""

from __future__ import annotations

import sqlite3
import zlib
from typing import Any

from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

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


def register(db: sqlite3.Connection) -> None:
    """obzor_pack(text) and obzor_unpack(value) as SQL functions of a SQLite connection."""
    db.create_function("obzor_pack", 1, lambda t: None if t is None else pack(t))
    db.create_function("obzor_unpack", 1, lambda v: None if v is None else unpack(v))
