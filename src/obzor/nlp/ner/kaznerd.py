"""KazNERD (IOB2, one token per line) as gold documents, split by sentence-index blocks.

PERSON -> PER, GPE and LOCATION -> LOC, ORGANISATION -> ORG; the 22 other classes are O.
Each sentence becomes one GoldDoc whose text is its tokens joined by single spaces.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from obzor.nlp.ner.corpora import GoldDoc, Span

KAZNERD_TYPES = {"PERSON": "PER", "GPE": "LOC", "LOCATION": "LOC", "ORGANISATION": "ORG"}
# Consecutive sentences of KazNERD come from the same broadcast: a random split would put
# halves of one story on both sides. Blocks of 100 sentences, every fifth one held out
# (block index % 5 == 4: 20% of the sentences), keep stories together.
BLOCK = 100
HELD_OUT_BLOCK = 4
BLOCKS_PER_CYCLE = 5


def read_iob(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences of (token, IOB2 tag); blank lines separate sentences."""
    sentence: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.split()
            if not fields:
                if sentence:
                    yield sentence
                sentence = []
                continue
            if len(fields) != 2:
                raise ValueError(f"{path}:{number}: expected 'token TAG', got {line.strip()!r}")
            sentence.append((fields[0], fields[1]))
    if sentence:
        yield sentence


def sentence_doc(
    name: str, sentence: list[tuple[str, str]], types: dict[str, str] | None = KAZNERD_TYPES
) -> GoldDoc:
    """One sentence as text with PER / LOC / ORG spans (other KazNERD classes dropped), or
    with every KazNERD class as it is when types is None."""
    pieces: list[str] = []
    spans: list[Span] = []
    offset = 0
    for token, tag in sentence:
        start = offset
        pieces.append(token)
        offset += len(token) + 1
        label = None if tag == "O" else tag[2:] if types is None else types.get(tag[2:])
        if label is None:
            continue
        if tag.startswith("I-") and spans and spans[-1][2] == label and spans[-1][1] == start - 1:
            spans[-1] = (spans[-1][0], start + len(token), label)
        else:
            spans.append((start, start + len(token), label))
    return GoldDoc(name, " ".join(pieces), tuple(spans))


def held_out(index: int) -> bool:
    """Whether the index-th sentence (from 0) belongs to the held-out part."""
    return (index // BLOCK) % BLOCKS_PER_CYCLE == HELD_OUT_BLOCK


def load_kaznerd(
    path: Path, types: dict[str, str] | None = KAZNERD_TYPES
) -> tuple[list[GoldDoc], list[GoldDoc]]:
    """(training sentences, held-out sentences) of a KazNERD IOB2 file."""
    train: list[GoldDoc] = []
    test: list[GoldDoc] = []
    for index, sentence in enumerate(read_iob(path)):
        (test if held_out(index) else train).append(sentence_doc(f"s{index}", sentence, types))
    return train, test
