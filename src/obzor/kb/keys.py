"""Matching keys: a word's key is its lemma (an acronym's is itself), so inflections meet."""

from __future__ import annotations

import re
from functools import lru_cache

from obzor.nlp.morph import WORD, lemma
from obzor.text import fold

# "Нелегал-2025": an operation's yearly edition is the operation.
_YEAR_SUFFIX = re.compile(r"^(.*\D)-(?:19|20)\d\d$")
LOWER, CAPITAL, UPPER = 0, 1, 2  # how a KB name's word is written; text must match at least


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The key of one word: acronyms (all capitals) as written, other words by lemma."""
    year = _YEAR_SUFFIX.match(word)
    if year:
        word = year.group(1)
    if len(word) > 1 and word.isupper():
        return fold(word)
    return lemma(word)


def caps(word: str) -> int:
    """How a word is written: UPPER (an acronym), CAPITAL (initial capital) or LOWER."""
    if len(word) > 1 and word.isupper():
        return UPPER
    return CAPITAL if word[:1].isupper() else LOWER


def phrase_key(text: str) -> tuple[str, ...]:
    """The key of a phrase: the keys of its words."""
    return tuple(word_key(m.group()) for m in WORD.finditer(text))


def phrase_caps(text: str) -> tuple[int, ...]:
    """How each word of a phrase is written."""
    return tuple(caps(m.group()) for m in WORD.finditer(text))


def surface_key(text: str) -> tuple[str, ...]:
    """Exact surface forms, casefolded with ё as е (for names whose lemma misleads)."""
    return tuple(fold(m.group()) for m in WORD.finditer(text))


# Regular declension of names (masculine: consonant, -й/-ь, -а/-я; feminine: -а/-я), enough
# to generate the case forms of the people in the KB: genitive, dative, accusative,
# instrumental, prepositional.
_MASC = (
    (("ов", "ев", "ёв", "ин", "ын"), 0, ("а", "у", "а", "ым", "е")),
    (("й", "ь"), 1, ("я", "ю", "я", "ем", "е")),
    (("а",), 1, ("ы", "е", "у", "ой", "е")),
    (("я",), 1, ("и", "е", "ю", "ей", "е")),
)
_FEM = (
    (("ова", "ева", "ина"), 1, ("ой", "ой", "у", "ой", "ой")),
    (("а",), 1, ("ы", "е", "у", "ой", "е")),
    (("я",), 1, ("и", "е", "ю", "ей", "е")),
)
_CONSONANT = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")


def name_forms(word: str, gender: str) -> list[str]:
    """A Cyrillic name word in the nominative and its oblique cases (indeclinable: itself)."""
    head, sep, last = word.rpartition("-")
    prefix = head + sep
    low = last.lower()
    for endings, cut, suffixes in _MASC if gender == "m" else _FEM:
        if low.endswith(endings):
            stem = last[: len(last) - cut] if cut else last
            return [word, *(prefix + stem + s for s in suffixes)]
    if gender == "m" and _CONSONANT.search(low):
        ablt = "ым" if low.endswith(("ов", "ев", "ин")) else "ом"
        return [word, *(prefix + last + s for s in ("а", "у", "а", ablt, "е"))]
    return [word]
