"""States an article names (states.yaml): the words that name each, and which a text names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.taxonomy.threats import TaxonomyError, compile_pattern
from obzor.yamldata import load_yaml


@dataclass(frozen=True, slots=True)
class StateWords:
    """Rule keys (obzor.taxonomy.threats.rule_key) naming a state, and prefixes ("word*")."""

    exact: dict[str, str]  # rule key -> state id
    prefixes: tuple[tuple[str, str], ...]  # (prefix, state id), longest first

    def named(self, keys: Iterable[str]) -> set[str]:
        """The ids of the states that these rule keys name."""
        found: set[str] = set()
        for key in keys:
            state = self.exact.get(key)
            if state is None:
                state = next((s for p, s in self.prefixes if key.startswith(p)), None)
            if state is not None:
                found.add(state)
        return found


def parse_states(data: Any, source: str) -> StateWords:
    """The words of a states file; TaxonomyError names the file and the bad entry."""
    if not isinstance(data, dict) or not isinstance(data.get("states"), list):
        raise TaxonomyError(f"{source}: expected a 'states' list")
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for n, entry in enumerate(data["states"], start=1):
        state = entry.get("id") if isinstance(entry, dict) else None
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(state, str) or not state or not isinstance(words, list) or not words:
            raise TaxonomyError(f"{source}: state {n} needs an id and a list of words")
        for word in words:
            try:
                (key,) = compile_pattern(str(word))
            except ValueError as exc:
                raise TaxonomyError(f"{source}: state {state}: {exc}") from exc
            if key.endswith("*"):
                prefixes.append((key[:-1], state))
            elif exact.setdefault(key, state) != state:
                raise TaxonomyError(f"{source}: {word!r} names {exact[key]} and {state}")
    prefixes.sort(key=lambda p: -len(p[0]))
    return StateWords(exact, tuple(prefixes))


@lru_cache(maxsize=1)
def default_states() -> StateWords:
    """The shipped states.yaml, validated once per process."""
    source = resources.files("obzor.taxonomy").joinpath("states.yaml")
    return parse_states(load_yaml(source.read_text("utf-8")), "states.yaml")
