"""Date expressions in the body, normalized against the publication date (never the ingest time).

`find_dates(text, published)` returns every expression with its span and value: "с 1 января
2024 года" -> 2024-01-01 (day), "в июне 2025 года" -> 2025-06 (month), "2025-2027 годы" ->
2025..2027 (year), "в прошлом году" -> the year before publication, "в октябре" -> the
October nearest the publication date. A relative expression without a publication date has
no value (date None): obzor does not guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from obzor.nlp import date_periods
from obzor.nlp.months import MONTHS
from obzor.nlp.morph import parses
from obzor.nlp.openings import ahead
from obzor.nlp.spans import Overlaps, Span
from obzor.nlp.tense import clause, future_near, moved_year

# A bare month ("в октябре") names the occurrence nearest the publication date: news reports
# what just happened or is about to, so a month more than 6 months ahead is last year's and
# one more than 6 months behind is next year's.
NEAREST_MONTH_SPAN = 6
# Years a news text plausibly names as dates; other four-digit numbers are counts.
MIN_YEAR, MAX_YEAR = 1900, 2100
# A month without a day is compared with the publication date at its middle.
MID_MONTH = 15

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR_WORD = r"(?:\s*(?:год(?:ами|ах|ов|ы|а|у)?\b|гг?\.|гг?\b|year\b|жылы|жылғы|ж\.))"
_DASH = r"\s*[-–—]\s*"
# Month-first patterns match any word, then keep month names: a class loop is ~10x faster
# than trying the ~80 month forms at every word.
_WORD = "[a-zа-яёәғқңөұүһі]"
_WEEKDAY = (
    r"(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_RELATIVE_GENITIVE = (
    "прошлого|прошедшего|минувшего|текущего|этого|нынешнего|уходящего|следующего|будущего"
)
# Each pattern is tried only where a character its matches open with stands (nlp/openings.py).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, ahead(re.compile(regex, re.IGNORECASE)))
    for name, regex in (
        # "во вторник, 17 октября", "в четверг (19 октября)", "on Tuesday, October 17": one
        # date, the day written out; the weekday only picks the year when none is written.
        (
            "weekday_day",
            rf"\b(?:(?:в|во|on)\s+)?{_WEEKDAY}\s*[,(]\s*(\d{{1,2}})\s+({_MONTH})\b\.?"
            rf"(?:\s+(\d{{4}}){_YEAR_WORD}?)?\)?",
        ),
        (
            "weekday_day_en",
            rf"\b(?:on\s+)?{_WEEKDAY}\s*,\s*([a-z]{{3,9}})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"
            r",?(?:\s+(\d{4}))?",
        ),
        # "с 16 по 18 ноября", "с 30 ноября по 2 декабря 2023 года"
        (
            "from_to",
            rf"\b(?:с|со)\s+(\d{{1,2}})(?:\s+({_MONTH}))?\s+по\s+(\d{{1,2}})\s+({_MONTH})\b\.?"
            rf"(?:\s+(\d{{4}}){_YEAR_WORD}?)?",
        ),
        # periods: "январь-август 2023 года", "с 1987 по 2014 годы", "в третьем квартале" ...
        *((name, pattern.pattern) for name, pattern in date_periods.PATTERNS),
        # "2 мая текущего года", "в мае прошлого года"
        (
            "relative_year_day",
            rf"\b(?:(\d{{1,2}})\s+|(?:в|во)\s+)({_MONTH})\s+({_RELATIVE_GENITIVE})\s+года\b",
        ),
        # "в конце июля", "в начале декабря": the month
        (
            "part_month",
            rf"\b(?:в\s+)?(?:начале|середине|конце)\s+({_MONTH})\b(?:\s+(\d{{4}}){_YEAR_WORD}?)?",
        ),
        # "за 9 августа - 6 сентября", "30 ноября – 2 декабря 2023 года"
        (
            "day_to_day",
            rf"\b(\d{{1,2}})\s+({_MONTH})\s*[-–—]\s*(\d{{1,2}})\s+({_MONTH})\b\.?"
            rf"(?:\s+(\d{{4}}){_YEAR_WORD}?)?",
        ),
        (
            "day_range",
            rf"\b(\d{{1,2}}){_DASH}(\d{{1,2}})\s+({_MONTH})\b\.?(?:\s+(\d{{4}}){_YEAR_WORD}?)?",
        ),
        ("day", rf"\b(\d{{1,2}})\s+({_MONTH})\b\.?(?:\s+(\d{{4}}){_YEAR_WORD}?)?"),
        ("month_day_en", r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b,?(?:\s+(\d{4}))?"),
        ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ("numeric", r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),
        ("month_year", rf"\b({_WORD}{{3,9}})\b\.?\s+(\d{{4}}){_YEAR_WORD}?"),
        # a budget's year and its planning period are one span: "на 2024 год и плановый
        # период 2025-2026 годов" is 2024..2026
        (
            "planned_period",
            rf"\b(?:на\s+)?(\d{{4}})\s+год\s+и\s+(?:на\s+)?плановый\s+период\s+"
            rf"(\d{{4}})(?:{_DASH}|\s+и\s+)(\d{{4}}){_YEAR_WORD}",
        ),
        ("year_range", rf"\b(\d{{4}}){_DASH}(\d{{4}}){_YEAR_WORD}"),
        (
            "year",
            rf"(?=[всдкнпisb]|\d)(?:\b(?:в|с|до|к|на|по|in|since|by)\s+)?\b(\d{{4}})(?:-?(?:м|го|й))?{_YEAR_WORD}",
        ),
        ("year_bare", r"\b(?:in|since|by|в|с)\s+(\d{4})\b"),
        (
            "relative_year",
            r"\b(?:в|на)\s+(прошлом|прошедшем|минувшем|текущем|этом|нынешнем"
            r"|уходящем|следующем|будущем|наступающем)\s+году\b"
            r"|\b(last|this|next)\s+year\b",
        ),
        (
            "relative_month",
            r"\b(?:в|на)\s+(прошлом|текущем|этом|следующем)\s+месяце\b"
            r"|\b(last|this|next)\s+month\b",
        ),
        (
            "relative_day",
            r"\b(позавчера|вчера|сегодня|завтра|послезавтра|yesterday|today|tomorrow"
            r"|кеше|бүгін|ертең)\b|\b(накануне)\b(?=(?:\s+([а-яё]+))?)",
        ),
        ("weekday", rf"\b(?:в|во|on|last|next)\s+{_WEEKDAY}\b"),
        (
            "relative_week",
            r"\b(прошлой|минувшей|прошедшей|этой|текущей|следующей|будущей)\s+недел[еию]\b"
            r"|\b(last|this|next)\s+week\b",
        ),
        ("weekend", r"\b(?:в|на)\s+(прошлые|минувшие|эти|следующие)\s+выходные\b"),
        ("month", rf"\b(?:в|во|с|до|к|на|in|since|by)\s+({_MONTH})\b\.?"),
    )
)
_PERIODS = frozenset(name for name, _ in date_periods.PATTERNS)
_OFFSET = {
    "прошлом": -1, "прошедшем": -1, "минувшем": -1, "last": -1,
    "текущем": 0, "этом": 0, "нынешнем": 0, "уходящем": 0, "this": 0,
    "следующем": 1, "будущем": 1, "наступающем": 1, "next": 1,
    "позавчера": -2, "вчера": -1, "yesterday": -1, "сегодня": 0, "today": 0,
    "завтра": 1, "tomorrow": 1, "послезавтра": 2, "накануне": -1,
    "кеше": -1, "бүгін": 0, "ертең": 1,
    "минувшей": -1, "прошедшей": -1, "прошлой": -1, "прошлые": -1, "минувшие": -1,
    "этой": 0, "эти": 0, "будущей": 1, "следующие": 1,
    "прошлого": -1, "прошедшего": -1, "минувшего": -1, "текущего": 0, "этого": 0,
    "нынешнего": 0, "уходящего": 0, "следующего": 1, "будущего": 1,
}  # fmt: skip
_WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятницу": 4, "субботу": 5,
    "воскресенье": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
# A weekday names the nearest such day before publication ("в четверг прошла встреча"), or
# after it when a future word (nlp/tense.yaml: "пройдет", "will") stands within tense.WINDOW
# characters of it. A date without a year takes the side its clause's tense says
# (tense.clause, tense.moved_year).


# A capitalized day word right before a reporting verb names an outlet, not a day ("Сегодня.
# пишет Договор ...", BSNLP nord_stream: the Ukrainian paper "Сегодня").
_OUTLET_VERB = re.compile(r"\.?\s*(?:пишет|сообщает|переда[её]т)\b")


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date expression: span in the text, value ("YYYY", "YYYY-MM", "YYYY-MM-DD") or None."""

    start: int
    end: int
    text: str
    date: str | None
    date_end: str | None
    precision: str | None  # "day" | "month" | "year", None when the value is unknown


