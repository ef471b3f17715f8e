"""Quality floors (floors.toml): one place for the lowest score each gated evaluation may give."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).with_name("floors.toml")


@lru_cache(maxsize=1)
def floors() -> dict[str, dict[str, tuple[float, float]]]:
    """{section: {score: (measured, noise)}} as floors.toml declares them."""
    data = tomllib.loads(FILE.read_text(encoding="utf-8"))
    return {
        section: {name: (float(pair[0]), float(pair[1])) for name, pair in scores.items()}
        for section, scores in data.items()
    }


def complaint(section: str, name: str, value: float) -> str | None:
    """None when value passes its floor (or ceiling, for a name ending in _max), else why not."""
    measured, noise = floors()[section][name]
    if name.endswith("_max"):
        limit = measured + noise
        if value <= limit:
            return None
        return f"{section}.{name} = {value:.3f}: above {measured} + noise {noise} ({FILE.name})"
    limit = measured - noise
    if value >= limit:
        return None
    return f"{section}.{name} = {value:.3f}: below {measured} - noise {noise} ({FILE.name})"
