"""Sentence spans for the rule stages: cheap, offset-preserving, no models; rules by name.

Every place a sentence might end (. ! ? … before a space, or a line break) is judged by the
rules in RULES, in order; the first that applies decides, and `explain(text)` says which one
did at each place (razdel's DebugSegmenter idea). "ул. Ленина", "т. Иванова", "Mr. Smith",
"2024 г. в" and "А. Иванов" stay one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Abbreviations a period follows inside a sentence: units and numbers (г, гг, тыс, млн,
# млрд, см), addresses (ул, д, пр, просп, пл, обл), names and titles (т = товарищ, им = имени,
# ст = статья/станция, mr, mrs, ms, dr, st). Kept short: each one costs a missed split when a
# sentence really ends with it.
ABBREVIATIONS = frozenset(
    {"г", "гг", "тыс", "млн", "млрд", "см", "ст", "ул", "д", "пр", "просп", "пл", "обл"}
    | {"т", "им", "mr", "mrs", "ms", "dr", "st"}
)
_CANDIDATE = re.compile(r"[.!?…]+(?=\s)|\n+")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_NEXT = re.compile(r"\s*(\S?)")
_STARTS = re.compile(r"[«\"“„(\[А-ЯЁA-Z0-9–—-]")


@dataclass(frozen=True, slots=True)
class Place:
    """A place a sentence might end: the text before it, the stop, the next visible character."""

    before: str
    stop: str
    after: str


Rule = Callable[[Place], bool | None]  # True: split here; False: do not; None: no opinion


def line_break(p: Place) -> bool | None:
    """A line break always ends a sentence (headlines, datelines, list items)."""
    return True if "\n" in p.stop else None


def next_starts_sentence(p: Place) -> bool | None:
    """After the stop, a sentence starts with a capital, a digit, a quote, a bracket or a dash."""
    return None if p.after and _STARTS.match(p.after) else False


def initial(p: Place) -> bool | None:
    """A single capital before the period is an initial ("А. Иванов", "В. В. Путин")."""
    if p.stop != ".":
        return None
    word = _WORD_BEFORE.search(p.before)
    return False if word and len(word.group(1)) == 1 and word.group(1).isupper() else None


def abbreviation(p: Place) -> bool | None:
    """A period after a known abbreviation ("ул. Ленина", "2024 г. в", "Mr. Smith")."""
    if p.stop != ".":
        return None
    word = _WORD_BEFORE.search(p.before)
    return False if word and word.group(1).lower() in ABBREVIATIONS else None


def end_mark(p: Place) -> bool | None:
    """Otherwise . ! ? … before a sentence start ends the sentence."""
    return True


RULES: tuple[tuple[str, Rule], ...] = (
    ("line_break", line_break),
    ("next_starts_sentence", next_starts_sentence),
    ("initial", initial),
    ("abbreviation", abbreviation),
    ("end_mark", end_mark),
)


def explain(text: str) -> list[tuple[int, str, bool]]:
    """Debug view: (offset, the rule that decided, split or not) at every candidate place."""
    return [(m.start(), *_decide(_place(text, 0, m))) for m in _CANDIDATE.finditer(text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in order; ends include the stop."""
    return list(_sentences(text))


# Threats, quotes, events, story figures and the calendar each split the same article: the
# last few texts' spans are kept (a tuple of tuples; each caller gets its own list).
@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if not _decide(_place(text, start, match))[1]:
            continue
        end = match.end() if match.group().strip() else match.start()
        _add(text, start, end, spans)
        start = match.end()
    _add(text, start, len(text), spans)
    return tuple(spans)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        _add(text, match.start(), match.end(), spans)
    return spans


def _place(text: str, start: int, match: re.Match[str]) -> Place:
    # A word is short: 40 characters back always hold the one before the stop.
    before = text[max(start, match.start() - 40) : match.start()]
    after = _NEXT.match(text, match.end())
    return Place(before, match.group(), after.group(1) if after else "")


def _decide(place: Place) -> tuple[str, bool]:
    for name, rule in RULES:
        verdict = rule(place)
        if verdict is not None:
            return name, verdict
    raise AssertionError("end_mark always decides")  # pragma: no cover


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
