"""Tokens and lemmas: a fast regex tokenizer and a cached pymorphy3 lemmatizer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from obzor.nlp import kazakh, namekey
from obzor.text import fold

if TYPE_CHECKING:
    import pymorphy3
    from pymorphy3.analyzer import Parse

# Words are runs of letters/digits, optionally joined by hyphens or apostrophes
# ("Иссык-Кульской", "Кот-д'Ивуар"); everything else separates tokens.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The shared pymorphy3 analyzer (loading it takes ~0.3 s and ~15 MB)."""
    import pymorphy3  # here: a command that reads no word (`show`) starts without it (35 ms)

    return pymorphy3.MorphAnalyzer()


def tokens(text: str) -> Iterator[re.Match[str]]:
    """Word tokens with their offsets."""
    return WORD.finditer(text)


# One word is read by several stages (NER features, names, linking, roles, events), and a
# name by up to a dozen (case, gender) readings: pymorphy3 parses each distinct string once.
# 50k entries (~1 KB each) hold the words of many articles while memory stays bounded.
@lru_cache(maxsize=50_000)
def parses(word: str) -> tuple[Parse, ...]:
    """pymorphy3's parses of word, best first (cached: the same tuple for the same string)."""
    return tuple(analyzer().parse(word))


# Russian news reuses a small vocabulary; 200k entries hold a large corpus's words
# (~40 MB) and make lemmatization mostly dictionary lookups.
@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one word, lowercased, ё as е; non-Cyrillic words are only lowercased."""
    low = fold(word)
    if not _has_cyrillic(low) or kazakh.kazakh_word(low):
        return low  # pymorphy3 reads Russian: it would mangle "үкіметтің" into a guess
    return fold(str(parses(low)[0].normal_form))


# An acronym with a hyphenated case ending: Kazakh writes "ҰҚШҰ-ның", "ШЫҰ-ға", "БҰҰ-да".
_ACRONYM_SUFFIX = re.compile(r"^([^\W\d_a-zа-яёәғқңөұүһі]{2,})-[a-zа-яёәғқңөұүһі]{1,5}$")


# Keys are looked up per distinct written word, case kept: as many entries as lemma's.
@lru_cache(maxsize=200_000)
def key(word: str, initial: bool = False) -> str:
    """The search key of one word as written: a capitalized word read as a personal name gets
    its name key (one for every case form, nlp/namekey.py), any other word its lemma; a word
    with a letter only Kazakh has is keyed by its Kazakh stem (kazakh_key). initial: the word
    opens a sentence, where a capital says nothing."""
    if kazakh.kazakh_word(word):
        return kazakh_key(word, initial)
    return _russian_key(word, initial)


def kazakh_key(word: str, initial: bool = False) -> str:
    """The search key of a word of Kazakh text: its stem without Kazakh case, possessive and
    plural endings ("Тоқаевтың", "Президентінің", "Астанада"), then keyed as a Russian word is,
    so that "Астанада" meets "Астана" and "Астане" and "Путинмен" meets "Путина"; a lowercase
    stem is its own key (pymorphy3 would read it as Russian)."""
    stem = kazakh.search_stem(word, _known_name)
    if stem[:1].islower():
        return fold(stem)
    return _russian_key(stem, initial)


def query_keys(word: str) -> tuple[str, ...]:
    """The index keys a typed query word matches: its key as typed and as a capitalized name
    ("тасмагамбетову" finds "Тасмагамбетова"), and, for a word Russian's dictionary does not
    know, its Kazakh key as typed and capitalized, so that a Kazakh form with no Kazakh-only
    letter ("Астанада", "Путинмен", "Назарбаевты") finds the articles of its base form in
    either language. A Russian dictionary word ("банка", "стране") keeps its Russian keys only,
    unless it is a place's Kazakh case form that pymorphy3 also knows as a first name
    ("Иранда")."""
    capital = word[:1].upper() + word[1:]
    found = [key(word), key(capital)]
    if (
        not kazakh.kazakh_word(word)
        and _has_cyrillic(word.lower())
        and (not _dictionary(word) or _place_case_form(capital))
    ):
        found += [kazakh_key(word), kazakh_key(capital)]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=50_000)
def _dictionary(word: str) -> bool:
    return bool(analyzer().word_is_known(fold(word)))


@lru_cache(maxsize=50_000)
def _known_name(word: str) -> bool:
    """Whether pymorphy3's dictionary knows the word as a place or personal name ("Канада",
    "Алматы", "Путин"): Kazakh endings are not stripped from it."""
    low = word.lower()
    if not _has_cyrillic(low) or kazakh.kazakh_word(low) or not analyzer().word_is_known(low):
        return False
    return _name_grammemes(low) != set() and not _place_case_form(word)


def _name_grammemes(low: str) -> set[str]:
    return {g for p in parses(low)[:2] for g in ("Geox", "Name", "Surn") if g in p.tag}


@lru_cache(maxsize=50_000)
def _place_case_form(word: str) -> bool:
    """Whether pymorphy3 knows the word as a personal name but not as a place, while its
    Kazakh stem is a place it knows: "Иранда" (Иран + locative -да; also a given name)."""
    low = word.lower()
    if "Geox" in _name_grammemes(low):
        return False
    stem = kazakh.search_stem(word)
    return stem != word and "Geox" in _name_grammemes(stem.lower())


def _russian_key(word: str, initial: bool) -> str:
    if len(word) < 2 or not word[:1].isupper() or word.isupper():
        return lemma(word)
    acronym = _ACRONYM_SUFFIX.match(word)
    if acronym:
        return lemma(acronym.group(1))  # "ҰҚШҰ-ға", "БҰҰ-да": Kazakh case suffixes
    low = fold(word)
    if not _has_cyrillic(low):
        return low
    found = namekey.name_key(low, parses(low), initial)
    return lemma(word) if found is None else found


# What may open a sentence before a word: its end, a line break, a quotation, a dash of speech
# (for a capitalized common noun only, so a quoted title taken as a sentence costs nothing).
_SENTENCE_END = re.compile(r"[.!?…\n«\"“„:–—]")


def lemmatize(text: str, language: str | None = None) -> str:
    """Space-joined keys of every word in text (the form the search index holds); a Kazakh
    text's words ("kk") are keyed by their Kazakh stems, whatever letters they have."""
    word_key = kazakh_key if language == "kk" else key
    out: list[str] = []
    last = 0
    for m in WORD.finditer(text):
        initial = not out or _SENTENCE_END.search(text, last, m.start()) is not None
        out.append(word_key(m.group(), initial))
        last = m.end()
    return " ".join(out)


def _has_cyrillic(word: str) -> bool:
    return any("а" <= ch <= "я" or ch == "ё" or ch in "әғқңөұүһі" for ch in word)


def recase(original: str, word: str) -> str:
    """The inflected (lowercase) word with the original's capitals, per hyphen part
    ("Акорду" -> "Акорда", "ОДКБ" stays upper)."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    old, new = original.split("-"), word.split("-")
    if len(old) != len(new):
        return word[:1].upper() + word[1:] if original[:1].isupper() else word
    return "-".join(
        n[:1].upper() + n[1:] if o[:1].isupper() else n for o, n in zip(old, new, strict=True)
    )
