"""The threat classifier: TF-IDF over lemmas, one logistic regression per category, per document.

It is fitted offline on the real-news train split (docs/threat-labels.md) by
`python -m obzor.evaluation.threat_fit` and shipped as threat_model.json.gz: vocabulary, idf,
weights, and the combiner that turns rule evidence and the classifier's probability into a
calibrated score (obzor.nlp.threats). Prediction is numpy alone.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from obzor.taxonomy.threats import CATEGORY_IDS

NONE = "none"  # the label of a sentence that names no threat category
MODEL_FILE = "threat_model.json.gz"


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled sentence: its categories (empty for "none"), language and text."""

    labels: frozenset[str]
    language: str
    text: str


def read_labelled(path: Path | None = None, split: str = "train") -> list[Labelled]:
    """Self-written labelled sentences (labels, lang, text); the shipped unit examples."""
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
    """Per-category probabilities for lemmatized texts, and the fitted combiner's parameters.

    Prediction redoes the vectorizer's arithmetic (sublinear tf x idf, l2 norm, dot with the
    weights) over a dict of features, which is faster than scikit-learn for one article.
    """

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: NDArray[np.float64],
        weights: NDArray[np.float64],
        bias: NDArray[np.float64],
        categories: Sequence[str],
        combiner: dict[str, Any] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self.weights = np.ascontiguousarray(weights.T)  # (features x categories)
        self.bias = bias
        self.categories = tuple(categories)
        # {"features": [...], "weights": [...], "a": float, "b": float, ...}; see threats.py
        self.combiner: dict[str, Any] = combiner or {}

    def predict(self, lemma_strings: Sequence[str]) -> NDArray[np.float64]:
        """An (n texts x categories) array of probabilities; input is lemmatized text."""
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

    def to_json(self) -> dict[str, Any]:
        """The model as plain JSON data (weights rounded to 5 decimals)."""
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "categories": list(self.categories),
            "vocabulary": words,
            "idf": [round(float(x), 5) for x in self.idf],
            "weights": [[round(float(x), 5) for x in row] for row in self.weights.T],
            "bias": [round(float(x), 5) for x in self.bias],
            "combiner": self.combiner,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ThreatModel:
        """The inverse of to_json; ValueError when a part is missing or the shapes disagree."""
        try:
            words = list(data["vocabulary"])
            idf = np.asarray(data["idf"], dtype=np.float64)
            weights = np.asarray(data["weights"], dtype=np.float64)
            bias = np.asarray(data["bias"], dtype=np.float64)
            categories = list(data["categories"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"threat model: missing or bad field {exc}") from exc
        if weights.shape != (len(categories), len(words)) or idf.shape != (len(words),):
            raise ValueError("threat model: vocabulary, idf and weights disagree in size")
        vocabulary = {w: i for i, w in enumerate(words)}
        return cls(vocabulary, idf, weights, bias, categories, dict(data.get("combiner") or {}))


def save_model(model: ThreatModel, path: Path) -> None:
    """Write the model as gzipped JSON (byte-stable: no timestamp in the gzip header)."""
    raw = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    with path.open("wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as out:
        out.write(raw)


def load_model(path: Path | None = None) -> ThreatModel:
    """A model written by save_model; the shipped one by default."""
    if path is None:
        raw = resources.files("obzor.nlp").joinpath(MODEL_FILE).read_bytes()
    else:
        raw = path.read_bytes()
    return ThreatModel.from_json(json.loads(gzip.decompress(raw)))


def train(
    texts: Sequence[str],
    labels: Sequence[frozenset[str]],
    categories: Sequence[str] = CATEGORY_IDS,
    c: float = 1.0,
) -> ThreatModel:
    """Fit the vectorizer and one binary logistic regression per category on lemmatized texts."""
    # scikit-learn only fits (about 1 s to import); predict() is numpy alone.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    # Word unigrams and bigrams of lemmas: inflection is already folded by the lemmatizer;
    # bigrams carry "оборот оружие" vs "оборот наркотик". min_df=2 keeps one article's
    # accidents (names, numbers) out of the vocabulary and the shipped file small.
    vectorizer = TfidfVectorizer(
        token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, lowercase=False, min_df=2
    )
    features = vectorizer.fit_transform(texts)
    weights = np.zeros((len(categories), features.shape[1]))
    bias = np.zeros(len(categories))
    for k, category in enumerate(categories):
        target = np.array([category in y for y in labels], dtype=int)
        if target.min() == target.max():
            bias[k] = -10.0 if target.max() == 0 else 10.0
            continue
        model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", random_state=0)
        model.fit(features, target)
        weights[k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
    return ThreatModel(vocabulary, vectorizer.idf_, weights, bias, categories)


@lru_cache(maxsize=1)
def default_model() -> ThreatModel:
    """The shipped model, loaded once per process."""
    return load_model()
