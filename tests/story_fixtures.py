"""A session store holding the sample corpus and the seeds, grouped into stories as stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS
from obzor.ingest.job import IngestReport, ingest_paths
from obzor.nlp.entities import natasha_tagger
from obzor.nlp.pipeline import default_pipeline
from obzor.settings import Settings
from obzor.store import open_store
from obzor.store.sqlite import SQLiteStore


@pytest.fixture(scope="session")
def grouped(
    tmp_path_factory: pytest.TempPathFactory, seeds: dict[str, Path]
) -> Iterator[tuple[str, IngestReport]]:
    """(database URL, ingest report) of examples/corpus followed by the five seeds.

    natasha's tagger is passed in: grouping does not depend on which recognizer found names.
    """
    pipeline = default_pipeline(natasha_tagger())
    db = tmp_path_factory.mktemp("stories") / "stories.db"
    settings = Settings.load(env={}, db=f"sqlite:///{db}")
    with open_store(settings.db) as store:
        report = ingest_paths([CORPUS, *seeds.values()], store, pipeline, settings)
    yield settings.db, report


def article_id(store: SQLiteStore, source_part: str) -> int:
    """The id of the one stored article whose source contains source_part."""
    rows = store.db.execute(
        "SELECT id FROM articles WHERE instr(source, ?) > 0", (source_part,)
    ).fetchall()
    assert len(rows) == 1, f"{source_part}: {len(rows)} articles"
    return int(rows[0][0])


def story_of(store: SQLiteStore, article: int) -> int:
    """The story id of a stored article."""
    row = store.db.execute(
        "SELECT story_id FROM story_articles WHERE article_id = ?", (article,)
    ).fetchone()
    return int(row[0])
