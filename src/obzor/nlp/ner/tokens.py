"""Tokens for the NER model (words and single punctuation marks) and BIO labels over them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from obzor.nlp.ner.corpora import Span

# Words as in obzor.nlp.morph ("Иссык-Кульской" is one token), plus each other non-space mark
# on its own, so that quotes and brackets are visible to the model.
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")

Token = tuple[int, int, str]


def tokenize(text: str) -> list[Token]:
    """(start, end, text) of every token."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def bio(tokens: Sequence[Token], spans: Sequence[Span]) -> list[str]:
    """B-/I-TYPE or O per token: a token inside a span takes its type (spans do not overlap)."""
    labels = ["O"] * len(tokens)
    index = 0
    for start, end, label in sorted(spans):
        while index < len(tokens) and tokens[index][1] <= start:
            index += 1
        first = True
        position = index
        while position < len(tokens) and tokens[position][0] < end:
            labels[position] = ("B-" if first else "I-") + label
            first = False
            position += 1
    return labels


def spans_from_bio(tokens: Sequence[Token], labels: Sequence[str]) -> list[Span]:
    """Spans (start, end, type) from BIO labels; an I- after another type starts a new span."""
    spans: list[Span] = []
    current: list[int] | None = None
    kind = ""
    for (start, end, _), label in zip(tokens, labels, strict=True):
        if label == "O":
            current = None
            continue
        prefix, label_type = label.split("-", 1)
        if current is not None and prefix == "I" and label_type == kind:
            current[1] = end
            spans[-1] = (current[0], end, kind)
        else:
            current, kind = [start, end], label_type
            spans.append((start, end, kind))
    return spans
