"""Publication dates: one parser for the region's date forms, and finders for header lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from obzor.clean.text import normalize_line, strip_bullets
from obzor.nlp.months import MONTHS
from obzor.text import fold

# The longest date line seen, "Опубликовано: четверг, 23 ноября 2023 года в 22:16 (GMT+5)",
# is ~60 characters; longer lines are prose and skip the parser.
MAX_DATE_LINE = 80

# Words that decorate a date without changing it: year markers, "в"/"at" before a time,
# ordinal suffixes, weekday names (ru, en, kk) and stray dashes.
_NOISE = frozenset(
    " ".join(
        (
            "г гг год года году в at on the of жылғы жыл ж st nd rd th -",
            "понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт пт сб вс",
            "monday tuesday wednesday thursday friday saturday sunday",
            "mon tue tues wed thu thur thurs fri sat sun",
            "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі",
        )
    ).split()
)
# Words meaning "a recent day" in headers: the line is a date, the value is unknowable.
_RELATIVE = frozenset(["сегодня", "вчера", "today", "yesterday"])

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_TIME = re.compile(
    r"(?<![\d:.])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?!\d)"
    r"(?:\s*([ap])\.?\s?m\b\.?)?"
    r"(?:\s*(utc|gmt|z|мск|msk)\b)?(?:\s*([+-]\d{1,2}(?::?\d{2})?)(?![\d.:/]))?"
)
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[,;|()\[\]•·–—]")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])")
_WORD = r"([^\W\d_]+)"
_D_MONTH_Y = re.compile(rf"(\d{{1,2}}) {_WORD} (\d{{4}})")
_MONTH_D_Y = re.compile(rf"{_WORD} (\d{{1,2}}) (\d{{4}})")
_Y_D_MONTH = re.compile(rf"(\d{{4}}) (\d{{1,2}}) {_WORD}")
_D_M_Y = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
_Y_M_D = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})")
_D_MONTH = re.compile(rf"(\d{{1,2}}) {_WORD}|{_WORD} (\d{{1,2}})")

# Labels sites print before a date; "updated" labels mark a date line but not the publication.
_LABEL = re.compile(
    r"^(?:(?P<pub>дата публикации|опубликовано|дата|date|published(?: on)?|posted(?: on)?)"
    r"|(?P<upd>обновлено|изменено|updated|last updated|modified))\s*:?\s*",
    re.IGNORECASE,
)
# A date glued to the start of a headline line: "date 2025-10-14 Генсек ОДКБ: ...".
_PREFIX = re.compile(
    r"^(?:(?:date|дата)\s*:?\s*)?"
    r"(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}\.\d{1,2}\.\d{4}(?: \d{1,2}:\d{2})?)"
    r"(?:\s*[:|–—-])?\s+(?=\S)",  # "08.11.2018 04:07 : В Пакистане ...": the separator goes too
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Parts:
    year: int | None
    month: int | None = None
    day: int | None = None
    time: str = ""  # "THH:MM[:SS][+HH:MM]" or ""


def parse_date(value: str) -> str | None:
    """The date as YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]; None unless it is a full date."""
    parts = _parse(value)
    if parts is None or parts.year is None or parts.month is None or parts.day is None:
        return None
    return f"{parts.year:04d}-{parts.month:02d}-{parts.day:02d}{parts.time}"


def date_line(line: str) -> str | None:
    """The publication date of a line that holds only a date (bullets and labels allowed)."""
    if len(line) > MAX_DATE_LINE or not _DIGIT.search(line):
        return None
    rest, updated = _unlabel(line)
    return None if updated else parse_date(rest)


def is_date_line(line: str) -> bool:
    """True when the line holds only a date, even one without a year or with an update label."""
    if len(line) > MAX_DATE_LINE or not _DIGIT.search(line):
        return False
    return _parse(_unlabel(line)[0]) is not None


def is_update_line(line: str) -> bool:
    """True when the line starts with an "updated"/"обновлено" label (not a publication date)."""
    return _unlabel(line)[1]


def split_date_prefix(line: str) -> tuple[str | None, str]:
    """(date, rest) for a headline with a glued date prefix, else (None, line)."""
    m = _PREFIX.match(line)
    if m is None:
        return None, line
    found = parse_date(m[1])
    return (found, line[m.end() :]) if found else (None, line)


def header_date(lines: Iterable[str]) -> str | None:
    """The first publication date among header lines (date-only lines or a headline prefix)."""
    for line in lines:
        found = date_line(line) or split_date_prefix(normalize_line(line))[0]
        if found:
            return found
    return None


def _unlabel(line: str) -> tuple[str, bool]:
    text = strip_bullets(normalize_line(line))
    m = _LABEL.match(text)
    if m is None:
        return text, False
    return text[m.end() :], m["upd"] is not None


def _parse(value: str) -> _Parts | None:
    s = fold(normalize_line(value))
    if not s:
        return None
    iso = _ISO.fullmatch(s)
    if iso:
        return _iso(*iso.groups())
    s = _DIGIT_LETTER.sub(" ", _PUNCT.sub(" ", s))
    clock = ""
    t = _TIME.search(s)
    if t:
        found = _time(*t.groups())
        if found is None:
            return None
        clock = found
        s = s[: t.start()] + " " + s[t.end() :]
    words = [w for w in (w.rstrip(".") for w in s.split()) if w and w not in _NOISE]
    rest = " ".join(words)
    if not rest:
        return _Parts(None, time=clock) if clock else None
    if rest in _RELATIVE:
        return _Parts(None)
    return _match_date(rest, clock)


def _iso(
    y: str, mo: str, d: str, hh: str | None, mi: str, ss: str | None, tz: str | None
) -> _Parts | None:
    zone, offset = (tz, None) if tz == "z" else (None, tz)
    clock = _time(hh, mi, ss, None, zone, offset) if hh else ""
    return _checked(int(y), int(mo), int(d), clock)


def _match_date(rest: str, time: str) -> _Parts | None:
    if m := _D_MONTH_Y.fullmatch(rest):
        return _checked(int(m[3]), MONTHS.get(m[2]), int(m[1]), time)
    if m := _MONTH_D_Y.fullmatch(rest):
        return _checked(int(m[3]), MONTHS.get(m[1]), int(m[2]), time)
    if m := _Y_D_MONTH.fullmatch(rest):
        return _checked(int(m[1]), MONTHS.get(m[3]), int(m[2]), time)
    if m := _D_M_Y.fullmatch(rest):
        day, month = int(m[1]), int(m[3])
        if m[2] == "/" and month > 12 >= day:  # "11/23/2023": only the US order fits
            day, month = month, day
        return _checked(int(m[4]), month, day, time)
    if m := _Y_M_D.fullmatch(rest):
        return _checked(int(m[1]), int(m[3]), int(m[4]), time)
    if m := _D_MONTH.fullmatch(rest):  # "15 октября": a date line, but no year to publish
        named = MONTHS.get(m[2] or m[3])
        numbered = int(m[1] or m[4])
        if named and 1 <= numbered <= 31:
            return _Parts(None, named, numbered, time)
    return None


def _checked(year: int, month: int | None, day: int, time: str | None) -> _Parts | None:
    # Years outside 1900-2100 are ids or typos in news metadata, not publication years.
    if month is None or time is None or not 1900 <= year <= 2100:
        return None
    try:
        date(year, month, day)
    except ValueError:
        return None
    return _Parts(year, month, day, time)


def _time(
    hh: str, mi: str, ss: str | None, ampm: str | None, zone: str | None, offset: str | None
) -> str | None:
    hour, minute = int(hh), int(mi)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59 or (ss is not None and int(ss) > 59):
        return None
    out = f"T{hour:02d}:{minute:02d}" + (f":{ss}" if ss is not None else "")
    if offset is None and zone in ("z", "utc", "gmt"):
        return out + "+00:00"
    if offset is None and zone in ("мск", "msk"):
        return out + "+03:00"
    if offset is None:
        return out
    digits = offset[1:].replace(":", "")
    oh, om = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if oh > 14 or om > 59:
        return None
    return f"{out}{offset[0]}{oh:02d}:{om:02d}"
