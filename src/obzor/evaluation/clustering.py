"""Same-event pair scoring on ../shared/eval/clustering: obzor's pair model beside TF-IDF."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from obzor.nlp import morph
from obzor.stories.features import HEAD_CHARS, DocFreq, Item, item_from_tokens
from obzor.stories.pair import pair_features, same_event

HELD_OUT = "ru_pairs_a.tsv"  # never used for tuning: the figure to report
TRAIN = ("ru_train_pool.tsv", "en_train_pool.tsv")  # the pair model and baseline are fit here


@dataclass(frozen=True, slots=True)
class Pair:
    """Two articles (title, text) and whether annotators judged them the same event."""

    first: tuple[str, str]
    second: tuple[str, str]
    same: bool


@dataclass(frozen=True, slots=True)
class Score:
    """Pairwise figures: F1 on same-event (OK) pairs, accuracy, and the counts behind them."""

    pairs: int
    positives: int
    f1: float
    accuracy: float


def load_pairs(path: Path) -> list[Pair]:
    """Pairs from a tgcontest TSV; ValueError names the file when a column is missing."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    need = {"INPUT:first_title", "INPUT:second_title", "INPUT:first_text", "INPUT:second_text"}
    if not rows or not need | {"GOLDEN:quality"} <= set(rows[0]):
        raise ValueError(f"{path}: not a clustering pairs file (needs {sorted(need)})")
    return [
        Pair(
            (r["INPUT:first_title"], r["INPUT:first_text"]),
            (r["INPUT:second_title"], r["INPUT:second_text"]),
            r["GOLDEN:quality"].strip() == "OK",
        )
        for r in rows
    ]


def score(gold: list[bool], predicted: list[bool]) -> Score:
    """F1 of the positive (same event) class and accuracy."""
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return Score(len(gold), sum(gold), f1, correct / len(gold) if gold else 0.0)


def items_for(pairs: list[Pair]) -> list[tuple[Item, Item]]:
    """Vectorized Items for both sides of every pair; frequencies from all texts of the file."""
    df = DocFreq()
    built = []
    for n, pair in enumerate(pairs):
        sides = []
        for title, text in (pair.first, pair.second):
            item = item_from_tokens(
                n,
                morph.lemmatize(title).split(),
                morph.lemmatize(text).split(),
                f"{title}. {text[:HEAD_CHARS]}",
                day=None,
                title=title,
            )
            df.add(item)
            sides.append(item)
        built.append((sides[0], sides[1]))
    for a, b in built:
        df.vectorize(a)
        df.vectorize(b)
    return built


def features_for(pairs: list[Pair]) -> list[tuple[float, ...]]:
    """The pair model's similarities (rules.FEATURES order) for every pair."""
    return [pair_features(a, b) for a, b in items_for(pairs)]


def obzor_decisions(pairs: list[Pair]) -> list[bool]:
    """obzor's same-event decision for every pair."""
    return [same_event(a, b) for a, b in items_for(pairs)]


def tfidf_similarities(pairs: list[Pair]) -> list[float]:
    """Baseline: cosine of word TF-IDF (title + text, fit on the file's texts) per pair."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{t} {x}" for p in pairs for t, x in (p.first, p.second)]
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    return [float((matrix[2 * i] @ matrix[2 * i + 1].T).toarray()[0, 0]) for i in range(len(pairs))]


def best_threshold(similarities: list[float], gold: list[bool]) -> float:
    """The cut that maximizes F1 on the given (training) pairs."""
    cuts = sorted(set(similarities))
    return max(cuts, key=lambda c: (score(gold, [s >= c for s in similarities]).f1, -c))


def evaluate_folder(folder: Path) -> list[tuple[str, str, Score]]:
    """(file, system, score) rows: obzor and the TF-IDF baseline on every file present."""
    train = [p for name in TRAIN if (folder / name).is_file() for p in load_pairs(folder / name)]
    if not train:
        raise ValueError(f"{folder}: no training pools ({', '.join(TRAIN)})")
    cut = best_threshold(tfidf_similarities(train), [p.same for p in train])
    rows = []
    for name in (HELD_OUT, *TRAIN):
        if not (folder / name).is_file():
            continue
        pairs = load_pairs(folder / name)
        gold = [p.same for p in pairs]
        rows.append((name, "obzor", score(gold, obzor_decisions(pairs))))
        baseline = [s >= cut for s in tfidf_similarities(pairs)]
        rows.append((name, f"tfidf@{cut:.2f}", score(gold, baseline)))
    return rows
