"""The previous pair model (pair-logreg-v5), scored beside the shipped one in `obzor eval
clustering`: its weights and timed numbers (pair_model_v5.json, a copy of what it shipped).
It weighs the first eight features only and has none of the later decision rules (their
switches are off in its file), so its rows are v5's decisions on the same items."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from obzor.stories.features import Item
from obzor.stories.pair import PairModel, decide, pair_features, parse_model

PREVIOUS_FILE = "pair_model_v5.json"
PREVIOUS = "obzor-v5"  # its name in the evaluation's tables


@lru_cache(maxsize=1)
def previous_model() -> PairModel:
    """pair-logreg-v5 as it shipped."""
    text = resources.files("obzor.evaluation").joinpath(PREVIOUS_FILE).read_text(encoding="utf-8")
    return parse_model(json.loads(text))


def previous_same_event(a: Item, b: Item) -> bool:
    """v5's decision for two vectorized items."""
    return decide(a, b, pair_features(a, b), previous_model())
