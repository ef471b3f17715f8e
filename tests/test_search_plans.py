"""PostgreSQL's search finds its candidates two ways (store/fts.py): every match from the GIN
index, or the planner's walk of the newest rows. The choice rests on the planner's estimate
of how common the words are; whichever is taken, the hits are the same, and the planner's
settings the GIN way turns off for its statement are the session's again after it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from obzor.store import fts, open_store
from obzor.store.copy import copy_store

QUERIES = [
    ("Казахстан", {}),
    ("учения", {}),
    ('"Совет безопасности"', {}),
    ("ОДКБ OR ШОС", {}),
    ("Казахстан NOT Россия", {}),
    ("Казахстан", {"since": "2024-01-01"}),
    ("учения", {"threat": "military_cooperation"}),
    ("Россия", {"threat": "terrorism"}),
    ("ОДКБ", {"entity": "Токаев"}),
]


@pytest.fixture(scope="module")
def pg(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory, pg_base: str) -> Iterator[str]:
    from pgcluster import fresh_database

    path = tmp_path_factory.mktemp("plans") / "a.db"
    shutil.copy(corpus_db, path)
    url = fresh_database(pg_base, "plans")
    with open_store(f"sqlite:///{path}") as src, open_store(url) as dst:
        copy_store(src, dst)
    yield url


def hits(url: str) -> list[list[tuple[int, float]]]:
    with open_store(url) as store:
        return [
            [(h.id, round(h.score, 5)) for h in store.search(q, limit=20, **f)] for q, f in QUERIES
        ]


def test_gin_first_and_the_walk_give_the_same_hits(
    pg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fts, "WALK_COST", 1e9)  # every query: GIN first
    with open_store(pg) as store:
        assert fts.gin_first(store.conn, '"казахстан"', 1000)
    gin = hits(pg)
    monkeypatch.setattr(fts, "WALK_COST", 0.0)  # every query with a match: the walk
    with open_store(pg) as store:
        assert not fts.gin_first(store.conn, '"казахстан"', 1000)
    walk = hits(pg)
    assert gin == walk
    assert sum(bool(h) for h in gin) >= 5  # the queries find something to compare


def test_the_planner_settings_are_the_sessions_again_after_a_search(
    pg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fts, "WALK_COST", 1e9)
    with open_store(pg) as store:
        store.conn.exec_driver_sql("SET enable_hashjoin = off")  # the session's own choice
        assert store.search("Казахстан", limit=5)
        shown = {
            name: store.conn.exec_driver_sql(f"SHOW {name}").scalar()
            for name in ("enable_seqscan", "enable_mergejoin", "enable_hashjoin")
        }
    assert shown == {"enable_seqscan": "on", "enable_mergejoin": "on", "enable_hashjoin": "off"}
