"""YAML data files, read with libyaml's C loader when PyYAML was built with it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _loader() -> Any:
    # Imported on first use: commands that read no YAML start without PyYAML. The C loader
    # parses the same safe subset about 10x faster; the pure-Python one is the fallback where
    # PyYAML was built without libyaml.
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data in a YAML document (safe types only); yaml.YAMLError when malformed."""
    import yaml

    return yaml.load(text, Loader=_loader())  # a safe loader, C or Python