def parse_published(published: str | None) -> date | None:
    """The publication day from "YYYY-MM-DD[THH:MM...]", or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_dates(text: str, published: str | None) -> list[DateRef]:
    """Every date expression in text, in order, the longest at each place, with its value."""
    return list(_dates(text, published))


# The events stage, then the calendar when the article is stored, read the same text's dates:
# the last few texts' answers are kept (DateRef is frozen; each caller gets its own list).
@lru_cache(maxsize=256)
def _dates(text: str, published: str | None) -> tuple[DateRef, ...]:
    pub = parse_published(published)
    found: list[DateRef] = []
    taken: Overlaps[Span] = Overlaps()  # by span: a text of many dates costs linear time
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if taken.overlapping(match.start(), match.end()):
                continue
            value = _value(name, match, pub, text)
            if value is None:
                continue
            taken.add(Span(match.start(), match.end()))
            found.append(DateRef(match.start(), match.end(), match.group(), *value))
    return tuple(sorted(found, key=lambda d: d.start))


def normalize_date(expression: str, published: str | None) -> DateRef | None:
    """The first date expression in a short string, e.g. ("в прошлом году", "2024-04-03")."""
    found = find_dates(expression, published)
    return found[0] if found else None


Value = tuple[str | None, str | None, str | None]


def _value(name: str, m: re.Match[str], pub: date | None, text: str = "") -> Value | None:
    g = m.groups()
    if name in _PERIODS:
        return date_periods.value(name, m, pub, _tense(text, m))
    if name in ("weekday", "relative_week", "weekend"):
        return _week_value(name, m, pub, text)
    if name in ("weekday_day", "weekday_day_en"):
        day, month_word, written = (g[1], g[2], g[3]) if name == "weekday_day" else (
            g[2], g[1], g[3])  # fmt: skip
        found = MONTHS.get(month_word.lower())
        if found is None:
            return None
        year = _year(written, pub, found, int(day), _tense(text, m))
        return _day(_weekday_year(year, written, found, int(day), g[0]), found, int(day))
    if name in ("from_to", "day_to_day"):
        last_month = MONTHS[g[3].lower()]
        first_month = MONTHS[g[1].lower()] if g[1] else last_month
        year = _year(g[4], pub, last_month, int(g[2]), _tense(text, m))
        if year is None:
            return None, None, None
        first_year = year - 1 if first_month > last_month else year
        opening = _day(first_year, first_month, int(g[0]))
        closing = _day(year, last_month, int(g[2]))
        if opening is None or closing is None or (opening[0] or "") >= (closing[0] or ""):
            return None
        return opening[0], closing[0], "day"
    if name == "relative_year_day":
        if pub is None:
            return None, None, None
        year, month = pub.year + _OFFSET[g[2].lower()], MONTHS[g[1].lower()]
        return _day(year, month, int(g[0])) if g[0] else (f"{year:04d}-{month:02d}", None, "month")
    if name == "part_month":
        month = MONTHS[g[0].lower()]
        year = _year(g[1], pub, month, MID_MONTH, _tense(text, m))
        return (f"{year:04d}-{month:02d}", None, "month") if year else (None, None, None)
    if name == "day_range":
        month = MONTHS[g[2].lower()]
        year = _year(g[3], pub, month, int(g[0]), _tense(text, m))
        return _day(year, month, int(g[0]), int(g[1]))
    if name == "day":
        month = MONTHS[g[1].lower()]
        return _day(_year(g[2], pub, month, int(g[0]), _tense(text, m)), month, int(g[0]))
    if name == "month_day_en":
        found = MONTHS.get(g[0].lower())
        if not found:
            return None
        return _day(_year(g[2], pub, found, int(g[1]), _tense(text, m)), found, int(g[1]))
    if name == "iso":
        return _day(int(g[0]), int(g[1]), int(g[2]))
    if name == "numeric":
        return _day(int(g[2]), int(g[1]), int(g[0]))
    if name == "month_year":
        year, found = int(g[1]), MONTHS.get(g[0].lower())
        return (f"{year:04d}-{found:02d}", None, "month") if found and _ok(year) else None
    if name in ("year_range", "planned_period"):
        first, last = int(g[0]), int(g[-1])
        if not (_ok(first) and _ok(last) and first < last):
            return None
        return str(first), str(last), "year"
    if name in ("year", "year_bare"):
        return (g[0], None, "year") if _ok(int(g[0])) else None
    word = next(x for x in g if x).lower()
    if name == "relative_year":
        return (str(pub.year + _OFFSET[word]), None, "year") if pub else (None, None, None)
    if name == "relative_month":
        if pub is None:
            return None, None, None
        index = pub.year * 12 + pub.month - 1 + _OFFSET[word]
        return f"{index // 12:04d}-{index % 12 + 1:02d}", None, "month"
    if name == "relative_day":
        if word == "накануне" and g[2] and _genitive_only(g[2]):
            return None  # "накануне саммита": the eve of an event, not the day before
        if m.group()[0].isupper() and _OUTLET_VERB.match(text, m.end()):
            return None  # "Сегодня. пишет ...": the outlet "Сегодня" (a garbled credit line)
        if pub is None:
            return None, None, None
        return (pub + timedelta(days=_OFFSET[word])).isoformat(), None, "day"
    month = MONTHS[word]  # name == "month"
    year = _year(None, pub, month, MID_MONTH, _tense(text, m))
    return (f"{year:04d}-{month:02d}", None, "month") if year else (None, None, None)


def _week_value(name: str, m: re.Match[str], pub: date | None, text: str) -> Value:
    """A weekday, a week or a weekend, counted from the publication day."""
    if pub is None:
        return None, None, None
    word = next(x for x in m.groups() if x).lower()
    if name == "weekday":
        ahead = m.group().lower().startswith("next") or (
            future_near(text, m.start(), m.end()) and not m.group().lower().startswith("last")
        )
        shift = (_WEEKDAYS[word] - pub.weekday()) % 7
        if not ahead and shift:
            shift -= 7
        return (pub + timedelta(days=shift)).isoformat(), None, "day"
    monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=_OFFSET.get(word, 0))
    if word in ("next", "следующей"):
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=1)
    if name == "weekend":
        return (
            (monday + timedelta(days=5)).isoformat(),
            (monday + timedelta(days=6)).isoformat(),
            "day",
        )
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week"


def _genitive_only(word: str) -> bool:
    """True when every reading of the word is genitive ("саммита", "выборов")."""
    return all(p.tag.case == "gent" for p in parses(word))


def _ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _year(
    written: str | None, pub: date | None, month: int, day: int = MID_MONTH, tense: int = 0
) -> int | None:
    """The written year, else the year that puts the day nearest the publication date, moved
    to the side the clause's tense says (+1 future, -1 past) when it lies on the other."""
    if written:
        return int(written)
    if pub is None:
        return None
    delta = month - pub.month
    year = pub.year
    if delta > NEAREST_MONTH_SPAN:
        year = pub.year - 1
    elif delta < -NEAREST_MONTH_SPAN:
        year = pub.year + 1
    return moved_year(year, month, day, pub, tense)


def _tense(text: str, m: re.Match[str]) -> int:
    """+1 when the clause around the match speaks of the future, -1 of the past, else 0."""
    return clause(text, m.start(), m.end())


def _weekday_year(
    year: int | None, written: str | None, month: int, day: int, weekday: str
) -> int | None:
    """A year the written day falls on the weekday in, the nearest to `year` (unwritten)."""
    if year is None or written:
        return year
    want = _WEEKDAYS[weekday.lower()]
    for candidate in (year, year + 1, year - 1):
        try:
            if date(candidate, month, day).weekday() == want:
                return candidate
        except ValueError:
            continue
    return year


def _day(year: int | None, month: int, day: int, day_end: int | None = None) -> Value | None:
    if year is None:
        return None, None, None
    try:
        first = date(year, month, day)
        last = date(year, month, day_end) if day_end is not None else None
    except ValueError:
        return None
    if not _ok(year):
        return None
    return first.isoformat(), last.isoformat() if last else None, "day"
