"""The obzor recognizer: a CRF over slovnet's tags, pymorphy3 grammemes and word shapes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from obzor.nlp.entities import Tagger
from obzor.nlp.ner.bounds import cut_runs, trim_ends
from obzor.nlp.ner.corpora import common_noun
from obzor.nlp.ner.features import sequence_features
from obzor.nlp.ner.spans import mend
from obzor.nlp.ner.tokens import Token, bio, spans_from_bio, tokenize

MODELS = Path(__file__).resolve().parent / "models"
MODEL = MODELS / "ner.crfsuite"
# A one-word place or organisation capitalized only by a sentence start may be a common noun
# ("Музей", "Здание", "Правительство"); not a person: pymorphy3's dictionary holds many
# surnames as common words ("Соломин", "Носик", "Лисица").
COMMON_NOUN_TYPES = ("LOC", "ORG")


@dataclass(frozen=True, slots=True)
class NerSpan:
    """One recognized entity: character offsets and PER / ORG / LOC."""

    start: int
    stop: int
    type: str


@dataclass(slots=True)
class NerMarkup:
    """What a tagger returns: the spans it found, in text order."""

    spans: list[NerSpan] = field(default_factory=list)


def slovnet_labels(tokens: list[Token], text: str, base: Tagger) -> list[str]:
    """slovnet's BIO tag for each token (the base model's opinion, a feature of ours)."""
    spans = [(s.start, s.stop, s.type) for s in base(text).spans]
    return bio(tokens, spans)


def open_crf(model: Path, trainer: str) -> pycrfsuite.Tagger:
    """A crfsuite tagger over a model file; a missing file names the module that rebuilds it."""
    if not model.is_file():
        raise FileNotFoundError(
            f"NER model {model} is missing; rebuild it with `python -m {trainer}`"
        )
    crf = pycrfsuite.Tagger()
    crf.open(str(model))
    return crf


class CrfTagger:
    """Tags text with a trained CRF stacked on a base (slovnet) tagger; callable like it."""

    def __init__(self, base: Tagger, model: Path = MODEL) -> None:
        self.base = base
        self.crf = open_crf(model, "obzor.nlp.ner.train")

    def __call__(self, text: str) -> NerMarkup:
        tokens = tokenize(text)
        if not tokens:
            return NerMarkup()
        features = sequence_features(tokens, slovnet_labels(tokens, text, self.base), text)
        labels = trim_ends(tokens, cut_runs(tokens, self.crf.tag(features), text))
        spans = spans_from_bio(tokens, labels)
        # "Правительство заявило", "Пресс-служба сообщила": a dictionary noun capitalized only
        # by its place, the same rule the NEREL gold is cleaned with (corpora.common_noun).
        kept = [s for s in spans if not common_noun(text, s, COMMON_NOUN_TYPES)]
        return NerMarkup([NerSpan(*s) for s in mend(text, kept)])


@lru_cache(maxsize=8)
def crf_tagger(model: Path = MODEL) -> CrfTagger:
    """The shipped CRF over natasha's slovnet tagger (its model run by nlp/ner/base.py: the
    same tags, less arithmetic), loaded once per model file."""
    from obzor.nlp.ner.base import slovnet_base

    return CrfTagger(slovnet_base(), model)
