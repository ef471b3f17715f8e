"""JSON Lines: one article per line; only "text" is required."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from obzor.limits import load_json
from obzor.model import Document, Failure
from obzor.settings import Settings

FIELDS = ("id", "title", "url", "published", "outlet", "language")


def read_jsonl(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """A Document per good line; a Failure naming the line for each bad one."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            if len(raw) > settings.max_record_bytes:
                limit = settings.max_record_bytes
                yield Failure(source, f"record too large: {len(raw):,} bytes > limit {limit:,}")
                continue
            yield parse_record(raw, source)


def parse_record(raw: bytes | str, source: str) -> Document | Failure:
    """One JSON object to a Document of kind "record", or a Failure saying what is wrong."""
    try:
        record = load_json(raw, source)
    except ValueError as exc:  # malformed, too deep, a number too long: said by load_json
        return Failure(source, str(exc).removeprefix(f"{source}: "))
    if not isinstance(record, dict):
        return Failure(source, f"expected a JSON object, got {type(record).__name__}")
    return record_document(record, source)


def record_document(record: Mapping[str, Any], source: str) -> Document | Failure:
    """One record (a JSON object, a CSV or Parquet row) to a Document; "text" is required."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Failure(source, 'no "text" field (the only required one)')
    fields = {key: str(record[key]) for key in FIELDS if record.get(key) not in (None, "")}
    name = f"{source}#{fields['id']}" if "id" in fields else source
    return Document(name, "record", text, fields)
