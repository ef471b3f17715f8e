"""Dates: the forms of the region's news, invalid and partial dates, header lines."""

from __future__ import annotations

import pytest

from obzor.clean.dates import date_line, header_date, is_date_line, parse_date, split_date_prefix


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # the seeds
        ("23 Ноября 2023, 22:16", "2023-11-23T22:16"),
        ("3 апр. 2024 г.", "2024-04-03"),
        ("2025-10-14", "2025-10-14"),
        # ISO strings with offsets, fractions and zones
        ("2024-04-03T10:15:00+05:00", "2024-04-03T10:15:00+05:00"),
        ("2024-04-03T10:15:00+0500", "2024-04-03T10:15:00+05:00"),
        ("2024-04-03T10:15:00.123Z", "2024-04-03T10:15:00+00:00"),
        ("2024-04-03 10:15", "2024-04-03T10:15"),
        ("2024-04-03T10:15", "2024-04-03T10:15"),
        # English
        ("November 23, 2023 10:16 PM", "2023-11-23T22:16"),
        ("23 Nov 2023", "2023-11-23"),
        ("Nov. 23, 2023", "2023-11-23"),
        ("Thursday, November 23, 2023", "2023-11-23"),
        ("Thu, 23 Nov 2023 22:16:00 +0000", "2023-11-23T22:16:00+00:00"),
        ("12:30 AM, November 1, 2023", "2023-11-01T00:30"),
        ("23rd of November 2023", "2023-11-23"),
        ("Sept. 5, 2024", "2024-09-05"),
        # numeric
        ("23.11.2023", "2023-11-23"),
        ("09:20 20.10.2023", "2023-10-20T09:20"),
        ("23.11.2023 22:16", "2023-11-23T22:16"),
        ("23/11/2023", "2023-11-23"),
        ("11/23/2023", "2023-11-23"),
        ("2023/11/23", "2023-11-23"),
        # Russian variants
        ("23 ноября 2023 года в 22:16", "2023-11-23T22:16"),
        ("четверг, 23 ноября 2023", "2023-11-23"),
        ("23 мая 2023 года в 12:00 (мск)", "2023-05-23T12:00+03:00"),
        ("22:16 GMT+5, 23.11.2023", "2023-11-23T22:16+05:00"),
        ("23 ноября 2023 г., 22:16", "2023-11-23T22:16"),
        ("15.10.2025г.", "2025-10-15"),
        ("1 сентября 2022", "2022-09-01"),
        # Kazakh
        ("2023 жылғы 23 қараша", "2023-11-23"),
        ("5 наурыз 2024", "2024-03-05"),
    ],
)
def test_parse_date_forms(value: str, expected: str) -> None:
    assert parse_date(value) == expected


# Every Russian month in nominative, genitive and prepositional forms and abbreviations.
_RU_MONTHS = {
    1: ["январь", "января", "январе", "янв", "янв."],
    2: ["февраль", "февраля", "феврале", "фев", "фев.", "февр", "февр."],
    3: ["март", "марта", "марте", "мар", "мар."],
    4: ["апрель", "апреля", "апреле", "апр", "апр."],
    5: ["май", "мая", "мае"],
    6: ["июнь", "июня", "июне", "июн", "июн."],
    7: ["июль", "июля", "июле", "июл", "июл."],
    8: ["август", "августа", "августе", "авг", "авг."],
    9: ["сентябрь", "сентября", "сентябре", "сен", "сен.", "сент", "сент."],
    10: ["октябрь", "октября", "октябре", "окт", "окт."],
    11: ["ноябрь", "ноября", "ноябре", "ноя", "ноя.", "нояб", "нояб."],
    12: ["декабрь", "декабря", "декабре", "дек", "дек."],
}


@pytest.mark.parametrize(
    ("month", "form"), [(m, f) for m, forms in _RU_MONTHS.items() for f in forms]
)
@pytest.mark.parametrize("year_word", ["", " г.", " года", " г"])
def test_russian_month_forms(month: int, form: str, year_word: str) -> None:
    assert parse_date(f"7 {form} 2024{year_word}") == f"2024-{month:02d}-07"
    assert parse_date(f"7 {form.upper()} 2024{year_word}") == f"2024-{month:02d}-07"


@pytest.mark.parametrize(
    "value",
    [
        "31 февраля 2024",  # no such day
        "30.02.2023",
        "29 февраля 2023",  # not a leap year
        "2023-13-01",
        "23 ноября 2023, 25:00",  # no such hour
        "15 октября",  # no year: never invented
        "МОСКВА, 15 октября. /ТАСС/.",
        "14261",
        "2 мин. чтения",
        "",
        "   ",
        "вчера",
        "23 бреднября 2023",
        "1 2 3",
        "23 ноября 1850",  # outside the years news metadata uses
    ],
)
def test_parse_date_rejects(value: str) -> None:
    assert parse_date(value) is None


def test_leap_day_is_valid() -> None:
    assert parse_date("29 февраля 2024") == "2024-02-29"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  • 3 апр. 2024 г.", "2024-04-03"),
        ("Опубликовано: 15.10.2025", "2025-10-15"),
        ("Дата публикации: 15 октября 2025, 10:00", "2025-10-15T10:00"),
        ("Published: March 5, 2024 10:15 AM", "2024-03-05T10:15"),
        ("Обновлено: 15.10.2025", None),  # an update, not the publication
        ("15 октября, 12:30", None),  # a date line without a year
        ("Казахстан заинтересован в сотрудничестве с ОДКБ", None),
        ("С 1 января 2024 года председательство в ОДКБ переходит к Казахстану", None),
    ],
)
def test_date_line(line: str, expected: str | None) -> None:
    assert date_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("23 Ноября 2023, 22:16", True),
        ("15 октября, 12:30", True),
        ("Сегодня, 12:30", True),
        ("12:30", True),
        ("Обновлено: 15.10.2025", True),
        ("14261", False),
        ("АВТОР", False),
        ("По итогам сессии был принят ряд документов.", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (" date 2025-10-14 Генсек ОДКБ: организация", ("2025-10-14", "Генсек ОДКБ: организация")),
        ("date 2025-10-14 Генсек", ("2025-10-14", "Генсек")),
        ("2025-10-14 Генсек", ("2025-10-14", "Генсек")),
        ("15.10.2025 Генсек", ("2025-10-15", "Генсек")),
        ("08.11.2018 04:07 : В Пакистане", ("2018-11-08T04:07", "В Пакистане")),
        ("2025-10-14 – Генсек", ("2025-10-14", "Генсек")),
        ("Генсек ОДКБ", (None, "Генсек ОДКБ")),
        ("2025-02-31 Генсек", (None, "2025-02-31 Генсек")),
    ],
)
def test_split_date_prefix(line: str, expected: tuple[str | None, str]) -> None:
    assert split_date_prefix(line.strip()) == expected


def test_header_date_takes_the_first_date() -> None:
    lines = ["top of page", "Заголовок", "АВТОР", "23 Ноября 2023, 22:16", "1 декабря 2023"]
    assert header_date(lines) == "2023-11-23T22:16"
    assert header_date(["date 2025-10-14 Генсек ОДКБ"]) == "2025-10-14"
    assert header_date(["Заголовок", "МОСКВА, 15 октября. /ТАСС/."]) is None
