"""How text compares, once for the whole code base: one fold and one name key.

`fold` is how words compare (search keys, lemmas, rule words, the content hash, dates, the
boilerplate rules): casefolded, ё as е. `name_key` is how a name compares (entity rows and
their aliases, speakers, calendar places and titles, a source against a mention): folded,
with hyphens, dots, quotes and brackets as spaces and whitespace collapsed, so "Жан-Ив",
"Жан Ив", «Газпром» and "Газпром" meet. A test (tests/test_text_fold.py) refuses a second
ё-to-е fold anywhere under src/. Light imports only: every package uses it.
"""

from __future__ import annotations

import re

# What a name key reads as a space: hyphens, dots, quotes (straight, guillemets, curly, low)
# and round brackets. The rule entity rows have been keyed by since migration 2.
_NAME_PUNCT = re.compile(r"[-.«»\"'“”„()]")


def fold(text: str) -> str:
    """text casefolded with ё as е: the one way words compare ("Ёлка", "ЕЛКА" -> "елка")."""
    return text.casefold().replace("ё", "е")


def plain_e(text: str) -> str:
    """text with ё written е, case kept: a generated form shown as news writes it."""
    return text.replace("ё", "е").replace("Ё", "Е")


def name_key(name: str) -> str:
    """The key a name compares by: folded, hyphens, dots, quotes and brackets as spaces,
    whitespace collapsed ("Жан-Ив  Ле Дриан" -> "жан ив ле дриан", «Газпром» -> "газпром")."""
    return " ".join(_NAME_PUNCT.sub(" ", fold(name)).split())
