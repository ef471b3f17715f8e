"""Counts: greedy one-to-one matching of found items against gold ones."""

from __future__ import annotations

from obzor.evaluation.counts import Counts


def test_each_gold_item_is_matched_once() -> None:
    counts = Counts()
    # two found items match the one gold "а": the second is a false positive
    counts.match(["а", "б"], ["а", "а", "в"], lambda g, f: g == f)
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 1)


def test_matching_adds_to_what_was_counted() -> None:
    counts = Counts(tp=1)
    counts.match([10.0], [10.4], lambda g, f: abs(g - f) < 1)
    counts.match([], [], lambda g, f: True)
    assert (counts.tp, counts.fp, counts.fn) == (2, 0, 0)
    assert counts.precision == counts.recall == counts.f1 == 1.0
