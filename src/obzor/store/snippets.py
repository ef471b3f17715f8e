"""Snippets from the original text (the index holds lemmas, so FTS5's snippet() cannot)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable

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

    Each distinct word is looked up once (a news text repeats about half its words), and each
    term's matching words are found once, so a snippet costs one pass over the text.
    """
    distinct: dict[str, tuple[str, set[str]]] = {}
    for w in words:
        if w not in distinct:
            low = w.lower().replace("ё", "е")
            distinct[w] = (low, {low, lemma(w), key(w)})
    terms = {t for phrase in phrases for t in phrase}
    matching = {
        t: {w for w, (low, forms) in distinct.items() if _matches(t, low, forms)} for t in terms
    }
    hits: set[int] = set()
    for phrase in phrases:
        first = matching[phrase[0]]
        for k in range(len(words) - len(phrase) + 1):
            if words[k] in first and all(
                words[k + j] in matching[t] for j, t in enumerate(phrase) if j
            ):
                hits.update(range(k, k + len(phrase)))
    return sorted(hits)


def _matches(term: Term, low: str, forms: set[str]) -> bool:
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
