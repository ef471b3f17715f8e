"""B-cubed precision and recall of a grouping (Bagga and Baldwin, 1998): one scorer for
entities (evaluation.link) and stories (evaluation.ria_stories)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def bcubed(gold: Mapping[K, Hashable], predicted: Mapping[K, Hashable]) -> tuple[float, float]:
    """(precision, recall) over the items gold holds; each must have a predicted group."""
    by_gold: dict[Hashable, set[K]] = defaultdict(set)
    by_pred: dict[Hashable, set[K]] = defaultdict(set)
    for key, group in gold.items():
        by_gold[group].add(key)
        by_pred[predicted[key]].add(key)
    precision = recall = 0.0
    for key, group in gold.items():
        same = len(by_gold[group] & by_pred[predicted[key]])
        precision += same / len(by_pred[predicted[key]])
        recall += same / len(by_gold[group])
    n = len(gold) or 1
    return precision / n, recall / n
