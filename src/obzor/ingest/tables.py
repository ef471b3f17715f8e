"""CSV and Parquet shards: one article per row, with the JSON Lines fields ("text" required;
id, title, url, published, outlet, language used when present; other columns ignored)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from obzor.ingest.jsonl import FIELDS, record_document
from obzor.model import Document, Failure
from obzor.settings import Settings

COLUMNS = ("text", *FIELDS)
# Rows are read from a Parquet file this many at a time: a few MB of news text, so memory stays
# flat on a shard of any size.
PARQUET_BATCH = 256


def read_csv(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """A Document per good row of a CSV file with a header; a Failure naming each bad row.

    Rows are numbered from 1 after the header: "shard.csv:7" is the seventh article row.
    """
    # One field may hold a whole article: allow what a JSON Lines record may hold.
    csv.field_size_limit(max(settings.max_record_bytes, csv.field_size_limit()))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = csv.DictReader(stream)
        try:
            header = rows.fieldnames or []
        except csv.Error as exc:
            yield Failure(str(path), f"not a CSV file: {exc}")
            return
        if "text" not in header:
            yield Failure(str(path), 'no "text" column (the only required one)')
            return
        number = 0  # data rows, the header not counted (as in a Parquet file)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as exc:  # a field over the limit, a NUL byte: the rest is unreadable
                yield Failure(f"{path}:{number + 1}", f"bad CSV: {exc}")
                return
            number += 1
            yield record_document(row, f"{path}:{number}")


def read_parquet(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """A Document per good row of a Parquet file; a Failure naming each bad row."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Failure(str(path), "reading Parquet needs pyarrow: pip install 'obzor[scale]'")
        return
    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow's errors (ArrowInvalid, OSError) say what is wrong
        yield Failure(str(path), f"not a Parquet file: {exc}")
        return
    present = [name for name in COLUMNS if name in table.schema_arrow.names]
    if "text" not in present:
        yield Failure(str(path), 'no "text" column (the only required one)')
        return
    number = 0
    for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=present):
        for row in batch.to_pylist():
            number += 1
            yield record_document(_plain(row), f"{path}:{number}")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Dates and times as ISO text (what a JSON Lines record would hold)."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
