"""The same-event decision for two articles: close in time, and three TF-IDF cosines into a
logistic model."""

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
    """The cosines of (body+title, title, lead) vectors, in rules.FEATURES order; both items
    vectorized."""
    return tuple(cosine(u, v) for u, v in zip(a.vectors, b.vectors, strict=True))


def probability(features: tuple[float, ...]) -> float:
    """P(same event) under the packaged logistic model."""
    r = rules()
    z = r.intercept + sum(w * x for w, x in zip(r.weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def same_event_probability(a: Item, b: Item) -> float:
    """P(two vectorized articles report the same event)."""
    return probability(pair_features(a, b))


def same_time(a: Item, b: Item) -> bool:
    """Could two reports tell of one event, by their publication times? Within event_hours
    when both carry a time, on the same or the next day when only dates are known; yes
    when either is undated."""
    if a.hour is not None and b.hour is not None:
        return abs(a.hour - b.hour) <= rules().event_hours
    if a.day is not None and b.day is not None:
        return abs(a.day - b.day) <= 1
    return True


def same_event(a: Item, b: Item, p: float | None = None) -> bool:
    """The decision: published close in time, and P >= threshold or a shared event frame with
    P >= the frame floor."""
    if not same_time(a, b):
        return False
    r = rules()
    p = same_event_probability(a, b) if p is None else p
    return p >= r.threshold or (p >= r.frame_floor and bool(a.frames & b.frames))
