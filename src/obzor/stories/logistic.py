"""The check both same-event models' files share: features exactly in order, one weight each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def feature_weights(
    data: Any, features: Sequence[str], what: str, error: type[ValueError]
) -> list[Any]:
    """The weights of a logistic model file's structure, checked: `features` exactly in
    order, one weight each; otherwise `error`, naming `what`."""
    if not isinstance(data, dict) or list(data.get("features", [])) != list(features):
        raise error(f"{what} needs 'features' exactly {list(features)}")
    weights = data.get("weights")
    if not isinstance(weights, list) or len(weights) != len(features):
        raise error(f"{what} needs one weight per feature")
    return weights
