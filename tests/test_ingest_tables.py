"""CSV and Parquet inputs: one article per row with the JSON Lines fields; bad files and rows
are Failures that say why, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.ingest import read
from obzor.model import Document, Failure
from obzor.settings import Settings

SETTINGS = Settings.load(db="sqlite:///:memory:")


def test_a_csv_row_is_a_document_with_the_json_lines_fields(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,title,text,published,views\n"
        '7,Учения,"В Астане прошли учения, ""Взаимодействие"".\nВторой абзац.",2024-05-02,10\n'
        "8,Пусто,,2024-05-03,1\n",
        encoding="utf-8",
    )
    first, second = read(path, SETTINGS)
    assert isinstance(first, Document)
    assert first.source == f"{path}:1#7"
    assert first.content == 'В Астане прошли учения, "Взаимодействие".\nВторой абзац.'
    assert first.fields == {"id": "7", "title": "Учения", "published": "2024-05-02"}
    assert isinstance(second, Failure) and second.source == f"{path}:2"
    assert "text" in second.reason


def test_a_csv_without_a_text_column_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "ria.csv"
    path.write_text("id,content\n1,Текст\n2,Текст\n", encoding="utf-8")
    (failure,) = read(path, SETTINGS)
    assert isinstance(failure, Failure) and 'no "text" column' in failure.reason


def test_a_parquet_row_is_a_document_and_dates_are_iso(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import datetime as dt

    import pyarrow.parquet as pq

    path = tmp_path / "news.parquet"
    table = pa.Table.from_pylist(
        [
            {"text": "В Бишкеке прошёл саммит.", "published": dt.date(2024, 5, 2), "n": 1},
            {"text": None, "published": dt.date(2024, 5, 3), "n": 2},
        ]
    )
    pq.write_table(table, path)
    first, second = read(path, SETTINGS)
    assert isinstance(first, Document) and first.content == "В Бишкеке прошёл саммит."
    assert first.fields == {"published": "2024-05-02"} and first.source == f"{path}:1"
    assert isinstance(second, Failure) and second.source == f"{path}:2"


def test_a_file_that_is_not_parquet_is_one_failure(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 not really")
    (failure,) = read(path, SETTINGS)
    assert isinstance(failure, Failure) and "not a Parquet file" in failure.reason
