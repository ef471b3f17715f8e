"""PostgreSQL's search finds its candidates two ways (store/fts.py): every match from the GIN
index, or the planner's walk of the newest rows. The choice rests on the planner's estimate
of how common the words are; whichever is taken, the hits are the same, and the planner's
settings the GIN way turns off for its statement are the session's again after it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from obzor.store import fts, open_store
from obzor.store.copy import copy_store
from obzor.store.query import parse

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
    ('"министр иностранных дел"', {}),
    ('Казахстан NOT "Совет безопасности"', {}),
    ("казахстан*", {}),
    ('"Совет безопасности"', {"since": "2024-01-01"}),
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


def test_the_loose_query_finds_every_match_of_the_query(pg: str) -> None:
    # For a query whose every match holds a phrase, the GIN way takes the matches of the loose
    # query (phrases as words in any order, NOT dropped), then tests each against the query:
    # it must hold every match.
    with open_store(pg) as store:
        for q, _ in QUERIES:
            expression = parse(q).match
            found = {}
            for loose in (False, True):
                t = fts.fts.alias("t")
                matched = t.c.fts.op("@@")(fts.tsquery(expression, loose=loose))
                found[loose] = set(store.conn.execute(select(t.c.rowid).where(matched)).scalars())
            assert found[False] <= found[True], q


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        ('"министр иностранных дел"', True),
        ('"министр иностранных дел" AND Казахстан', True),
        ('"министр иностранных дел" NOT Казахстан', True),
        ('"министр иностранных дел" OR Казахстан', False),
        ("Казахстан NOT Россия", False),
        ("учения", False),
        ("Иссык-Куль", True),
        ("казахстан*", False),
    ],
)
def test_a_query_is_phrase_bound_when_every_match_must_hold_a_phrase(
    query: str, bound: bool
) -> None:
    assert fts.phrase_bound(parse(query, exact=True).match) is bound
