"""Sentence spans for the rule stages (events, quotes): cheap, offset-preserving, no models."""

from __future__ import annotations

import re

# A sentence ends at . ! ? or … followed by space and a capital, a digit, a quote or a dash,
# and always at a line break. "г." / "гг." / initials ("А. Иванов") do not end one.
_END = re.compile(
    r"(?<![\s.][А-ЯЁA-Z])(?<!\bг)(?<!\bгг)(?<!\bтыс)(?<!\bмлн)(?<!\bмлрд)(?<!\bст)"
    r"[.!?…]+(?=\s+[«\"“„(\[А-ЯЁA-Z0-9–—-])|\n+"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed, in order; ends include the stop."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        _add(text, start, end, spans)
        start = match.end()
    _add(text, start, len(text), spans)
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        _add(text, match.start(), match.end(), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
