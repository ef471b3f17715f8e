"""obzor's run of slovnet's NER model (nlp/ner/base.py) and its razdel tokens with a memory
(nlp/ner/razdel_tokens.py) give what natasha and razdel give, on real news and hard cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from razdel import tokenize

from obzor.nlp.entities import natasha_tagger
from obzor.nlp.ner import razdel_tokens
from obzor.nlp.ner.base import SlovnetBase, bio_spans, slovnet_base
from obzor.nlp.ner.model import NerSpan, crf_tagger

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
# Where razdel's rules look one atom past a space (a dash, a decimal point, a fraction bar at
# a chunk's edge), marks, smileys, numbers, other scripts.
HARD = [
    "а -б",
    "-б",
    "а- б",
    "а-",
    "2023. 5",
    "2023 .5",
    "1 /2",
    "1/ 2",
    "x _y",
    "1,5 млн",
    "т.е.",
    "Иссык-Кульской",
    "СИЗО-6 и 2011-2020",
    "Yahoo! yahoo !",
    ":-) :) ...?!",
    "--- ***",
    "ΔP Δσ mβж",
    "«ОДКБ»—(НАТО)",
    "№5 §3 ¤ ٣٤",
    "a\u00a0-b",
    "  ",
    "",
    "— Да, — сказал он.",
]


def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert len(found) >= 10
    return found


@pytest.mark.parametrize("text", HARD)
def test_tokens_are_razdels_on_hard_cases(text: str) -> None:
    razdel_tokens._cache.clear()
    for _ in range(2):  # computed, then remembered
        ours = razdel_tokens.tokens(text)
        assert ours == [(t.start, t.stop, t.text) for t in tokenize(text)]


def test_tokens_are_razdels_on_news_and_its_chunks_in_any_order() -> None:
    news = texts()
    for text in news + news[::-1]:  # the second pass reads remembered chunks
        assert razdel_tokens.tokens(text) == [(t.start, t.stop, t.text) for t in tokenize(text)]
    shuffled = " ".join(" ".join(reversed(t.split())) for t in news)
    ours = razdel_tokens.tokens(shuffled)
    assert ours == [(t.start, t.stop, t.text) for t in tokenize(shuffled)]


def test_spans_are_natashas_on_news() -> None:
    natasha, ours = natasha_tagger(), slovnet_base()
    compared = 0
    for text in texts():
        for piece in (text, text[: len(text) // 3], text.split("\n")[0]):
            theirs = [(s.start, s.stop, s.type) for s in natasha(piece).spans]
            assert [(s.start, s.stop, s.type) for s in ours(piece).spans] == theirs
            compared += len(theirs)
    assert compared > 100


def test_a_full_word_table_starts_over_and_tags_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import obzor.nlp.ner.base as base

    monkeypatch.setattr(base, "WORD_ROWS", 300)  # fewer than the words of one long article
    small = SlovnetBase(natasha_tagger())
    for text in texts()[:4]:
        theirs = [(s.start, s.stop, s.type) for s in natasha_tagger()(text).spans]
        assert [(s.start, s.stop, s.type) for s in small(text).spans] == theirs
        assert small.used <= 300


def test_a_text_of_more_words_than_the_table_is_tagged(monkeypatch: pytest.MonkeyPatch) -> None:
    import obzor.nlp.ner.base as base

    monkeypatch.setattr(base, "WORD_ROWS", 20)
    small = SlovnetBase(natasha_tagger())
    text = texts()[0]
    theirs = [(s.start, s.stop, s.type) for s in natasha_tagger()(text).spans]
    assert [(s.start, s.stop, s.type) for s in small(text).spans] == theirs


def test_empty_and_spaces_only() -> None:
    assert slovnet_base()("").spans == []
    assert slovnet_base()(" \n\t").spans == []


def test_bio_spans_as_slovnet_reads_them() -> None:
    words = [(0, 1, "a"), (2, 3, "b"), (4, 5, "c"), (6, 7, "d"), (8, 9, "e")]
    assert bio_spans(words, ["B-PER", "I-PER", "O", "I-LOC", "B-ORG"]) == [
        NerSpan(0, 3, "PER"),
        NerSpan(8, 9, "ORG"),
    ]
    # the padding tag leaves the open span open; B- after B- closes the first
    assert bio_spans(words, ["B-PER", "<pad>", "I-PER", "B-LOC", "B-LOC"]) == [
        NerSpan(0, 5, "PER"),
        NerSpan(6, 7, "LOC"),
        NerSpan(8, 9, "LOC"),
    ]


def test_the_recognizer_runs_on_it() -> None:
    assert crf_tagger().base is slovnet_base()
