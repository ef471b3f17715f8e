"""Date expressions normalized against the publication date (nlp/dates.py)."""

from __future__ import annotations

import re

import pytest

from obzor.nlp import dates
from obzor.nlp.dates import find_dates, normalize_date

PUBLISHED = "2023-11-23T18:56"


@pytest.mark.parametrize(
    ("expression", "date", "date_end", "precision"),
    [
        ("с 1 января 2024 года", "2024-01-01", None, "day"),
        ("от 18 марта 2010 года", "2010-03-18", None, "day"),
        ("в июне 2025 года", "2025-06", None, "month"),
        ("на 2025-2027 годы", "2025", "2027", "year"),
        ("Стратегия на 2024–2029 гг.", "2024", "2029", "year"),
        ("в период 2023-2025 годов", "2023", "2025", "year"),
        ("в 2023 году", "2023", None, "year"),
        ("в 2024-м году", "2024", None, "year"),
        ("в прошлом году", "2022", None, "year"),
        ("в текущем году", "2023", None, "year"),
        ("в уходящем году", "2023", None, "year"),
        ("в следующем году", "2024", None, "year"),
        ("в октябре", "2023-10", None, "month"),
        ("15 октября", "2023-10-15", None, "day"),
        ("12-14 сентября 2024 г.", "2024-09-12", "2024-09-14", "day"),
        ("вчера", "2023-11-22", None, "day"),
        ("в прошлом месяце", "2023-10", None, "month"),
        ("03.04.2024", "2024-04-03", None, "day"),
        ("last year", "2022", None, "year"),
        ("in March 2024", "2024-03", None, "month"),
        ("on May 5, 2024", "2024-05-05", None, "day"),
    ],
)
def test_expression_is_normalized(
    expression: str, date: str, date_end: str | None, precision: str
) -> None:
    found = normalize_date(expression, PUBLISHED)
    assert found is not None
    assert (found.date, found.date_end, found.precision) == (date, date_end, precision)


def test_bare_month_is_the_occurrence_nearest_publication() -> None:
    # Published in February: "в декабре" is the December just past, "в мае" the coming one.
    assert normalize_date("в декабре", "2024-02-10").date == "2023-12"  # type: ignore[union-attr]
    assert normalize_date("в мае", "2024-02-10").date == "2024-05"  # type: ignore[union-attr]


@pytest.mark.parametrize("expression", ["в прошлом году", "в октябре", "15 октября", "вчера"])
def test_relative_expression_without_publication_date_has_no_value(expression: str) -> None:
    found = normalize_date(expression, None)
    assert found is not None and found.date is None and found.precision is None


def test_absolute_dates_need_no_publication_date() -> None:
    found = normalize_date("с 1 января 2024 года", None)
    assert found is not None and found.date == "2024-01-01"


def test_spans_index_the_text_and_counts_are_not_dates() -> None:
    text = "В 2023 году произошло 183 конфликта, 2500 человек эвакуированы 30 февраля."
    found = find_dates(text, "2024-04-03")
    assert [(d.text, d.date) for d in found] == [("В 2023 году", "2023")]
    assert text[found[0].start : found[0].end] == "В 2023 году"


def test_bad_publication_date_is_treated_as_unknown() -> None:
    found = normalize_date("в прошлом году", "not a date")
    assert found is not None and found.date is None


@pytest.mark.parametrize(
    ("text", "published", "date", "date_end"),
    [
        # a weekday before the day it names is one date: the written day
        ("Встреча прошла во вторник, 17 октября.", "2023-10-16", "2023-10-17", None),
        ("В четверг (19 октября) состоится заседание.", "2023-10-16", "2023-10-19", None),
        ("The talks were held on Tuesday, October 17.", "2023-10-20", "2023-10-17", None),
        # without a year, the weekday picks the year the day falls on it
        ("Во вторник, 17 октября, министры встретились.", "2024-01-05", "2023-10-17", None),
        # a future verb puts a day or month without a year after publication, a past one before
        ("Саммит состоится 1 июня.", "2023-11-20", "2024-06-01", None),
        ("Саммит состоится в июне.", "2023-11-20", "2024-06", None),
        ("Встреча прошла 20 июня.", "2024-01-10", "2023-06-20", None),
        # ... but not a day a few days off, where the verb is another phrase's
        ("Выставка, открывшаяся 10 ноября, будет работать", "2023-11-20", "2023-11-10", None),
        ("Форум проходит с 16 по 18 ноября.", "2023-11-17", "2023-11-16", "2023-11-18"),
        ("Каникулы с 30 декабря по 8 января.", "2023-12-20", "2023-12-30", "2024-01-08"),
        ("Это было 2 мая текущего года.", "2023-12-01", "2023-05-02", None),
        ("Это было в мае прошлого года.", "2023-12-01", "2022-05", None),
        ("Он погиб в конце июля.", "2023-11-21", "2023-07", None),
        ("Переговоры прошли в середине июля 2018 года.", "2019-01-11", "2018-07", None),
    ],
)
def test_weekday_dates_tense_ranges_and_parts_of_months(
    text: str, published: str, date: str, date_end: str | None
) -> None:
    (found,) = find_dates(text, published)
    assert (found.date, found.date_end) == (date, date_end)


