"""The one tense reader (nlp/tense.py, tense.yaml) that the date finder and the calendar share."""

from __future__ import annotations

from datetime import date

import pytest

from obzor.calendar.reports import report_status, span, tense_word
from obzor.nlp.dates import find_dates
from obzor.nlp.tense import FUTURE, PAST, clause, moved_year, nearest, next_year, rules, words


def test_every_rule_has_a_unique_id_and_a_kind() -> None:
    ids = [rule_id for _, rule_id, _ in rules()]
    assert len(ids) == len(set(ids))
    assert {kind for kind, _, _ in rules()} == {FUTURE, PAST}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Саммит пройдет в Астане.", FUTURE),
        ("Форум стартует в Пекине.", FUTURE),
        ("The summit is to be held in Astana.", FUTURE),  # not "held"
        ("Переговоры прошли в Сочи.", PAST),
        ("Встречу провёл министр.", PAST),
        ("The talks were held in Geneva.", PAST),
        ("Кездесу Астанада өтті.", PAST),
    ],
)
def test_a_sentence_reads_as_its_tense_word_says(text: str, kind: str) -> None:
    (word,) = words(text)
    assert word.kind == kind
    assert nearest(text, 0) == word


def test_a_speech_verb_is_the_speakers_past_not_the_clauses() -> None:
    text = "Министр заявил, что 1 июня начнется ремонт"
    at = text.index("1 июня")
    assert clause(text, at, at + 6) == 1
    said = "Министр заявил об этом 1 июня"
    assert clause(said, said.index("1 июня"), len(said)) == 0
    # ... but it is a past word for the calendar ("сказал Путин на заседании")
    assert nearest(said, 0) is not None and nearest(said, 0).kind == PAST  # type: ignore[union-attr]


def test_both_tenses_in_a_clause_say_nothing() -> None:
    text = "Встреча прошла 20 июня, следующая будет осенью"
    assert clause(text, text.index("20"), text.index("20") + 7) == 0


def test_a_yearless_date_moves_only_beyond_the_slack() -> None:
    published = date(2023, 11, 20)
    assert moved_year(2023, 6, 1, published, 1) == 2024
    assert moved_year(2023, 11, 10, published, 1) == 2023  # ten days off: another phrase's verb
    assert moved_year(2024, 1, 15, date(2023, 11, 10), -1) == 2023
    assert moved_year(2023, 2, 30, published, 1) == 2023  # no such day: kept for the caller
    assert next_year("2024-02-29") == "2025-02-28"
    assert next_year("2023-06") == "2024-06"


def test_the_date_finder_and_the_calendar_read_the_same_words() -> None:
    # "стартует" was a calendar word only: the date finder left the day last June
    text = "Форум стартует 1 июня в Пекине."
    (found,) = find_dates(text, "2023-11-20")
    assert found.date == "2024-06-01"
    assert tense_word(text, text.index("Форум"))[:2] == (FUTURE, "future_ru")  # type: ignore[index]
    # a future phrase that holds a past word: announced, whichever word is nearer the name
    text = "The summit of the alliance, to be held in Astana, opens talks."
    first, last = span("2023-11-20")
    status = report_status(text, first, last, "2023-11-20", anchor=text.index("held") + 5)
    assert status == ("announced", "future_en")
