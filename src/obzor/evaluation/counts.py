"""Precision, recall and F1 from true positives, false positives and false negatives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

G = TypeVar("G")
F = TypeVar("F")


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one class."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def match(self, gold: Iterable[G], found: Iterable[F], same: Callable[[G, F], bool]) -> None:
        """Count found items against gold ones, each gold item matched at most once (the first
        unmatched gold item that `same` accepts); gold items left over are misses."""
        left = list(gold)
        for item in found:
            hit = next((g for g in left if same(g, item)), None)
            if hit is None:
                self.fp += 1
            else:
                self.tp += 1
                left.remove(hit)
        self.fn += len(left)


def binary_kappa(a: Sequence[bool], b: Sequence[bool]) -> tuple[float, float]:
    """(observed agreement, Cohen's kappa) of two labellings of the same yes/no decisions;
    kappa is 1.0 when chance alone would agree on everything. Both 0.0 for no decisions."""
    n = len(a)
    if not n:
        return 0.0, 0.0
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return observed, 1.0 if expected >= 1 else (observed - expected) / (1 - expected)


def nominal_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float:
    """Cohen's kappa of two labellings of the same items with any number of classes."""
    n = len(first)
    if n == 0:
        return 0.0
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    ca, cb = Counter(first), Counter(second)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)
