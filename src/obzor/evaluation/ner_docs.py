"""Document-level NER scorer on BSNLP: the set of (mention form, type) a document yields.

BSNLP's gold (`annotated/ru/*.out`) lists each distinct mention form of a document once,
with its type, and no offsets. A tagger's spans become the same kind of set: the surface
forms it tagged, each once per type. Per type, a true positive is a form in both sets, a
false positive a form only the tagger gives that type, a false negative the reverse. Forms
are compared casefolded, with ё as е, spaces collapsed and quotes and stops at the ends
dropped. Forms that gold types PRO or EVT (products, events: not scored) are left out of both
sides, so a tagger is neither rewarded nor punished on "Brexit" or "Boeing 737".
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from obzor.evaluation.counts import binary_kappa
from obzor.evaluation.ner import TYPES, Predict, Score
from obzor.nlp.ner.corpora import read_bsnlp
from obzor.text import fold

Mention = tuple[str, str]  # (normalized form, type)
_ENDS = " \t\n.,;:!?«»\"'“”„()[]—–-"


@dataclass(frozen=True, slots=True)
class MentionDoc:
    """One BSNLP document: its text, gold (form, type) set, and forms of unscored types."""

    name: str
    text: str
    gold: frozenset[Mention]
    ignored: frozenset[str]


def norm(form: str) -> str:
    """A mention form as compared: casefolded, ё as е, spaces collapsed, ends trimmed."""
    return " ".join(fold(form.strip(_ENDS)).split())


def load_mentions(root: Path, topics: Sequence[str]) -> list[MentionDoc]:
    """The annotated BSNLP Russian documents of the topics, in name order."""
    docs = []
    for doc in read_bsnlp(root, tuple(topics)):
        gold: set[Mention] = set()
        ignored: set[str] = set()
        for form, kind in doc.mentions:
            if not norm(form):
                continue
            if kind in TYPES:
                gold.add((norm(form), kind))
            else:
                ignored.add(norm(form))
        ignored -= {form for form, _ in gold}
        docs.append(MentionDoc(doc.name, doc.text, frozenset(gold), frozenset(ignored)))
    return docs


def mention_set(text: str, spans: Iterable[tuple[int, int, str]]) -> set[Mention]:
    """The (form, type) set of a tagger's spans over text (PER / LOC / ORG only)."""
    found = set()
    for start, end, kind in spans:
        form = norm(text[start:end])
        if kind in TYPES and form:
            found.add((form, kind))
    return found


def add_mentions(score: Score, gold: frozenset[Mention], found: set[Mention]) -> None:
    """Add one document's set comparison to score."""
    for form, kind in found:
        if (form, kind) in gold:
            score.counts[kind].tp += 1
        else:
            score.counts[kind].fp += 1
    for _, kind in gold - found:
        score.counts[kind].fn += 1


def evaluate_mentions(docs: Iterable[MentionDoc], predict: Predict) -> Score:
    """Score predict over the documents by their mention sets."""
    score = Score()
    for doc in docs:
        started = time.perf_counter()
        spans = predict(doc.text)
        score.seconds += time.perf_counter() - started
        found = {m for m in mention_set(doc.text, spans) if m[0] not in doc.ignored}
        add_mentions(score, doc.gold, found)
        score.docs += 1
    return score


def mention_kappa(pairs: Iterable[tuple[frozenset[Mention], frozenset[Mention]]]) -> float:
    """Cohen's kappa of two labellings of the same documents, over yes/no decisions: for each
    form either labelling names in a document, and each type, whether the labelling gives it."""
    a, b = [], []
    for x, y in pairs:
        for form in sorted({f for f, _ in x | y}):
            for kind in TYPES:
                a.append((form, kind) in x)
                b.append((form, kind) in y)
    return binary_kappa(a, b)[1]