@pytest.mark.parametrize(
    ("text", "published", "date", "date_end"),
    [
        # periods a figure is given for
        ("За январь-август 2023 года производство выросло.", "2023-10-14", "2023-01", "2023-08"),
        ("Экспорт в январе-сентябре вырос.", "2023-11-10", "2023-01", "2023-09"),
        ("С января по сентябрь этого года отгружено больше.", "2023-11-10", "2023-01", "2023-09"),
        ("Выручка в третьем квартале 2023 года выросла.", "2024-02-01", "2023-07", "2023-09"),
        ("В первом полугодии выпуск сократился.", "2023-11-10", "2023-01", "2023-06"),
        ("За девять месяцев этого года задержаны 300 человек.", "2023-11-10", "2023-01",
         "2023-09"),
        # a quarter that is over, spoken of in the future, is next year's
        ("В первом квартале завод будет запущен.", "2023-11-10", "2024-01", "2024-03"),
        ("В период с 1987 по 2014 годы обвинили 1300 человек.", "2018-10-31", "1987", "2014"),
        ("За 9 августа - 6 сентября ввезено 11,8 тысячи машин.", "2023-10-20", "2023-08-09",
         "2023-09-06"),
        # the instrumental is a month too ("по сравнению с январем-августом 2022 года")
        ("по сравнению с январем-августом 2022 года", "2023-10-14", "2022-01", "2022-08"),
        # the year so far: January to the month of publication
        ("Объем грузов с начала года превысил 391 миллион тонн.", "2023-10-19", "2023-01",
         "2023-10"),
        ("С начала прошлого года задержаны 300 человек.", "2023-10-19", "2022-01", "2023-10"),
        ("Since the start of the year 300 people were detained.", "2023-10-19", "2023-01",
         "2023-10"),
    ],
)  # fmt: skip
def test_periods_are_ranges(text: str, published: str, date: str, date_end: str) -> None:
    (found,) = find_dates(text, published)
    precision = {4: "year", 7: "month", 10: "day"}[len(date)]
    assert (found.date, found.date_end, found.precision) == (date, date_end, precision)


def test_months_before_an_event_are_no_period() -> None:
    assert find_dates("За два месяца до выборов кандидат снялся.", "2023-11-10") == []


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        # a future word in the reported words is not the tense of the day he spoke on
        ("Трамп, выступая во вторник на сессии Генассамблеи ООН, заявил, что Германия будет"
         " зависеть от России.", "2018-09-28", "2018-09-25"),
        ("Песков в пятницу сообщил, что переговоры пройдут в Москве.", "2023-11-22",
         "2023-11-17"),
        # ... while a future word beside the day, before the attribution, is its tense
        ("Переговоры пройдут в Москве в пятницу, сообщил Песков.", "2023-11-22", "2023-11-24"),
        # "в преддверии" looks ahead
        ("Германия давит на столицы в преддверии ключевой встречи в пятницу.", "2019-02-07",
         "2019-02-08"),
    ],
)  # fmt: skip
def test_a_weekdays_tense_is_its_own_clauses(text: str, published: str, date: str) -> None:
    (found,) = find_dates(text, published)
    assert found.date == date


# Phrases in the three languages that open with each kind of word the patterns' first-letter
# look-aheads skip to (a preposition, a weekday, a month, an ordinal, a year).
_OPENINGS = (
    "Talks were held on Tuesday. On Monday, Feb 1, they met. Last Friday and next Sunday."
    " In March 2021, since May, by 2030. The forum opened in October and closed by December."
    " Встреча прошла во вторник, 17 октября; в среду и в пятницу. С 1 по 3 марта,"
    " с марта по май, до 2025 года, к 2030 году, на 2024 год, по 2023-й, в первом квартале,"
    " во втором полугодии 2023 года. Кеше және бүгін, 2023 жылы."
)


def test_first_letter_lookaheads_find_what_the_plain_patterns_find() -> None:
    """The patterns look ahead for the first letters of their opening words to run faster:
    with those look-aheads taken out, every pattern finds the same spans."""
    lookahead = re.compile(r"\(\?=\[[^\]]+\](?:\|\\d)?\)")
    for name, pattern in dates._PATTERNS:
        plain = re.compile(lookahead.sub("", pattern.pattern), pattern.flags)
        got = [m.span() for m in pattern.finditer(_OPENINGS)]
        assert got == [m.span() for m in plain.finditer(_OPENINGS)], name


def test_a_day_word_before_a_reporting_verb_is_an_outlet() -> None:
    # BSNLP's credit line of the Ukrainian paper "Сегодня": the year is the event's date
    text = "Сегодня. пишет Договор о транзите газа заканчивается в конце 2019 года."
    assert [d.date for d in find_dates(text, "2018-08-01")] == ["2019"]
    assert [d.date for d in find_dates("Сегодня он провел встречу.", "2018-08-01")] == [
        "2018-08-01"
    ]
