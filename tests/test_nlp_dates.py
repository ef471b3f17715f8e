"""Date expressions normalized against the publication date (nlp/dates.py)."""

from __future__ import annotations

import pytest

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
