"""The one sentence splitter: named rules, a debug view, used by every rule stage."""

from __future__ import annotations

import pytest

from obzor.nlp.sentsplit import RULES, explain, sentences
from obzor.nlp.threats import sentence_spans


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Митинг прошёл на ул. Ленина в центре города.",
        "Его вёл т. Иванова из профсоюза.",
        "Mr. Smith said the talks went well.",
        "В 2024 г. в Минске прошла сессия ОДКБ.",
        "Заявление сделал В. В. Путин после встречи.",
        "Ущерб составил 5 млн. рублей по оценке МЧС.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text: str) -> None:
    assert split(text) == [text]


def test_real_ends_and_line_breaks_do() -> None:
    text = "Учения начались. «Всё идёт по плану», – сказал он! 12 стран участвуют.\nЗаголовок"
    assert split(text) == [
        "Учения начались.",
        "«Всё идёт по плану», – сказал он!",
        "12 стран участвуют.",
        "Заголовок",
    ]


def test_offsets_index_the_text_and_threats_use_the_same_splitter() -> None:
    text = "  ОДКБ провела учения на ул. Ленина.  Их вёл т. Иванова. \n\n Mr. Smith came.  "
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "ОДКБ провела учения на ул. Ленина.",
        "Их вёл т. Иванова.",
        "Mr. Smith came.",
    ]
    assert sentence_spans(text) == spans


def test_debug_mode_names_the_rule_that_decided_each_place() -> None:
    text = "На ул. Ленина прошёл митинг. А. Иванов выступил первым. итоги позже"
    decided = [(text[i : i + 1], rule, split) for i, rule, split in explain(text)]
    assert decided == [
        (".", "abbreviation", False),
        (".", "end_mark", True),
        (".", "initial", False),
        (".", "next_starts_sentence", False),
    ]
    assert {name for name, _ in RULES} >= {rule for _, rule, _ in explain(text)}
