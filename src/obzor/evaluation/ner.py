"""Token-level NER scorer: every word token labelled PER / ORG / LOC / O, gold against predicted.

A word token (obzor.nlp.morph.WORD; punctuation is not scored) takes the type of the span that
overlaps it. Per type, a true positive is a token both sides give that type; a false positive
one the tagger gives it and gold does not (including tokens outside every gold object), a false
negative the reverse. The same function scores every tagger.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from obzor.evaluation.counts import Counts
from obzor.nlp.morph import WORD
from obzor.nlp.ner.corpora import GoldDoc, Span

TYPES = ("PER", "LOC", "ORG")

Predict = Callable[[str], Sequence[Span]]


@dataclass(slots=True)
class Score:
    """Counts per type over a set of documents, and the seconds the tagger took."""

    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    docs: int = 0
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0


def token_labels(text: str, spans: Iterable[Span]) -> list[str]:
    """The type of each word token of text (O outside every span)."""
    ordered = sorted(spans)
    labels = []
    index = 0
    for match in WORD.finditer(text):
        start, end = match.span()
        while index < len(ordered) and ordered[index][1] <= start:
            index += 1
        overlapping = [s for s in ordered[index : index + 3] if s[0] < end and s[1] > start]
        labels.append(overlapping[0][2] if overlapping else "O")
    return labels


def add_counts(score: Score, gold: Sequence[str], predicted: Sequence[str]) -> None:
    """Add one document's token comparisons to score."""
    for want, got in zip(gold, predicted, strict=True):
        if want == got:
            if want != "O":
                score.counts[want].tp += 1
            continue
        if got in score.counts:
            score.counts[got].fp += 1
        if want in score.counts:
            score.counts[want].fn += 1


def evaluate(docs: Iterable[GoldDoc], predict: Predict, score: Score | None = None) -> Score:
    """Score predict over docs (adding to score when given)."""
    score = score or Score()
    for doc in docs:
        started = time.perf_counter()
        spans = predict(doc.text)
        score.seconds += time.perf_counter() - started
        add_counts(score, token_labels(doc.text, doc.spans), token_labels(doc.text, spans))
        score.docs += 1
    return score


def cross_validate(
    docs: Sequence[GoldDoc], predicts: Sequence[Predict], fold_of: Callable[[int], int]
) -> Score:
    """Score each document (by its index) only with the predictor of its own fold."""
    score = Score()
    for fold, predict in enumerate(predicts):
        evaluate([d for i, d in enumerate(docs) if fold_of(i) == fold], predict, score)
    return score


def spans_of(tagger: Callable[[str], object]) -> Predict:
    """A predictor from a natasha-style tagger (its markup has .spans with start/stop/type)."""

    def predict(text: str) -> list[Span]:
        markup = tagger(text)
        return [(s.start, s.stop, s.type) for s in getattr(markup, "spans", [])]

    return predict
