"""Cost bounds on one input: text length, HTML elements and attributes, JSON depth and numbers.

Every bound says why it has its value; an input past one is refused (or its text cut) with a
message that names the limit, never left to run for minutes or take gigabytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Every analysis stage's work grows linearly with the text (mentions, dates and quotes are found
# by the span they lie in, nlp/spans.py), so this cut bounds an article's time and memory: a
# 64 K-character text dense in names links in ~0.2 s of CPU (bench/hostile.py). News articles
# run 2-20 K characters and long reads 40 K, so they stay whole; a longer text is cut at a
# paragraph, sentence or word boundary.
MAX_TEXT_CHARS = 64_000
# How far back from the limit a cut looks for a boundary (a paragraph, then a sentence end).
_CUT_WINDOW = 4_000

# libxml2 checks an element's attributes against each other (quadratic): 40 K attributes on
# one element take 3 s, a million would take half an hour. Real elements carry under 30.
MAX_ATTRIBUTES = 256
# trafilatura's cost grows faster than the element count (20 K elements 2 s, 100 K 30 s).
# News pages have 1-10 K elements; 50 K leaves room for long comment threads.
MAX_HTML_ELEMENTS = 50_000
_START_TAG = re.compile(r"<[A-Za-z]")
# A start tag, quoted values (which may hold ">") read as a whole; possessive: no backtracking.
_TAG = re.compile(r"""<[A-Za-z](?:[^>"']++|"[^"]*+"|'[^']*+')*+""")
# A tag shorter than this cannot hold more than MAX_ATTRIBUTES attributes (each " a" at least).
_LONG = MAX_ATTRIBUTES * 2
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_NAME = re.compile(r"""\s+[^\s"'=<>/]+""")

# Telegram exports nest a message's text parts 3-4 levels deep; JSON Lines records 1-2.
MAX_JSON_DEPTH = 64
# Ids and counts need 20 digits; a longer number is an attack on int() (it is quadratic).
MAX_NUMBER_DIGITS = 64


class LimitExceeded(ValueError):
    """An input past one of the cost bounds; the message names the limit."""


def cut_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """text, or its first `limit` characters cut at a paragraph, sentence or word boundary."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    floor = limit - _CUT_WINDOW
    for mark in ("\n", ". ", " "):
        at = head.rfind(mark, floor)
        if at > 0:
            return head[: at + 1].rstrip()
    return head


def check_html(content: str, source: str) -> None:
    """LimitExceeded when a page has too many elements, or an element too many attributes."""
    elements = len(_START_TAG.findall(content))
    if elements > MAX_HTML_ELEMENTS:
        raise LimitExceeded(
            f"{source}: refused: {elements:,} HTML elements > limit {MAX_HTML_ELEMENTS:,}"
        )
    for match in _TAG.finditer(content):
        if match.end() - match.start() < _LONG:
            continue
        count = len(_NAME.findall(_QUOTED.sub('""', match.group())))
        if count > MAX_ATTRIBUTES:
            raise LimitExceeded(
                f"{source}: refused: an HTML element with {count:,} attributes"
                f" > limit {MAX_ATTRIBUTES:,}"
            )


def load_json(raw: str | bytes, source: str) -> Any:
    """Parsed JSON; ValueError (LimitExceeded for the bounds) says what is wrong and where."""
    try:
        data = json.loads(raw, parse_int=_int, parse_constant=_constant)
    except RecursionError:
        raise LimitExceeded(f"{source}: JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except LimitExceeded as exc:
        raise LimitExceeded(f"{source}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source}: malformed JSON: {exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{source}: malformed JSON: not UTF-8") from None
    if _depth(data) > MAX_JSON_DEPTH:
        raise LimitExceeded(f"{source}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return data


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise LimitExceeded(
            f"a number of {len(digits):,} digits > limit {MAX_NUMBER_DIGITS} digits"
        )
    return int(digits)


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def _depth(data: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            break
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest
