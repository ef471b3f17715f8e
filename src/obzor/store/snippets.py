"""Snippets from the original text (the index holds lemmas, so FTS5's snippet() cannot)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from obzor.nlp.morph import WORD, kazakh_key, key, lemma, tokens
from obzor.store.query import Term
from obzor.text import fold

# About two lines of a terminal: enough words to read a match in its sentence.
WIDTH = 30
# Words shown before the first match so it does not open the snippet cold.
LEAD = 6
# Words read past the first match to look for a denser window: about a paragraph of news.
# The text beyond is never tokenized, so a snippet costs about the first match's position
# plus this, not the whole article (a page makes 20 of them per search, issue 18).
AFTER_FIRST = 100
# Words read looking for a first match: past it (the words matched only the headline, or a
# huge text) the snippet opens the text, so no text costs more than this.
SCAN_LIMIT = 3000
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")


def snippet(
    text: str,
    phrases: Iterable[tuple[Term, ...]],
    *,
    width: int = WIDTH,
    marks: tuple[str, str] = ("[", "]"),
    escape: Callable[[str], str] = str,
    kazakh: bool = False,
    keys: Sequence[str] | None = None,
) -> str:
    """The ~width-word window with the most matching words among those near the first match
    (AFTER_FIRST words past it), matches wrapped in marks; the opening without a match.
    kazakh: the text is a Kazakh article's, whose words the index keys by their Kazakh stems
    ("Астанада" matches "Астана"), so they match by those too. keys: the key the search index
    holds for each word of text (its lemma text, split): words match by it, and nothing is
    lemmatized; ignored unless it has one key a word."""
    # escape applies to the text, not the marks: pass rich.markup.escape with rich marks.
    if keys is not None and len(keys) != len(WORD.findall(text)):
        keys = None  # not this text's (edited since it was indexed): lemmatize as typed
    words, hits, more = _scan(text, list(phrases), kazakh, keys)
    if not words:
        return escape(_SPACE.sub(" ", text).strip())
    start = _best_start(hits, len(words), width)
    end = min(start + width, len(words))
    marked = set(hits)
    parts: list[str] = [ELLIPSIS if start > 0 else escape(text[: words[0].start()].lstrip())]
    for k in range(start, end):
        word = escape(words[k].group())
        parts.append(f"{marks[0]}{word}{marks[1]}" if k in marked else word)
        if k + 1 < end:
            parts.append(escape(_SPACE.sub(" ", text[words[k].end() : words[k + 1].start()])))
    cut = end < len(words) or more
    parts.append(ELLIPSIS if cut else escape(text[words[-1].end() :].rstrip()))
    return _SPACE.sub(" ", "".join(parts))


def _scan(
    text: str,
    phrases: list[tuple[Term, ...]],
    kazakh: bool = False,
    keys: Sequence[str] | None = None,
) -> tuple[list[re.Match[str]], list[int], bool]:
    """The words read (up to AFTER_FIRST past the first match, or SCAN_LIMIT), the sorted
    indexes of those inside an occurrence of a phrase (a word is a phrase of one), and
    whether the text goes on past them.

    Each distinct word is looked up once (a news text repeats about half its words, and the
    forms of a word are cached across snippets), and one set test skips a word that matches no
    term; a phrase is tested only where a word matches its last term.
    """
    terms = {t for phrase in phrases for t in phrase}
    wanted = {f for t in terms if not t.prefix for f in (t.surface, *t.keys)}
    prefixed = any(t.prefix for t in terms)
    seen: dict[tuple[str, str], frozenset[Term]] = {}
    words: list[re.Match[str]] = []
    found: list[frozenset[Term]] = []
    hits: set[int] = set()
    stop = SCAN_LIMIT
    for m in tokens(text):
        k = len(words)
        if k >= stop:
            return words, sorted(hits), True
        words.append(m)
        w = m.group()
        held = "" if keys is None else keys[k]
        here = seen.get((w, held))
        if here is None:
            low, forms = _forms(w, kazakh) if keys is None else _held_forms(w, held)
            if forms.isdisjoint(wanted) and not prefixed:
                here = frozenset()  # most words match no term: one set test each
            else:
                here = frozenset(t for t in terms if _matches(t, low, forms))
            seen[w, held] = here
        found.append(here)
        if not here:
            continue
        for phrase in phrases:
            first = k + 1 - len(phrase)
            if (
                first >= 0
                and phrase[-1] in here
                and all(t in found[first + j] for j, t in enumerate(phrase[:-1]))
            ):
                if not hits:
                    stop = min(stop, first + AFTER_FIRST)
                hits.update(range(first, k + 1))
    return words, sorted(hits), False


# Snippets of a page look up the same few thousand words again and again; bounded like the
# lemma cache (nlp/morph.py).
@lru_cache(maxsize=200_000)
def _forms(word: str, kazakh: bool = False) -> tuple[str, frozenset[str]]:
    """A written word's folded form and its set of folded form, lemma and key (and Kazakh
    key, as a Kazakh article's index has it)."""
    low = fold(word)
    if kazakh:
        return low, frozenset((low, lemma(word), key(word), kazakh_key(word)))
    return low, frozenset((low, lemma(word), key(word)))


def _held_forms(word: str, held: str) -> tuple[str, frozenset[str]]:
    """A written word's folded form and its set of folded form and the key the index holds."""
    low = fold(word)
    return low, frozenset((low, held))


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
