"""Kazakh endings on names: "Путинмен", "Тоқаевтың", "Астанада" link as Путин, Тоқаев, Астана."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.yamldata import load_yaml

# A stem shorter than this is no name ("Ре" of "Ресей" is not a stem).
MIN_STEM = 3


@lru_cache(maxsize=1)
def _data() -> dict[str, list[Any]]:
    text = resources.files("obzor.nlp").joinpath("kazakh_suffixes.yaml").read_text("utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("suffixes"), list):
        raise ValueError("kazakh_suffixes.yaml: needs a 'suffixes' list of lists")
    return data


@lru_cache(maxsize=1)
def suffixes() -> tuple[str, ...]:
    """The endings of kazakh_suffixes.yaml, longest first."""
    found = {str(s) for group in _data()["suffixes"] for s in group}
    return tuple(sorted(found, key=len, reverse=True))


@lru_cache(maxsize=1)
def stem_endings() -> tuple[str, ...]:
    """The endings the recognizer's rough stem strips: two letters or more, not stem_keeps."""
    keeps = {str(s) for s in _data().get("stem_keeps", [])}
    return tuple(s for s in suffixes() if len(s) >= 2 and s not in keeps)


@lru_cache(maxsize=50_000)
def stems(word: str) -> tuple[str, ...]:
    """The word without each Kazakh ending it may carry, longest ending first."""
    out = []
    head, sep, tail = word.partition("-")
    if sep and tail.islower() and tail in suffixes():
        out.append(head)  # "ҰҚШҰ-ның"
    low = word.lower()
    for suffix in suffixes():
        if low.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            out.append(word[: len(word) - len(suffix)])
    return tuple(dict.fromkeys(out))
