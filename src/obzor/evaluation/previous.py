"""The previous pair model (pair-logreg-v4), scored beside the shipped one in `obzor eval
clustering`: its weights and timed numbers (pair_model_v4.json, a copy of what it shipped) and
its clock, which kept whole hours (07:05 and 08:52 were "one hour" apart)."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from obzor.stories.features import Item
from obzor.stories.pair import PairModel, decide, pair_features, parse_model

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


def previous_same_event(a: Item, b: Item) -> bool:
    """v4's decision for two vectorized items (features as now, times in whole hours)."""
    return decide(clock_hour(a), clock_hour(b), pair_features(a, b), previous_model())
