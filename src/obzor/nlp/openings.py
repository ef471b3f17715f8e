"""The characters a regex's match can open with, as a lookahead put before it.

Python's `re` tries a pattern at every position of the text; a pattern that opens with an
alternation of words ("сообщает|передаёт|...") costs a try of each word at each position.
`ahead(pattern)` puts a one-class lookahead of the characters any match opens with before it,
so the pattern is tried only where one stands. The lookahead holds wherever a match begins,
so the matches are the same (spans, groups and their numbers). When the openings cannot be
told (a pattern that may match the empty string, opens with any character, a class like \\w,
a negated one or an inline flag), the pattern is returned as it is.
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

Openings = tuple[set[str], bool]  # the characters, and whether the sequence may match nothing


def _class(items: list[tuple[Any, Any]]) -> set[str] | None:
    found: set[str] = set()
    for op, value in items:
        if op is c.LITERAL:
            found.add(chr(value))
        elif op is c.RANGE and value[1] - value[0] < MOST:
            found.update(chr(code) for code in range(value[0], value[1] + 1))
        else:  # NEGATE, CATEGORY (\w, \d, \s), a wide range
            return None
    return found


def _openings(items: Any) -> Openings | None:
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
            _, add_flags, del_flags, sub = value
            inner = None if add_flags or del_flags else _openings(sub)
        elif op is c.ATOMIC_GROUP:
            inner = _openings(value)
        elif op is c.BRANCH:
            parts = [_openings(branch) for branch in value[1]]
            if any(part is None for part in parts):
                return None
            inner = (
                set().union(*(p[0] for p in parts if p)),
                any(p[1] for p in parts if p),
            )
        elif op in _REPEATS:
            low, _, sub = value
            inner = _openings(sub)
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
    """The characters any match of pattern opens with (before case folding), or None."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:
        return None
    found = _openings(parsed)
    if found is None or found[1] or not found[0] or len(found[0]) > MOST:
        return None
    return found[0]


def ahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """pattern with a lookahead of its openings before it (the same matches), or pattern."""
    chars = openings(pattern)
    if chars is None:
        return pattern
    opening = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{opening}])(?:{pattern.pattern})", pattern.flags)
