"""Kazakh endings on names: "Путинмен", "Тоқаевтың", "Астанада" link as Путин, Тоқаев, Астана;
the search index keys Kazakh words by their stem (search_stem)."""

from __future__ import annotations

from collections.abc import Callable
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


# Letters of the Kazakh Cyrillic alphabet that Russian does not have: a word with one is Kazakh.
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# One-letter possessive endings need a longer stem ("Алматы" is no "Алмат" + -ы).
MIN_STEM_SHORT = 4
_LAYERS = ("case", "possessive", "plural")


def kazakh_word(word: str) -> bool:
    """Whether a word has a letter only Kazakh Cyrillic has ("Тоқаев", "Ресейдің")."""
    return not KAZAKH_LETTERS.isdisjoint(word)


@lru_cache(maxsize=1)
def _layers() -> tuple[tuple[tuple[str, ...], ...], frozenset[str], tuple[str, ...]]:
    data = _data()
    layers = data.get("search_layers")
    if not isinstance(layers, dict) or set(layers) != set(_LAYERS):
        raise ValueError(f"kazakh_suffixes.yaml: search_layers needs exactly {list(_LAYERS)}")
    ordered = tuple(
        tuple(sorted((str(s) for s in layers[name]), key=len, reverse=True)) for name in _LAYERS
    )
    keeps = tuple(str(s) for s in data.get("search_keeps", []))
    return ordered, frozenset(str(s) for s in data.get("after_possessive", [])), keeps


@lru_cache(maxsize=1)
def search_whole() -> frozenset[str]:
    """Names the search stem leaves whole (kazakh_suffixes.yaml search_whole), lowercase."""
    return frozenset(str(s).lower() for s in _data().get("search_whole", []))


def _possessive_end(stem: str) -> bool:
    return stem.endswith(("ы", "і"))


VOWELS = frozenset("аәеёиоөуұүыіэюя")
# "в" ends Russian surnames, which Kazakh treats as voiceless: "Тоқаевтың", "Тоқаевқа".
VOICELESS = frozenset("кқпстфхшщцчв")


def _fits(ending: str, before: str, after_possessive: frozenset[str]) -> bool:
    """Whether ending may follow a stem ending in the letter before (Kazakh sound rules:
    "т"-, "қ"-, "к"-, "п"-endings after a voiceless consonant, the others not; "на", "н"
    only after a possessive; "сы"/"сі" after a vowel other than ы/і)."""
    if not before:
        return False
    if ending in after_possessive:
        return before in "ыі" or (ending in ("нан", "нен") and before in "мнң")
    if ending in ("сы", "сі"):
        return before in VOWELS and before not in "ыі"
    if ending[0] in "тқкп":
        return before in VOICELESS
    if ending[0] in "дғгб" or ending in ("ы", "і"):
        return before not in VOICELESS or ending in ("ы", "і")
    return True


@lru_cache(maxsize=200_000)
def search_stem(word: str, is_name: Callable[[str], bool] | None = None) -> str:
    """A Kazakh word without its case, possessive and plural endings, case kept
    ("Тоқаевтың" -> "Тоқаев", "Президенттерінің" -> "Президент", "Астанада" -> "Астана"), so
    that every form of a word meets its base form in the search index. Stripping stops at a
    stem that is_name says is a name as written ("Канада", "Алматы": no locative or
    possessive ending), at a word ending as search_keeps says ("Қазақстан"), at a name of
    search_whole ("Қарағанды", "Ақорда") and where a stem would be shorter than MIN_STEM
    letters."""
    head, sep, tail = word.partition("-")
    if sep and tail.islower() and tail in suffixes():
        return head  # "ҰҚШҰ-ның"
    layers, after_possessive, keeps = _layers()
    whole = search_whole()
    stem = word
    for endings in layers:
        low = stem.lower()
        if low.endswith(keeps) or low in whole or (is_name is not None and is_name(stem)):
            break
        for ending in endings:
            rest = len(stem) - len(ending)
            shortest = MIN_STEM_SHORT if len(ending) == 1 else MIN_STEM
            if not low.endswith(ending) or rest < shortest:
                continue
            # A soft sign says nothing of voicing: "Беларусьте" is -те after "с".
            before = low[rest - 2 : rest].rstrip("ь")[-1:]
            if not _fits(ending, before, after_possessive):
                continue
            stem = stem[:rest]
            break
    return stem
