"""One article's life, written once: clean, empty check, duplicate check, analyze, store.

Every entry point that stores (ingest, watch, POST /api/ingest) calls `process()`; they differ
only in how they read inputs and report outcomes. The life is split in two so that workers can
run the costly pure part and a single writer the store part:

- `prepare(item, pipeline, known)`: clean, refuse an empty text, skip a known content hash,
  run the pipeline. Touches no store (`known` is a lookup the caller passes in, or None).
- `save(prepared, store)`: add the analyzed article unless the store already holds its hash,
  and queue the alerts it matches (docs/alerts.md). It does not commit: the caller decides
  how many articles one transaction holds.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from obzor.clean import clean
from obzor.model import Article, Document, Failure
from obzor.nlp.pipeline import Pipeline

# The one message for an input whose cleaning left no text (every entry point reports it).
NO_TEXT = "no article text found on the page"

Known = Callable[[str], "int | None"]  # content hash -> id of the stored article, or None


class ArticleSink(Protocol):
    """The part of a store that the flow writes to."""

    def has(self, content_hash: str) -> int | None: ...
    def add(self, article: Article) -> int: ...
    def group(self, article_id: int, article: Article) -> object: ...
    def write(self) -> AbstractContextManager[None]: ...
    def savepoint(self) -> AbstractContextManager[None]: ...
    def commit(self) -> None: ...
    def queue_alerts(self, article_id: int) -> int: ...


@dataclass(slots=True)
class Prepared:
    """An analyzed article ready to store."""

    article: Article


@dataclass(slots=True)
class Stored:
    """An article that was analyzed and added; `id` is its row in the store."""

    id: int
    article: Article


@dataclass(slots=True)
class Duplicate:
    """An article whose content hash the store already holds (with id `id`); not analyzed."""

    id: int
    article: Article


def clean_item(item: Document | Article) -> Article | Failure:
    """The cleaned Article (an Article passes as is), or the Failure that says why not."""
    source = item.source
    try:
        article = clean(item) if isinstance(item, Document) else item
    except Exception as exc:  # a hostile page must not end the run; say what broke
        return Failure(source, f"{type(exc).__name__}: {exc}", stage="clean")
    if not article.text.strip():
        return Failure(source, NO_TEXT, stage="clean")
    return article


def prepare(
    item: Document | Article, pipeline: Pipeline, known: Known | None = None
) -> Prepared | Duplicate | Failure:
    """Clean and analyze one item without writing anything; a known hash is not analyzed."""
    article = clean_item(item)
    if isinstance(article, Failure):
        return article
    if known is not None:
        existing = known(article.content_hash)
        if existing is not None:
            return Duplicate(existing, article)
    try:
        return Prepared(pipeline(article))
    except Exception as exc:  # one article's analysis error is that article's failure
        return Failure(article.source, f"{type(exc).__name__}: {exc}", stage="analyze")


def save(prepared: Prepared, store: ArticleSink) -> Stored | Duplicate:
    """Add a prepared article unless its hash is stored (a worker may have raced); no commit."""
    article = prepared.article
    existing = store.has(article.content_hash)
    if existing is not None:
        return Duplicate(existing, article)
    with store.write(), store.savepoint():  # the article, its story and alerts, or nothing
        article_id = store.add(article)
        store.group(article_id, article)  # its story: duplicate, reprint or same event
        # Every route stores through here, so every new article meets the alerts: matches are
        # only queued (one per alert and story), `obzor alerts run` delivers them.
        store.queue_alerts(article_id)
    return Stored(article_id, article)


def process(
    item: Document | Article, store: ArticleSink, pipeline: Pipeline
) -> Stored | Duplicate | Failure:
    """One item's whole life: prepare it against the store's hashes, then save it."""
    outcome = prepare(item, pipeline, store.has)
    return save(outcome, store) if isinstance(outcome, Prepared) else outcome
