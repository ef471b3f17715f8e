"""The previous pair model (pair-logreg-v6, the one shipped before pair-logreg-v7), scored
beside the shipped one in `obzor eval clustering`: its weights, timed numbers and untimed
block (pair_model_v6.json, a copy of what it shipped). Its untimed block weighs the features
it was fitted on (no headline coverage), so its rows are v6's decisions on the same items."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from obzor.stories.features import Item
from obzor.stories.pair import PairModel, decide, pair_features, parse_model

PREVIOUS_FILE = "pair_model_v6.json"
PREVIOUS = "obzor-v6"  # its name in the evaluation's tables


@lru_cache(maxsize=1)
def previous_model() -> PairModel:
    """pair-logreg-v6 as it shipped."""
    text = resources.files("obzor.evaluation").joinpath(PREVIOUS_FILE).read_text(encoding="utf-8")
    return parse_model(json.loads(text))


def previous_same_event(a: Item, b: Item) -> bool:
    """v6's decision for two vectorized items."""
    return decide(a, b, pair_features(a, b), previous_model())
