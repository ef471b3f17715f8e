"""The characters a regex's match can open with, as a lookahead put before it.

Python's `re` tries a pattern at every position of the text; a pattern that opens with an
alternation of words ("сообщает|передаёт|...") costs a try of each word at each position.
`ahead(pattern)` puts a one-class lookahead of the characters any match opens with before it,
so the pattern is tried only where one stands. The lookahead holds wherever a match begins,
so the matches are the same (spans, groups and their numbers). When the openings cannot be
told, or are no filter (a pattern that may match the empty string, opens with any character,
a word character \\w, a negated class, or under an inline flag that makes case count), the
pattern is returned as it is.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# A class of more characters than this is no filter worth its test.
MOST = 120
_ZERO_WIDTH = {c.AT, c.ASSERT, c.ASSERT_NOT}
_REPEATS = {c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT}
# Classes kept as escapes in the lookahead: digits and spaces are few; \w would pass any word.
_CATEGORIES = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_SPACE: r"\s"}

# The characters (or class escapes), and whether the sequence may match nothing.
Openings = tuple[set[str], bool]


def _class(items: list[tuple[Any, Any]]) -> set[str] | None:
    found: set[str] = set()
    for op, value in items:
        if op is c.LITERAL:
            found.add(chr(value))
        elif op is c.RANGE and value[1] - value[0] < MOST:
            found.update(chr(code) for code in range(value[0], value[1] + 1))
        elif op is c.CATEGORY and value in _CATEGORIES:
            found.add(_CATEGORIES[value])
        else:  # NEGATE, \w and the negated categories, a wide range
            return None
    return found


def _openings(items: Any, flags: int) -> Openings | None:
    found: set[str] = set()
    for op, value in items:
        if op in _ZERO_WIDTH:  # \b, ^, lookarounds consume nothing: the next item opens
            continue
        if op is c.LITERAL:
            return found | {chr(value)}, False
        if op is c.IN:
            chars = _class(value)
            return None if chars is None else (found | chars, False)
        if op is c.SUBPATTERN:
            _, add_flags, _, sub = value
            # (?-i:...) only narrows what the lookahead (under the pattern's flags) lets pass;
            # (?i:...) in a case-sensitive pattern would widen it
            widened = add_flags & re.IGNORECASE and not flags & re.IGNORECASE
            inner = None if widened else _openings(sub, flags)
        elif op is c.ATOMIC_GROUP:
            inner = _openings(value, flags)
        elif op is c.BRANCH:
            parts = [_openings(branch, flags) for branch in value[1]]
            if any(part is None for part in parts):
                return None
            inner = (
                set().union(*(p[0] for p in parts if p)),
                any(p[1] for p in parts if p),
            )
        elif op in _REPEATS:
            low, _, sub = value
            inner = _openings(sub, flags)
            if inner is not None and low == 0:
                inner = (inner[0], True)
        else:  # any character, a negated literal, a group reference
            return None
        if inner is None:
            return None
        found |= inner[0]
        if not inner[1]:
            return found, False
    return found, True


def openings(pattern: re.Pattern[str]) -> set[str] | None:
    """The characters any match of pattern opens with (before case folding; \\d and \\s for
    those classes), or None."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:
        return None
    found = _openings(parsed, pattern.flags)
    if found is None or found[1] or not found[0] or len(found[0]) > MOST:
        return None
    return found[0]


def ahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """pattern with a lookahead of its openings before it (the same matches), or pattern."""
    chars = openings(pattern)
    if chars is None:
        return pattern
    opening = "".join(ch if ch in _CATEGORIES.values() else re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{opening}])(?:{pattern.pattern})", pattern.flags)
