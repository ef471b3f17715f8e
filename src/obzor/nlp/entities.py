"""Named entities (PER, ORG, LOC): obzor's CRF over natasha's slovnet, names in the nominative."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from obzor.model import Article, Mention
from obzor.nlp.normalize import normalize

# Russian through the CRF over slovnet, Kazakh through the CRF trained on KazNERD, English
# through KB names and rules (nlp/ner/english.py).
NER_LANGUAGES = frozenset({"ru", "kk", "en"})
_TRIM = " \t\n.,;:!?«»\"'“”„()[]—–-"


class Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def stop(self) -> int: ...
    @property
    def type(self) -> str: ...


class Markup(Protocol):
    @property
    def spans(self) -> Sequence[Span]: ...


class Tagger(Protocol):
    def __call__(self, text: str) -> Markup: ...


@lru_cache(maxsize=1)
def natasha_tagger() -> Tagger:
    """natasha's NewsNERTagger (its ~27 MB of weights ship inside the natasha wheel), decoding
    its CRF with obzor.nlp.ner.viterbi: the same tags, fewer numpy calls."""
    from natasha import NewsEmbedding, NewsNERTagger

    from obzor.nlp.ner import viterbi

    ner = NewsNERTagger(NewsEmbedding())
    viterbi.install(ner.infer.model.head.crf)
    tagger: Tagger = ner
    return tagger


def default_tagger() -> Tagger:
    """obzor's recognizer: the shipped CRF (obzor.nlp.ner) stacked on natasha's slovnet."""
    from obzor.nlp.ner.model import crf_tagger

    tagger: Tagger = crf_tagger()
    return tagger


def find_entities(text: str, language: str | None, tagger: Tagger) -> list[Mention]:
    """Mentions in text, offsets into text, each with its normalized name."""
    if language not in NER_LANGUAGES or not text:
        return []
    mentions = []
    for span in tagger(text).spans:
        start, end = _trim(text, span.start, span.stop)
        if end - start < 2 or not any(ch.isalpha() for ch in text[start:end]):
            continue
        surface = text[start:end]
        name = normalize(surface, span.type) if language == "ru" else surface
        mentions.append(Mention(surface, span.type, start, end, name))
    return mentions


def kazakh_tagger() -> Tagger:
    """obzor's Kazakh recognizer: a CRF trained on KazNERD (obzor.nlp.ner.kazakh)."""
    from obzor.nlp.ner.kazakh import kazakh_tagger as load

    tagger: Tagger = load()
    return tagger


def english_tagger() -> Tagger:
    """obzor's English recognizer: a CRF trained on labelled English headlines over the KB
    names and rules of obzor.nlp.ner.english (obzor.nlp.ner.english_crf)."""
    from obzor.nlp.ner.english_crf import english_crf_tagger as load

    tagger: Tagger = load()
    return tagger


def tag_entities(
    article: Article,
    tagger: Tagger | None = None,
    kazakh: Tagger | None = None,
    english: Tagger | None = None,
) -> None:
    """Pipeline stage: fill article.entities (tagger for Russian; Kazakh and English articles
    get their own recognizers)."""
    if article.language == "kk":
        chosen = kazakh or kazakh_tagger()
    elif article.language == "en":
        chosen = english or english_tagger()
    else:
        chosen = tagger or default_tagger()
    article.entities = find_entities(article.text, article.language, chosen)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end
