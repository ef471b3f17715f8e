"""Snippets from the original text (the index holds lemmas, so FTS5's snippet() cannot)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache

from obzor.nlp.morph import key, lemma, tokens
from obzor.store.query import Term

# About two lines of a terminal: enough words to read a match in its sentence.
WIDTH = 30
# Words shown before the first match so it does not open the snippet cold.
LEAD = 6
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")


def snippet(
    text: str,
    phrases: Iterable[tuple[Term, ...]],
    *,
    width: int = WIDTH,
    marks: tuple[str, str] = ("[", "]"),
    escape: Callable[[str], str] = str,
) -> str:
    """The ~width-word window of text with the most matching words, matches wrapped in marks."""
    # escape applies to the text, not the marks: pass rich.markup.escape with rich marks.
    words = list(tokens(text))
    if not words:
        return escape(_SPACE.sub(" ", text).strip())
    hits = _hits([m.group() for m in words], list(phrases))
    start = _best_start(hits, len(words), width)
    end = min(start + width, len(words))
    marked = set(hits)
    parts: list[str] = [ELLIPSIS if start > 0 else escape(text[: words[0].start()].lstrip())]
    for k in range(start, end):
        word = escape(words[k].group())
        parts.append(f"{marks[0]}{word}{marks[1]}" if k in marked else word)
        if k + 1 < end:
            parts.append(escape(_SPACE.sub(" ", text[words[k].end() : words[k + 1].start()])))
    parts.append(ELLIPSIS if end < len(words) else escape(text[words[-1].end() :].rstrip()))
    return _SPACE.sub(" ", "".join(parts))


def _hits(words: list[str], phrases: list[tuple[Term, ...]]) -> list[int]:
    """Sorted indexes of words inside an occurrence of a phrase (a word is a phrase of one).

    Each distinct word is looked up once (a news text repeats about half its words, and the
    forms of a word are cached across snippets), and one set test skips a word that matches no
    term, so a snippet costs one pass over the text.
    """
    terms = {t for phrase in phrases for t in phrase}
    wanted = {f for t in terms if not t.prefix for f in (t.surface, *t.keys)}
    prefixed = any(t.prefix for t in terms)
    matching: dict[Term, set[str]] = {t: set() for t in terms}
    for w in set(words):
        low, forms = _forms(w)
        if forms.isdisjoint(wanted) and not prefixed:
            continue  # most words match no term: one set test each
        for t in terms:
            if _matches(t, low, forms):
                matching[t].add(w)
    hits: set[int] = set()
    for phrase in phrases:
        first, rest = matching[phrase[0]], [(j, matching[t]) for j, t in enumerate(phrase) if j]
        for k in [k for k, w in enumerate(words[: len(words) - len(rest)]) if w in first]:
            if all(words[k + j] in found for j, found in rest):
                hits.update(range(k, k + len(phrase)))
    return sorted(hits)


# Snippets of a page look up the same few thousand words again and again; bounded like the
# lemma cache (nlp/morph.py).
@lru_cache(maxsize=200_000)
def _forms(word: str) -> tuple[str, frozenset[str]]:
    """A written word's lowercased form and its set of lowercase form, lemma and key."""
    low = word.lower().replace("ё", "е")
    return low, frozenset((low, lemma(word), key(word)))


def _matches(term: Term, low: str, forms: frozenset[str]) -> bool:
    """Whether a text word (lowercased, and its set of lowercase/lemma/key) matches a term."""
    if term.prefix:
        return any(f.startswith(term.surface) for f in forms)
    return low == term.surface or not forms.isdisjoint(term.keys)


def _best_start(hits: list[int], n: int, width: int) -> int:
    """Start of the window holding the most hits, opening LEAD words before one of them."""
    best, best_count = 0, 0
    for h in hits:
        start = max(0, min(h - LEAD, n - width))
        count = bisect_left(hits, start + width) - bisect_left(hits, start)
        if count > best_count:
            best, best_count = start, count
    return best
