"""Analyze without storing: Document -> clean -> pipeline -> Article (storing: obzor.flow)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from obzor.clean import clean
from obzor.clean.language import detect_language
from obzor.ingest import read
from obzor.limits import cut_text
from obzor.model import Article, Document, Failure
from obzor.nlp.pipeline import Pipeline, default_pipeline
from obzor.settings import Settings


@lru_cache(maxsize=1)
def shared_pipeline() -> Pipeline:
    """One default pipeline per process: its models load once."""
    return default_pipeline()


def analyze_document(
    doc: Document, plain: bool = False, pipeline: Pipeline | None = None
) -> Article:
    """The analyzed Article; plain keeps the content exactly (offsets match the file), only
    cut at MAX_TEXT_CHARS like a cleaned text (obzor.limits), so no input costs more."""
    if plain:
        text = cut_text(doc.content)  # a prefix: offsets still match the file
        article = Article(source=doc.source, text=text, language=detect_language(text))
    else:
        article = clean(doc)
    return (pipeline or shared_pipeline())(article)


def analyze_path(path: Path, plain: bool, settings: Settings) -> list[Article | Failure]:
    """Every document in one file, analyzed, or the Failure that explains why not."""
    results: list[Article | Failure] = []
    for item in read(path, settings):
        results.append(item if isinstance(item, Failure) else analyze_document(item, plain=plain))
    return results
