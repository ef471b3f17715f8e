"""nlp/openings.py: the lookahead of a pattern's opening characters changes no match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obzor.calendar.reports import _rules as status_rules
from obzor.calendar.sentences import _kinds
from obzor.nlp import dates, tense
from obzor.nlp.event_actors import REPORTED
from obzor.nlp.event_types import event_types
from obzor.nlp.events import _any_trigger
from obzor.nlp.openings import ahead, openings
from obzor.nlp.sentsplit import sentences

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.mark.parametrize(
    ("regex", "chars"),
    [
        (r"сообща(?:ет|ют)|по\s+данным|according", {"с", "п", "a"}),
        (r"\b(?:в|во)?\s*мае", {"в", "\\s", "м"}),  # digits and spaces stay classes
        (r"(?:в|во\s+)?мае", {"в", "м"}),  # the group may match nothing: the next item opens too
        (r"(?<!до\s)вступ\w*", {"в"}),  # a lookbehind consumes nothing
        (r"[0-3]\d", {"0", "1", "2", "3"}),
        (r"\w+", None),
        (r"[^а]б", None),
        (r"a*", None),  # may match the empty string anywhere
        (r".б", None),
        (r"(?-i:О)перация", {"О"}),  # a case-sensitive part: the lookahead lets more pass
    ],
)
def test_openings(regex: str, chars: set[str] | None) -> None:
    assert openings(re.compile(regex, re.IGNORECASE)) == chars


def test_a_case_insensitive_part_of_a_case_sensitive_pattern_is_not_told() -> None:
    assert openings(re.compile(r"(?i:а)б")) is None
    assert openings(re.compile(r"аб")) == {"а"}


def test_a_pattern_it_cannot_tell_is_returned_as_it_is() -> None:
    pattern = re.compile(r"\w+")
    assert ahead(pattern) is pattern


def patterns() -> list[re.Pattern[str]]:
    return [
        *(p for _, p in dates._PATTERNS),
        *(p for _, _, p in tense.rules()),
        *(p for _, _, p in _kinds()),
        *(p for rules in status_rules().values() for _, p in rules),
        REPORTED,
    ]


def test_the_rules_look_ahead() -> None:
    opened = [p for p in patterns() if p.pattern.startswith("(?=[")]
    assert len(opened) >= len(patterns()) * 3 // 4


def test_same_matches_on_news_in_either_case() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts += [t.upper() for t in texts] + ["", " ", "ſ K ı İ"]
    for pattern in patterns():
        inner = re.sub(r"^\(\?=\[[^\]]*\]\)\(\?:(.*)\)$", r"\1", pattern.pattern, flags=re.S)
        plain = re.compile(inner, pattern.flags)
        for text in texts:
            ours = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            theirs = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert ours == theirs, pattern.pattern[:60]


def test_the_trigger_scan_passes_every_sentence_a_trigger_matches() -> None:
    triggers = [p for etype in event_types() for _, p in etype.patterns]
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in sentences(text):
            sentence = text[start:end]
            for variant in (sentence, sentence.upper()):
                expected = any(p.search(variant) for p in triggers)
                assert any(scan.search(variant) for scan in _any_trigger()) == expected
