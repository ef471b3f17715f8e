"""The previous pair model (pair-logreg-v4), scored beside the shipped one in `obzor eval
clustering`: its weights and timed numbers (pair_model_v4.json, a copy of what it shipped) and
its clock, which kept whole hours (07:05 and 08:52 were "one hour" apart), and its navec
features (0 without a vector). Its stories are grouped with the shipped features (the RIA
texts all have navec vectors, so only the clock and the model differ there)."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from obzor.stories.features import Item
from obzor.stories.pair import FEATURES, PairModel, decide, pair_features, parse_model

PREVIOUS_FILE = "pair_model_v4.json"
PREVIOUS = "obzor-v4"  # its name in the evaluation's tables


@lru_cache(maxsize=1)
def previous_model() -> PairModel:
    """pair-logreg-v4 as it shipped."""
    text = resources.files("obzor.evaluation").joinpath(PREVIOUS_FILE).read_text(encoding="utf-8")
    return parse_model(json.loads(text))


def clock_hour(item: Item) -> Item:
    """The item as v4 saw it: its publication time cut to the whole clock hour."""
    return item if item.hour is None else replace(item, hour=float(math.floor(item.hour)))


def previous_features(a: Item, b: Item) -> tuple[float, ...]:
    """The features as v4 computed them: a navec cosine is 0 when a side has no vector (v5
    puts the word cosine there)."""
    found = list(pair_features(a, b))
    for n, (x, y) in enumerate(zip(a.meanings, b.meanings, strict=True)):
        if x is None or y is None:
            found[FEATURES.index("meaning_lead") + n] = 0.0
    return tuple(found)


def previous_same_event(a: Item, b: Item) -> bool:
    """v4's decision for two vectorized items (its features, times in whole hours, no
    headline rules)."""
    return decide(clock_hour(a), clock_hour(b), previous_features(a, b), previous_model())
