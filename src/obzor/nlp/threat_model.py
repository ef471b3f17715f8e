"""The threat sentence classifier: TF-IDF over lemmas, one logistic regression per category.

Trained on the labelled sentences shipped in obzor/taxonomy/threats_train.tsv. The fitted
arrays ship beside it (threat_model.npz, rebuilt by `python -m obzor.nlp.threat_model`), so
a process loads them in milliseconds instead of importing scikit-learn and fitting (~5 s);
a stamp of the lemmatized training data and settings tells a stale file, then refitted.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from obzor.nlp.morph import lemmatize
from obzor.taxonomy.threats import CATEGORY_IDS

NONE = "none"  # the label of a sentence that names no threat category
# Regularization: the training set is small (tens of sentences per category), so a strong
# penalty keeps weights on each category's common words rather than one sentence's accidents.
# C = 1 scored best in 5-fold cross-validation on the training split (bench/threats_cv.py).
C = 1.0


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled sentence: its categories (empty for "none"), language and text."""

    labels: frozenset[str]
    language: str
    text: str


def read_labelled(path: Path | None = None, split: str = "train") -> list[Labelled]:
    """Labelled sentences from a TSV (labels, lang, text); the shipped split by default."""
    if path is None:
        source = resources.files("obzor.taxonomy").joinpath(f"threats_{split}.tsv")
        lines = source.read_text("utf-8").splitlines()
        name = f"threats_{split}.tsv"
    else:
        lines = path.read_text("utf-8").splitlines()
        name = str(path)
    return parse_labelled(lines, name)


def parse_labelled(lines: Iterable[str], name: str) -> list[Labelled]:
    """Parse TSV lines (a header first); ValueError names the file and line of a bad row."""
    rows = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if header != ["labels", "lang", "text"]:
        raise ValueError(f"{name}: header must be labels, lang, text; got {header}")
    out: list[Labelled] = []
    for number, row in enumerate(rows, start=2):
        if len(row) != 3 or not row[2].strip():
            raise ValueError(f"{name}:{number}: expected 3 tab-separated fields")
        labels = frozenset(x.strip() for x in row[0].split(",") if x.strip())
        unknown = labels - set(CATEGORY_IDS) - {NONE}
        if unknown or not labels or (NONE in labels and len(labels) > 1):
            raise ValueError(f"{name}:{number}: bad labels {row[0]!r}")
        out.append(Labelled(labels - {NONE}, row[1], row[2].strip()))
    return out


class ThreatModel:
    """Per-category probabilities for sentences, from the fitted vocabulary, idf and weights.

    Prediction redoes the vectorizer's arithmetic (sublinear tf x idf, l2 norm, dot with the
    weights) over a dict of features: ~20 words a sentence make that faster than calling
    scikit-learn once per article.
    """

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: NDArray[np.float64],
        weights: NDArray[np.float64],
        bias: NDArray[np.float64],
        categories: Sequence[str],
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self.weights = np.ascontiguousarray(weights.T)  # (features x categories)
        self.bias = bias
        self.categories = tuple(categories)

    def predict(self, lemma_strings: Sequence[str]) -> NDArray[np.float64]:
        """An (n sentences x categories) array of probabilities; input is lemmatized text."""
        scores = np.tile(self.bias, (len(lemma_strings), 1))
        for row, text in enumerate(lemma_strings):
            counts: dict[int, int] = {}
            words = text.split()
            for gram in (*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))):
                index = self.vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.intp, count=len(counts))
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[
                indices
            ]
            values /= np.sqrt(values @ values)
            scores[row] += values @ self.weights[indices]
        return np.asarray(1.0 / (1.0 + np.exp(-scores)), dtype=np.float64)


def train(examples: Sequence[Labelled], categories: Sequence[str] = CATEGORY_IDS) -> ThreatModel:
    """Fit the vectorizer and one binary logistic regression per category."""
    # scikit-learn only fits (about 1 s to import); predict() is numpy alone.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [lemmatize(e.text) for e in examples]
    # Word unigrams and bigrams of lemmas: Russian inflection is already folded by the
    # lemmatizer; bigrams carry "оборот оружие" vs "оборот наркотик".
    vectorizer = TfidfVectorizer(
        token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, lowercase=False
    )
    features = vectorizer.fit_transform(texts)
    weights = np.zeros((len(categories), features.shape[1]))
    bias = np.zeros(len(categories))
    for k, category in enumerate(categories):
        target = np.array([category in e.labels for e in examples], dtype=int)
        if target.min() == target.max():
            bias[k] = -10.0 if target.max() == 0 else 10.0
            continue
        # liblinear fits these few hundred rows ~10x faster than lbfgs (0.02 s a category).
        model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear")
        model.fit(features, target)
        weights[k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    return ThreatModel(vocabulary, vectorizer.idf_, weights, bias, categories)


FITTED = Path(__file__).resolve().parents[1] / "taxonomy" / "threat_model.npz"


def training_stamp(examples: Sequence[Labelled] | None = None) -> str:
    """A hash of what the fit sees: the training split's labels and lemmatized sentences (so a
    change in the lemmatizer shows too), the categories and C."""
    digest = hashlib.sha256(f"{','.join(CATEGORY_IDS)}|C={C}".encode())
    for e in read_labelled(split="train") if examples is None else examples:
        digest.update(f"\n{','.join(sorted(e.labels))}\t{lemmatize(e.text)}".encode())
    return digest.hexdigest()


def save(model: ThreatModel, path: Path, stamp: str) -> None:
    """Write the fitted arrays (float64, so predictions are exactly the fitted model's)."""
    words = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    np.savez_compressed(
        path,
        stamp=np.array(stamp),
        words=np.array(words, dtype=str),
        idf=model.idf,
        weights=model.weights.T,
        bias=model.bias,
        categories=np.array(model.categories, dtype=str),
    )


def load(path: Path, stamp: str) -> ThreatModel | None:
    """The model saved at path, or None when it is missing or fitted on other data."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["stamp"]) != stamp:
                return None
            words = [str(w) for w in data["words"]]
            return ThreatModel(
                {w: i for i, w in enumerate(words)},
                data["idf"],
                data["weights"],
                data["bias"],
                [str(c) for c in data["categories"]],
            )
    except (OSError, KeyError, ValueError):
        return None


@lru_cache(maxsize=1)
def default_model() -> ThreatModel:
    """The model fitted on the shipped training split: the shipped arrays, else a fresh fit."""
    examples = read_labelled(split="train")
    model = load(FITTED, training_stamp(examples))
    if model is None:
        print(
            f"note: {FITTED.name} is missing or stale; fitting the threat model "
            "(rebuild it with `python -m obzor.nlp.threat_model`)",
            file=sys.stderr,
        )
        model = train(examples)
    return model


if __name__ == "__main__":  # python -m obzor.nlp.threat_model: refit and save the arrays
    save(train(read_labelled(split="train")), FITTED, training_stamp())
    print(f"wrote {FITTED}")
