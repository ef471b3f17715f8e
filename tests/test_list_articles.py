"""The article list (the dashboard's latest, the browse pages): newest first, undated last,
pages that follow each other, and the total, with and without filters, on SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from obzor.model import Article
from obzor.store import open_store

DATES = ["2024-03-01", None, "2024-05-02", "2024-05-02", None, "2023-12-31", "2024-01-15", None]


@pytest.fixture(params=["sqlite", "postgresql"])
def base(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    if request.param == "postgresql":
        from pgcluster import fresh_database

        url = fresh_database(request.getfixturevalue("pg_base"), "listing")
    with open_store(url) as store:
        for i, day in enumerate(DATES):
            language = "en" if i % 2 else "ru"
            store.add(Article(f"t:{i}", f"Текст номер {i}.", title=f"T{i}", published=day,
                              language=language))  # fmt: skip
    yield url


def expected(rows: list[tuple[int, str | None]]) -> list[int]:
    dated = sorted((r for r in rows if r[1]), key=lambda r: (r[1], r[0]), reverse=True)
    return [i for i, _ in dated] + sorted((i for i, d in rows if not d), reverse=True)


def test_pages_follow_each_other_newest_first_undated_last(base: str) -> None:
    with open_store(base) as store:
        everything, total = store.list_articles(100, 0)
        assert total == len(DATES)
        order = [r["id"] for r in everything]
        assert order == expected([(r["id"], r["published"]) for r in everything])
        for size in (1, 2, 3, 5):
            pages = [store.list_articles(size, start) for start in range(0, total + 2, size)]
            assert [r["id"] for page, _ in pages for r in page] == order
            assert {n for _, n in pages} == {total}
        english, n = store.list_articles(2, 1, language="en")
        every_en = [r["id"] for r in everything if r["language"] == "en"]
        assert n == len(every_en) and [r["id"] for r in english] == every_en[1:3]
