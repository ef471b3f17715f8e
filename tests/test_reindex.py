"""`obzor reindex`: a base whose index lemmas and speaker keys were made by older keys is
brought up to date, on SQLite and PostgreSQL; a second run changes nothing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from obzor.cli import main
from obzor.reindex import reindex
from obzor.store import open_store
from obzor.store.copy import copy_store
from obzor.store.schema import entities, quotes
from obzor.text import name_key

WORDS = ("Казахстан", "учения", "Токаев")


@pytest.fixture(params=["sqlite", "postgresql"])
def base(request: pytest.FixtureRequest, corpus_db: Path, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "a.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    if request.param == "postgresql":
        from pgcluster import fresh_database

        pg = fresh_database(request.getfixturevalue("pg_base"), "reindex")
        with open_store(url) as src, open_store(pg) as dst:
            copy_store(src, dst)
        url = pg
    yield url


def hits(store: Any) -> dict[str, list[int]]:
    return {w: [h.id for h in store.search(w, limit=50)] for w in WORDS}


def stale(store: Any) -> tuple[list[int], int]:
    """Spoil the base as an older key would have left it: some articles indexed under other
    words, every speaker keyed by a fold that kept case and hyphens, no entity name keys."""
    ids = [s.id for s in store.index_sources(0, 1000)][::3]
    with store.write():
        for i in ids:
            assert store.reindex(i, "старый", "старый ключ")
        store.conn.execute(
            update(quotes).where(quotes.c.speaker.is_not(None)).values(speaker_key=quotes.c.speaker)
        )
        store.conn.execute(update(entities).values(name_key=None))
    speakers = store.conn.execute(select(quotes.c.speaker).where(quotes.c.speaker.is_not(None)))
    return ids, sum(name_key(s) != s for (s,) in speakers)  # the quotes now keyed wrong


def test_reindex_restores_the_index_and_the_speaker_keys(base: str) -> None:
    with open_store(base) as store:
        before = hits(store)
        speakers = store.quotes(limit=5)
        ids, spoiled = stale(store)
        assert all(len(before[w]) > 0 for w in WORDS)
        assert hits(store) != before and spoiled > 0
        seen: list[tuple[int, int | None]] = []
        done = reindex(store, lambda n, total: seen.append((n, total)), batch=7)
        assert (done.index_changed, done.speakers_changed) == (len(ids), spoiled)
        assert done.entities_changed == store.stats()["entities"] > 0
        assert done.articles == store.article_count() == seen[-1][0] == seen[-1][1]
        assert hits(store) == before
        assert store.search("старый", limit=5) == []
        keys = store.conn.execute(select(quotes.c.speaker, quotes.c.speaker_key)).all()
        assert all(k == name_key(s) for s, k in keys if s is not None)
        speaker = next(q["speaker"] for q in speakers if q["speaker"])
        assert store.quotes(speaker=speaker.upper(), limit=5)  # --speaker folds again
        again = reindex(store)
        assert (again.index_changed, again.speakers_changed, again.entities_changed) == (0, 0, 0)
        assert [h.id for h in store.search("Казахстан", limit=50, entity="Токаев")]


def said(output: str) -> str:
    return " ".join(output.split())  # rich wraps long lines at the terminal's width


def test_the_command_reports_what_it_changed(corpus_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    shutil.copy(corpus_db, path)
    with open_store(f"sqlite:///{path}") as store:
        ids, _ = stale(store)
        total = store.article_count()
    run = CliRunner().invoke(main, ["reindex", "--db", f"sqlite:///{path}"])
    assert run.exit_code == 0, run.output
    assert f"reindexed: {total} articles, index lemmas changed in {len(ids)}," in said(run.output)
    run = CliRunner().invoke(main, ["reindex", "--db", f"sqlite:///{path}"])
    again = "index lemmas changed in 0, speaker keys changed in 0 quotes, name keys changed in 0"
    assert again in said(run.output)


def test_reindex_rekeys_the_calendar_reports(base: str) -> None:
    """Report keys made by an older name key (here: one that kept case) are made again from
    the article, and their entries folded again: the calendar reads as before."""
    from obzor.store.schema import calendar_entries, calendar_reports

    with open_store(base) as store:
        before = store.calendar(limit=1000, as_of="2026-01-01")
        rows = store.conn.execute(select(calendar_reports.c.id, calendar_reports.c["keys"])).all()
        old = {i: json.dumps([k.upper() for k in json.loads(keys)]) for i, keys in rows}
        spoiled = sum(old[i] != keys for i, keys in rows)
        assert spoiled > 0
        with store.write():
            for i, keys in old.items():
                store.conn.execute(
                    update(calendar_reports).where(calendar_reports.c.id == i).values(keys=keys)
                )
            held = store.conn.execute(select(calendar_entries.c.id, calendar_entries.c["keys"]))
            for i, keys in held.all():  # as folded from the old keys
                upper = json.dumps(sorted({k.upper() for k in json.loads(keys)}))
                store.conn.execute(
                    update(calendar_entries).where(calendar_entries.c.id == i).values(keys=upper)
                )
        assert store.calendar(limit=1000, as_of="2026-01-01") != before
        done = reindex(store)
        assert done.calendar_changed == spoiled
        assert store.calendar(limit=1000, as_of="2026-01-01") == before
        assert reindex(store).calendar_changed == 0
