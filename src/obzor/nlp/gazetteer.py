"""Gazetteer matching: KB names found in text in one pass over its words, longest first."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from obzor.kb.keys import CAPITAL, UPPER, caps, word_key
from obzor.kb.loader import KB, Key
from obzor.nlp.morph import WORD
from obzor.text import fold

# Between the words of one name only spaces or a joining mark ("UNRWA/БАПОР", "развития, ...").
_JOINERS = frozenset({"", ",", "/", "-", "–"})
_QUOTES = "«\"“„'"
# Exercise names are common words; only quotes or these words before them make them names.
_EVENT_WORDS = frozenset({"учение", "спецучение", "операция", "спецоперация", "маневры"})


class Token(NamedTuple):
    """One word: offsets, key (lemma or acronym), casefolded surface and the word itself."""

    start: int
    end: int
    key: str
    surface: str
    word: str


@dataclass(frozen=True, slots=True)
class Match:
    """A KB entry found at text[start:end], covering tokens[first:last]."""

    start: int
    end: int
    entry: str
    first: int
    last: int


def tokenize(text: str) -> list[Token]:
    """The words of text with their keys."""
    spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    keys = [word_key(w) for _, _, w in spans]
    make = tuple.__new__  # a NamedTuple's own constructor is several times slower
    return [make(Token, (s, e, k, fold(w), w)) for (s, e, w), k in zip(spans, keys, strict=True)]


class Gazetteer:
    """Matches a KB's names over tokens; built once per KB."""

    def __init__(self, kb: KB) -> None:
        self.kb = kb
        self.longest: dict[str, int] = {}  # first word key -> longest name starting with it
        for index in (kb.keys, kb.surface):
            for key in index:
                self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def match(self, text: str, tokens: list[Token]) -> list[Match]:
        """Non-overlapping matches, leftmost-longest, that pass capitalization and context."""
        found: list[Match] = []
        longest = self.longest
        after = 0  # matches do not overlap: the next one starts after the last one's words
        for i, token in enumerate(tokens):
            if i < after or (token.key not in longest and token.surface not in longest):
                continue
            hit = self._at(text, tokens, i)
            if hit is not None:
                found.append(hit)
                after = hit.last
        return found

    def _at(self, text: str, tokens: list[Token], i: int) -> Match | None:
        longest = max(self.longest.get(tokens[i].key, 0), self.longest.get(tokens[i].surface, 0))
        for n in range(min(longest, len(tokens) - i), 0, -1):
            window = tokens[i : i + n]
            if n > 1 and not _joined(text, window):
                continue
            for key in (
                self.kb.keys.get(tuple(t.key for t in window)),
                self.kb.surface.get(tuple(t.surface for t in window)),
            ):
                if key is not None and _fits(key, window) and self._context(text, tokens, i, key):
                    return Match(window[0].start, window[-1].end, key.entry, i, i + n)
        return None

    def _context(self, text: str, tokens: list[Token], i: int, key: Key) -> bool:
        entry = self.kb.get(key.entry)
        if entry is None or not entry.quoted:
            return True
        return quoted_context(text, tokens[i].start, tokens[i - 1].key if i else None)


def quoted_context(text: str, start: int, previous_key: str | None) -> bool:
    """A common-word name stands in quotes or right after "учения", "операция"."""
    return (start > 0 and text[start - 1] in _QUOTES) or previous_key in _EVENT_WORDS


def _joined(text: str, window: list[Token]) -> bool:
    return all(
        text[a.end : b.start].strip() in _JOINERS and "\n" not in text[a.end : b.start]
        for a, b in pairwise(window)
    )


def _fits(key: Key, window: list[Token]) -> bool:
    """Capitalized name words need capitals in the text; acronyms need all capitals."""
    for want, token in zip(key.caps, window, strict=False):
        if want == UPPER and caps(token.word) != UPPER:
            return False
        if want == CAPITAL and not token.word[:1].isupper():
            return False
    return True
