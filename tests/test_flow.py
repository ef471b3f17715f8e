"""One article's life (obzor.flow): stored, duplicate or failure, the same for every entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.flow import NO_TEXT, Duplicate, Prepared, Stored, prepare, process, save
from obzor.model import Article, Document, Failure
from obzor.nlp.pipeline import Pipeline, Stage
from obzor.store import SQLiteStore

TEXT = "ОДКБ провела учения в Таджикистане\n\nДУШАНБЕ, 3 апр. Учения ОДКБ прошли у границы."


class Counting:
    """A pipeline whose one stage counts the articles it saw (and can be told to break)."""

    def __init__(self, broken: bool = False) -> None:
        self.seen: list[str] = []
        self.broken = broken
        self.pipeline = Pipeline([Stage("count", ("text",), ("lemmas",), self.run)])

    def run(self, article: Article) -> None:
        if self.broken:
            raise RuntimeError("model file missing")
        self.seen.append(article.source)
        article.lemmas = "учение"


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(str(tmp_path / "flow.db"))


def test_new_then_duplicate_without_a_second_analysis(store: SQLiteStore) -> None:
    counting = Counting()
    first = process(Document("a.txt", "text", TEXT), store, counting.pipeline)
    assert isinstance(first, Stored)
    assert first.article.title == "ОДКБ провела учения в Таджикистане"
    assert store.get(first.id) is not None
    again = process(Document("b.txt", "text", TEXT), store, counting.pipeline)
    assert isinstance(again, Duplicate) and again.id == first.id
    assert counting.seen == ["a.txt"]  # the copy was not analyzed


def test_empty_text_is_one_failure_with_one_message(store: SQLiteStore) -> None:
    counting = Counting()
    outcome = process(
        Document("e.html", "html", "<html><body></body></html>"), store, counting.pipeline
    )
    assert outcome == Failure("e.html", NO_TEXT, stage="clean")
    assert counting.seen == [] and store.stats()["articles"] == 0


def test_analysis_error_is_that_article_failure(store: SQLiteStore) -> None:
    outcome = process(Document("a.txt", "text", TEXT), store, Counting(broken=True).pipeline)
    assert isinstance(outcome, Failure) and outcome.stage == "analyze"
    assert "model file missing" in outcome.reason
    assert store.stats()["articles"] == 0


def test_unknown_kind_is_a_clean_failure(store: SQLiteStore) -> None:
    outcome = process(Document("x.bin", "pdf", "%PDF"), store, Counting().pipeline)
    assert isinstance(outcome, Failure) and outcome.stage == "clean"
    assert "unknown document kind" in outcome.reason


def test_prepare_touches_no_store_and_save_catches_a_race(store: SQLiteStore) -> None:
    counting = Counting()
    # Two workers prepare the same text with no store lookup; the single writer saves both.
    one = prepare(Document("a.txt", "text", TEXT), counting.pipeline)
    two = prepare(Document("b.txt", "text", TEXT), counting.pipeline)
    assert isinstance(one, Prepared) and isinstance(two, Prepared)
    assert store.stats()["articles"] == 0
    first, second = save(one, store), save(two, store)
    store.commit()
    assert isinstance(first, Stored) and isinstance(second, Duplicate)
    assert second.id == first.id and store.stats()["articles"] == 1


def test_an_article_already_cleaned_goes_through_as_is(store: SQLiteStore) -> None:
    article = Article(source="feed:1", text="Учения ОДКБ прошли у границы.", title="Учения")
    outcome = process(article, store, Counting().pipeline)
    assert isinstance(outcome, Stored) and outcome.article is article
