"""YAML data files, read with libyaml's C loader when PyYAML was built with it."""

from __future__ import annotations

from typing import Any

import yaml

# The C loader parses the same safe subset about 10x faster; the pure-Python one is the
# fallback where PyYAML was built without libyaml.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data in a YAML document (safe types only); yaml.YAMLError when malformed."""
    return yaml.load(text, Loader=_LOADER)
