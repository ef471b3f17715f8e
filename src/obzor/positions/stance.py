"""A statement's stance toward its subject: supports, opposes, concerned or neutral.

Two classifiers over the statement's lemmas: `lexicon_stance` (the cue lexicon in cues.yaml:
the stance with the most cues) and `StanceModel`, a logistic regression on lemmas plus the cue
counts, fitted on the labelled train split (evaluation/positions.py) and shipped as
stance_model.json.gz. `stance(text)` uses the shipped model, or the lexicon where none is shipped.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.nlp.morph import lemma, tokens
from obzor.nlp.threat_rules import Matcher
from obzor.taxonomy.threats import Rule, compile_pattern
from obzor.yamldata import load_yaml

STANCES = ("supports", "opposes", "concerned", "neutral")
NEUTRAL = "neutral"
MODEL_FILE = "stance_model.json.gz"
# A negation this many words before a supports cue makes it an opposes cue ("не будем
# поддерживать" puts "не" two words ahead); farther ones belong to another clause.
NEGATION_REACH = 3


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The cue lexicon compiled: a matcher over cue rules (category = stance) and negations."""

    matcher: Matcher
    negations: frozenset[str]


def parse_lexicon(data: Any, source: str = "cues.yaml") -> Lexicon:
    """The lexicon in a cues.yaml document; ValueError naming the bad entry when malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("stances"), dict):
        raise ValueError(f"{source}: needs a 'stances' mapping")
    rules: list[Rule] = []
    for stance, cues in data["stances"].items():
        if stance not in STANCES or stance == NEUTRAL:
            raise ValueError(f"{source}: unknown stance {stance!r} (one of {STANCES[:3]})")
        if not isinstance(cues, list):
            raise ValueError(f"{source}: stance {stance!r} needs a list of cues")
        for cue in cues:
            try:
                rules.append(Rule(str(cue), stance, compile_pattern(str(cue))))
            except ValueError as exc:
                raise ValueError(f"{source}: {stance}: {exc}") from None
    negations = frozenset(str(w).lower() for w in data.get("negations") or ())
    return Lexicon(Matcher(rules), negations)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped cue lexicon, loaded once."""
    source = resources.files("obzor.positions").joinpath("cues.yaml")
    return parse_lexicon(load_yaml(source.read_text("utf-8")))


def statement_lemmas(text: str) -> list[str]:
    """The statement's words as lemmas (the classifiers' input)."""
    return [lemma(m.group()) for m in tokens(text)]


def cue_counts(lemmas: Sequence[str], lexicon: Lexicon | None = None) -> Counter[str]:
    """Stance -> the number of its cues in the lemmas; a negated supports cue counts as
    opposes."""
    lexicon = lexicon or default_lexicon()
    counts: Counter[str] = Counter()
    for hit in lexicon.matcher.find(lemmas):
        stance = hit.rule.category
        before = lemmas[max(0, hit.first - NEGATION_REACH) : hit.first]
        if stance == "supports" and any(w in lexicon.negations for w in before):
            stance = "opposes"
        counts[stance] += 1
    return counts


def lexicon_stance(text: str) -> str:
    """The baseline rule: the stance with the most cues; none, or a tie: neutral."""
    ranked = cue_counts(statement_lemmas(text)).most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return NEUTRAL
    return ranked[0][0]


def features(text: str, cue_weight: float = 1.0) -> dict[str, float]:
    """The model's features: each distinct lemma (1.0) and the cue count of each stance
    times cue_weight (a larger weight lets the lexicon count for more under regularization)."""
    lemmas = statement_lemmas(text)
    found: dict[str, float] = {f"w:{w}": 1.0 for w in lemmas if len(w) > 1}
    for stance, n in cue_counts(lemmas).items():
        found[f"cue:{stance}"] = n * cue_weight
    return found


@dataclass(frozen=True, slots=True)
class StanceModel:
    """A multinomial logistic regression: per stance, a bias and feature weights."""

    bias: dict[str, float]
    weights: dict[str, dict[str, float]]
    c: float  # the regularization it was fitted with (chosen on dev)
    cue_weight: float = 1.0  # the cue features' scale (chosen on dev)
    # Concern cues decide: a statement whose cues are all of concern ("вызывает тревогу") is
    # concerned whatever the lemmas say (chosen on dev: the train split has few concerned
    # statements, too few for the regression to learn the class).
    concern_cues: bool = False

    def scores(self, text: str) -> dict[str, float]:
        """Stance -> probability."""
        values = features(text, self.cue_weight)
        logits = {
            s: self.bias[s] + sum(self.weights[s].get(f, 0.0) * v for f, v in values.items())
            for s in self.bias
        }
        top = max(logits.values())
        exp = {s: math.exp(v - top) for s, v in logits.items()}
        total = sum(exp.values())
        return {s: v / total for s, v in exp.items()}

    def predict(self, text: str) -> str:
        """The most probable stance (concerned where concern cues decide)."""
        if self.concern_cues and lexicon_stance(text) == "concerned":
            return "concerned"
        found = self.scores(text)
        return max(found, key=lambda s: (found[s], s == NEUTRAL))

    def to_json(self) -> dict[str, Any]:
        return {
            "c": self.c,
            "cue_weight": self.cue_weight,
            "concern_cues": self.concern_cues,
            "bias": self.bias,
            "weights": self.weights,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StanceModel:
        weights = {s: dict(w) for s, w in data["weights"].items()}
        return cls(
            dict(data["bias"]),
            weights,
            data["c"],
            data.get("cue_weight", 1.0),
            bool(data.get("concern_cues", False)),
        )


def fit(
    texts: Sequence[str],
    labels: Sequence[str],
    c: float,
    cue_weight: float = 1.0,
    concern_cues: bool = False,
) -> StanceModel:
    """A StanceModel fitted on labelled statements (scikit-learn, imported only here)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features(t, cue_weight) for t in texts])
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(x, list(labels))
    names = vectorizer.get_feature_names_out()
    classes = [str(k) for k in model.classes_]
    coef = model.coef_
    if len(classes) == 2:  # sklearn keeps one row for two classes: the second's log-odds
        coef = [-coef[0] / 2, coef[0] / 2]
        bias = [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    else:
        bias = list(model.intercept_)
    return StanceModel(
        {s: float(b) for s, b in zip(classes, bias, strict=True)},
        {
            s: {
                str(n): round(float(w), 5) for n, w in zip(names, row, strict=True) if abs(w) > 1e-4
            }
            for s, row in zip(classes, coef, strict=True)
        },
        c,
        cue_weight,
        concern_cues,
    )


@lru_cache(maxsize=1)
def shipped_model() -> StanceModel | None:
    """The fitted model shipped with obzor, or None where none is."""
    source = resources.files("obzor.positions").joinpath(MODEL_FILE)
    if not source.is_file():
        return None
    return StanceModel.from_json(json.loads(gzip.decompress(source.read_bytes())))


def stance(text: str) -> str:
    """A statement's stance: the shipped model's answer, or the lexicon rule's without one."""
    model = shipped_model()
    return model.predict(text) if model else lexicon_stance(text)
