"""The headline of a page: the first candidate that is not page furniture or a lone rubric."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable, Iterator, Sequence

from obzor.clean.boilerplate import RuleSet, default_rules
from obzor.clean.dates import is_date_line
from obzor.clean.text import domain_of, normalize_line
from obzor.text import fold

# Headlines in the region's news run 40-150 characters; a first line longer than this is
# prose (a post without a headline), so the page gets no title and the line stays body.
TITLE_MAX_CHARS = 250

# A one-word title gives way to a headline of this many words or more: region headlines run
# 5-15 words, and three keeps "Мир" above "Байден вступил в должность" a rubric while a
# one-word title above a date, a long lead or nothing longer stays the title.
RUBRIC_NEXT_WORDS = 3

# <h1> elements in the first 500 kB; their inner tags and entities go.
H1_CHARS = 500_000
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# A clock time that a news list glues before a headline ("09:57 Канада задумала ..."): the
# time, a separator perhaps, then a word or a quote (a headline does not open with a time).
_TIME_PREFIX = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*[:|–—-])?\s+(?=[^\W\d_]|[«\"'])")


def is_furniture(title: str, rules: RuleSet | None = None) -> bool:
    """True when a title candidate is page furniture: a line the boilerplate rules reject as a
    headline (a button, a widget label, a cookie or registration notice), a domain alone, or
    no letters at all."""
    bare = title.strip(" :|-–—·")
    rule = (rules or default_rules()).match(bare)
    return (
        not any(ch.isalpha() for ch in bare)
        or (rule is not None and rule.rejects_title)
        or domain_of(bare) is not None
    )


def is_rubric(line: str, following: str | None, rules: RuleSet | None = None) -> bool:
    """True for a one-word rubric above the headline ("Мир", then "Конгресс США утвердил
    ..."): the next line reads as a headline (words enough, no closing full stop, no date)."""
    if len(line.split()) != 1 or following is None:
        return False
    return _headline_like(following) and (rules or default_rules()).match(following) is None


def choose_title(candidates: Sequence[str | None], headlines: Iterable[str | None]) -> str | None:
    """The first candidate (most trusted first, then the headlines) that is not furniture; a
    one-word choice that no other candidate repeats gives way to a headline-like headline (the
    page's og:title or an <h1>: "Aktuelles" to "Reparaturcafé am 31. Januar"). headlines is
    read only when no candidate of several words is usable (a generator of a page's <h1>
    elements is never scanned for most pages)."""
    usable = _usable(candidates)
    if usable and len(usable[0].split()) != 1:
        return usable[0]
    heads = [normalize_line(h) for h in headlines if h]
    usable += _usable(heads)
    if not usable:
        return None
    first = usable[0]
    if len(first.split()) == 1 and all(fold(c) != fold(first) for c in usable[1:]):
        longer = next((h for h in heads if _headline_like(h) and not is_furniture(h)), None)
        if longer is not None:
            return longer
    return first


def _usable(lines: Iterable[str | None]) -> list[str]:
    """The lines, normalized, that are neither empty nor furniture."""
    found = (normalize_line(line) for line in lines if line)
    return [line for line in found if line and not is_furniture(line)]


def without_time(title: str) -> str:
    """The title without a glued clock time: "09:57 Канада задумала ..." -> "Канада ..."."""
    m = _TIME_PREFIX.match(title)
    return title[m.end() :] if m else title


def h1_texts(content: str) -> list[str]:
    """The text of each <h1> element of an HTML page, in page order (empty ones left out)."""
    head = _SCRIPT.sub(" ", content[:H1_CHARS])
    found = (normalize_line(htmllib.unescape(_TAG.sub(" ", m))) for m in _H1.findall(head))
    return [text for text in found if text]


def page_headlines(og_title: str | None, content: str) -> Iterator[str | None]:
    """A page's headlines for choose_title: its og:title, then its <h1> texts, scanned only
    when choose_title reads past the og:title."""
    yield og_title
    yield from h1_texts(content)


def _headline_like(line: str) -> bool:
    return (
        len(line.split()) >= RUBRIC_NEXT_WORDS
        and len(line) <= TITLE_MAX_CHARS
        and not line.rstrip().endswith(".")
        and not is_date_line(line)
    )
