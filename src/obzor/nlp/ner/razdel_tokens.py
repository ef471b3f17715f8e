"""razdel's tokens, each run of non-space characters tokenized once and then remembered.

razdel cuts a text into atoms (runs of Cyrillic or Latin letters, of digits, single marks) and
joins neighbours that no space separates by its rules. Two atoms a space separates are always
two tokens, so a text's tokens are the tokens of its space-free chunks. A rule may look one
atom past the chunk ("-" glued to a word after a space joins it, "2023." before a digit), but
only at that atom's kind (letters, digits, mark, other): the tokens of a chunk are a function
of the chunk and the kinds of the atoms beside it, and that is the key they are kept under.
News repeats its words, so most chunks are a dictionary look-up (tests/test_razdel_tokens.py
compares with razdel itself).
"""

from __future__ import annotations

import re

from razdel import tokenize
from razdel.segmenters.tokenize import ATOM, DASHES

CHUNK = re.compile(r"\S+")
# A character of each atom kind, to stand for the neighbour beside a chunk.
STAND_IN = {"RU": "ж", "LAT": "q", "INT": "7", "PUNCT": "@", "OTHER": "¤"}
# The marks razdel's rules join across by looking one atom further (dash, underscore, decimal
# point, fraction bar): a chunk's neighbour matters only beside one of them.
GLUE = frozenset(DASHES + "_.,/\\")
# Chunks remembered (a key is a short string; the value a few offsets).
CACHE_SIZE = 200_000

Offsets = tuple[tuple[int, int], ...]
_cache: dict[tuple[str, str, str], Offsets] = {}


def _kind(char: str) -> str:
    """The kind of razdel atom a character belongs to."""
    match = ATOM.match(char)
    return (match.lastgroup or "OTHER") if match else "OTHER"


def _chunk_tokens(before: str, chunk: str, after: str) -> Offsets:
    """Offsets within chunk of its tokens, beside atoms of the kinds before and after ('' for
    none)."""
    left = STAND_IN[before] + " " if before else ""
    right = " " + STAND_IN[after] if after else ""
    shift = len(left)
    found = tokenize(left + chunk + right)
    return tuple(
        (t.start - shift, t.stop - shift)
        for t in found
        if t.start >= shift and t.stop <= shift + len(chunk)
    )


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, text) of each razdel token of text, as razdel.tokenize gives them."""
    chunks = [(m.start(), m.group()) for m in CHUNK.finditer(text)]
    out: list[tuple[int, int, str]] = []
    last = len(chunks) - 1
    for i, (start, chunk) in enumerate(chunks):
        before = _kind(chunks[i - 1][1][-1]) if i and chunk[0] in GLUE else ""
        after = _kind(chunks[i + 1][1][0]) if i < last and chunk[-1] in GLUE else ""
        key = (before, chunk, after)
        offsets = _cache.get(key)
        if offsets is None:
            if len(_cache) >= CACHE_SIZE:
                _cache.clear()
            offsets = _cache[key] = _chunk_tokens(before, chunk, after)
        out.extend((start + a, start + b, chunk[a:b]) for a, b in offsets)
    return out
