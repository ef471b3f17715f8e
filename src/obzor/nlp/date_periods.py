"""Periods a figure or a term is given for, read by the date finder (nlp/dates.py).

A statistic's date is its period ("за январь-август 2023 года" -> 2023-01..2023-08, "в третьем
квартале" -> 2023-07..2023-09, "за девять месяцев этого года" -> 2023-01..2023-09) and a
term's is its span ("с 1987 по 2014 годы" -> 1987..2014). Each form is one named pattern in
PATTERNS; `value(name, match, published, tense)` returns (start, end, precision) or None when
the match is no date. A period without a year is the latest one that has begun by
publication (a report names a period it can count), a year later when its clause speaks of
the future; without a publication date it has no value.
"""

from __future__ import annotations

import re
from datetime import date

from obzor.nlp.months import MONTHS

Value = tuple[str | None, str | None, str | None]

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR_WORD = r"(?:\s*(?:год(?:ами|ах|ов|ы|а|у)?\b|гг?\.|гг?\b))"
_RELATIVE = "прошлого|прошедшего|минувшего|текущего|этого|нынешнего|уходящего|следующего|будущего"
_OFFSET = {
    "прошлого": -1, "прошедшего": -1, "минувшего": -1, "текущего": 0, "этого": 0,
    "нынешнего": 0, "уходящего": 0, "следующего": 1, "будущего": 1,
}  # fmt: skip
# "2023 года" or "этого года" after a period: group names year / relative.
_WHICH_YEAR = rf"(?:\s+(?:(?P<year>\d{{4}}){_YEAR_WORD}?|(?P<relative>{_RELATIVE})\s+года\b))?"
_ORDINAL = {
    "первом": 1, "первый": 1, "i": 1, "1": 1, "1-м": 1, "втором": 2, "второй": 2, "ii": 2,
    "2": 2, "2-м": 2, "третьем": 3, "третий": 3, "iii": 3, "3": 3, "3-м": 3, "четвертом": 4,
    "четвёртом": 4, "четвертый": 4, "четвёртый": 4, "iv": 4, "4": 4, "4-м": 4,
}  # fmt: skip
_COUNT = {
    "два": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4,
    "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "одиннадцать": 11, "одиннадцати": 11,
}  # fmt: skip
_ORDINALS = "|".join(sorted(_ORDINAL, key=len, reverse=True))
_COUNTS = "|".join([*sorted(_COUNT, key=len, reverse=True), r"\d{1,2}"])

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(regex, re.IGNORECASE))
    for name, regex in (
        # "январь-август 2023 года", "в январе-сентябре", "с января по сентябрь этого года"
        (
            "month_range",
            rf"\b(?P<first>{_MONTH})(?:\s*[-–—]\s*|\s+по\s+)(?P<last>{_MONTH})\b{_WHICH_YEAR}",
        ),
        # "с 1987 по 2014 годы", "с 2015 года по 2020 год"
        (
            "year_from_to",
            rf"\b(?:с|со)\s+(?P<first>\d{{4}})(?:\s+года)?\s+по\s+(?P<last>\d{{4}}){_YEAR_WORD}?",
        ),
        # "в третьем квартале 2023 года", "за I квартал", "во втором полугодии"
        (
            "quarter",
            rf"\b(?P<n>{_ORDINALS})\s+(?P<kind>квартал|полугоди)\w*{_WHICH_YEAR}",
        ),
        # "за девять месяцев этого года", "за 10 месяцев 2023 года": January to the Nth month
        # ("за два месяца до выборов" counts back from an event: no period)
        ("months", rf"\bза\s+(?P<n>{_COUNTS})\s+месяц(?:ев|а)\b(?!\s+до\b){_WHICH_YEAR}"),
        # "с начала года", "с начала 2023 года", "since the start of the year": January to the
        # month of publication
        (
            "year_to_date",
            rf"\bс\s+начала\s+(?:(?P<year>\d{{4}})\s+|(?P<relative>{_RELATIVE})\s+)?года\b"
            r"|\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year\b",
        ),
    )
)


def value(name: str, m: re.Match[str], published: date | None, tense: int = 0) -> Value | None:
    """(start, end, precision) of a period pattern's match, or None when it is no date."""
    if name == "year_to_date":
        return _year_to_date(m, published)
    if name == "year_from_to":
        first, last = int(m["first"]), int(m["last"])
        return (str(first), str(last), "year") if 1900 <= first < last <= 2100 else None
    if name == "month_range":
        first_month, last_month = MONTHS[m["first"].lower()], MONTHS[m["last"].lower()]
        if first_month == last_month:
            return None
    elif name == "quarter":
        n = _ORDINAL[m["n"].lower()]
        size = 3 if m["kind"].lower() == "квартал" else 6
        if n * size > 12:
            return None
        first_month, last_month = (n - 1) * size + 1, n * size
    else:  # months
        count = int(m["n"]) if m["n"].isdigit() else _COUNT[m["n"].lower()]
        if not 2 <= count <= 12:
            return None
        first_month, last_month = 1, count
    year = _year(m, published, first_month, last_month, tense)
    if year is None:
        return None, None, None
    first_year = year - 1 if first_month > last_month else year
    return f"{first_year:04d}-{first_month:02d}", f"{year:04d}-{last_month:02d}", "month"


def _year(
    m: re.Match[str], published: date | None, first_month: int, last_month: int, tense: int
) -> int | None:
    """The written year, the relative one, or the latest that has begun by publication (the
    next one when the clause speaks of the future and that one is over)."""
    if m["year"]:
        return int(m["year"])
    if published is None:
        return None
    if m["relative"]:
        return published.year + _OFFSET[m["relative"].lower()]
    year = published.year if first_month <= published.month else published.year - 1
    over = (year, last_month) < (published.year, published.month)
    return year + 1 if tense > 0 and over else year


def _year_to_date(m: re.Match[str], published: date | None) -> Value | None:
    """ "с начала года": January of the year named (this one when none is) to the month of
    publication; without a publication date it has no value."""
    if published is None:
        return None, None, None
    relative = (m["relative"] or "этого").lower()
    since = int(m["year"]) if m["year"] else published.year + _OFFSET[relative]
    if since > published.year:
        return None
    return f"{since:04d}-01", f"{published.year:04d}-{published.month:02d}", "month"
