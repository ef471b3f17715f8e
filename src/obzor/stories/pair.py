"""The same-event decision for two articles: two TF-IDF cosines into a logistic model."""

from __future__ import annotations

import math

from obzor.stories.features import Item
from obzor.stories.rules import rules


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two L2-normalized sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def pair_features(a: Item, b: Item) -> tuple[float, ...]:
    """(body+title cosine, title cosine), in rules.FEATURES order; both items vectorized."""
    return (cosine(a.vectors[0], b.vectors[0]), cosine(a.vectors[1], b.vectors[1]))


def probability(features: tuple[float, ...]) -> float:
    """P(same event) under the packaged logistic model."""
    r = rules()
    z = r.intercept + sum(w * x for w, x in zip(r.weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def same_event_probability(a: Item, b: Item) -> float:
    """P(two vectorized articles report the same event)."""
    return probability(pair_features(a, b))


def same_event(a: Item, b: Item, p: float | None = None) -> bool:
    """The decision: P >= threshold, or a shared event frame with P >= the frame floor."""
    r = rules()
    p = same_event_probability(a, b) if p is None else p
    return p >= r.threshold or (p >= r.frame_floor and bool(a.frames & b.frames))
