"""The span indexes that keep the analysis linear (nlp/spans.py) answer as the scans they
replaced, and the events of a sentence longer than the piece size are still found."""

from __future__ import annotations

import random
from dataclasses import dataclass

from obzor.model import Mention
from obzor.nlp.events import MAX_SENTENCE_CHARS, find_events
from obzor.nlp.spans import Overlaps, Spans


@dataclass
class Item:
    start: int
    end: int


def _random_items(rng: random.Random, n: int) -> list[Item]:
    items = []
    for _ in range(n):
        start = rng.randrange(0, 2_000)
        items.append(Item(start, start + rng.choice([0, 1, 5, 30, 64, 65, 200, 900])))
    return items


def test_spans_within_is_the_scan_it_replaced() -> None:
    rng = random.Random(18)
    items = _random_items(rng, 300)
    index = Spans(items)
    for _ in range(500):
        start = rng.randrange(0, 2_100)
        end = start + rng.randrange(0, 400)
        expected = [i for i in items if start <= i.start and i.end <= end]
        assert index.within(start, end) == expected


def test_overlaps_is_the_scan_it_replaced_as_items_come_and_go() -> None:
    rng = random.Random(19)
    index: Overlaps[Item] = Overlaps()
    alive: list[Item] = []
    for _ in range(2_000):
        if alive and rng.random() < 0.3:
            gone = alive.pop(rng.randrange(len(alive)))
            index.remove(gone)
        else:
            (item,) = _random_items(rng, 1)
            index.add(item)
            alive.append(item)
        start = rng.randrange(0, 2_100)
        end = start + rng.randrange(0, 300)
        expected = [i for i in alive if i.start < end and start < i.end]
        assert index.overlapping(start, end) == expected
    assert index.items() == alive


def test_an_event_deep_in_an_overlong_sentence_is_found() -> None:
    # No full stop for 12,000 characters: the events stage reads it in pieces.
    filler = "и далее по списку, " * 400
    text = f"{filler}в Астане прошёл саммит ОДКБ, {filler}".strip()
    assert len(text) > 5 * MAX_SENTENCE_CHARS
    start = text.index("Астане")
    place = Mention("Астане", "LOC", start, start + 6, "Астана")
    (event,) = find_events(text, [place], "2024-11-28")
    alone = "В Астане прошёл саммит ОДКБ."
    (short,) = find_events(alone, [Mention("Астане", "LOC", 2, 8, "Астана")], "2024-11-28")
    assert (event.type, event.name, event.place) == (short.type, short.name, short.place)
    assert text[event.evidence[0] : event.evidence[1]].count("саммит ОДКБ") == 1
    assert event.evidence[1] - event.evidence[0] <= MAX_SENTENCE_CHARS
