"""A web page's publication date: four kinds of evidence and the rule that picks one.

The evidence, strongest first when they disagree:

1. ``printed``: the date the page prints above its first prose paragraph (a date line, a
   labelled "Опубликовано: ..." line, a "Site • 02.02.2022" line) or at the start of that
   paragraph ("Karlsruhe, (12.11.2021). ...", "АСТАНА, 15 октября 2023 г. ...");
2. ``meta``: htmldate's fast search (meta tags, JSON-LD, a Y/M/D path in the URL, time
   elements), refined by a <meta> timestamp of the same day;
3. ``url``: a compact date in the URL (``/20200428/``);
4. ``extensive``: htmldate's extensive search over the page text, accepted only when that
   day is written out in full somewhere in the HTML.

A printed date that disagrees with the metadata wins: content systems stamp metadata on
import, migration or update, while the dateline is what the editor published (on the
htmldate benchmark's development half the printed date was right on every page where the
two disagreed; see docs/dates.md). Nothing found is ``None``: a null beats an invented date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import dateparser

from obzor.clean.dates import date_line, is_update_line, parse_date, split_date_prefix

# A header line longer than this is prose: the date lines of real pages ("Handball Schweiz •
# 02.02.2022", "11.05.2012, 10:22 von jovelstefan") are under 60 characters.
MAX_HEADER_LINE = 80
# Header lines are read up to the first prose paragraph, and never more than this many:
# title, kicker, subtitle, byline and date line fit in six.
MAX_HEADER_LINES = 6

# Separators between the parts of a header line: bullets, bars, commas, spaced dashes, and a
# label's colon ("Veröffentlichung: 04.02.2022").
_PARTS = re.compile(r"\s*(?:[•|·,;]|\s[-–—]\s|:\s)\s*")
# A dateline opening the first paragraph: an optional place, then the date in brackets or not,
# then a full stop, dash or colon ("Karlsruhe, (12.11.2021). ...", "31.10.2023 – ...").
_OPENING = re.compile(
    r"^(?:[^\W\d][\w.'-]*(?: [^\W\d][\w.'-]*){0,3},\s*)?\(?"
    r"(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.? [^\W\d]+\.? \d{4}(?: ?г\.| года)?)"
    r"\)?\s*[.:–—-]\s"
)
# A Y/M/D date inside a URL that htmldate's own pattern (/2020/04/28/) misses: /20200428/,
# /2020-04-28-title.
_URL_DATE = re.compile(r"/((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?=[/_.-]|$)")
# dateparser reads month names in ~200 languages ("1. Februar 2022", "23 mai 2019"); it is
# asked only about a header line's part that has a four-digit year and a word, and must find
# the day, the month and the year, day first when the order is ambiguous.
_DATEPARSER = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "DATE_ORDER": "DMY",
}
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_LETTERS = re.compile(r"[^\W\d_]{3,}")
# Words that stand for a month name in any language ("14. Februar 2012", "23 mai 2019").
_WORD = r"[^\W\d_]{3,12}\.?"


@dataclass(frozen=True, slots=True)
class PubDate:
    """A publication date and the evidence it came from (printed, meta, url, extensive)."""

    value: str
    evidence: str


def printed_date(paragraphs: Sequence[str]) -> str | None:
    """The date printed in the page's header lines or opening its first prose paragraph."""
    for para in paragraphs[:MAX_HEADER_LINES]:
        if len(para) > MAX_HEADER_LINE:
            m = _OPENING.match(para)
            return _any_date(m[1]) if m else None
        found = _line_date(para)
        if found:
            return found
    return None


def url_date(url: str | None) -> str | None:
    """A full date written into the URL's path, or None."""
    path = url.split("?", 1)[0] if url else ""
    for m in _URL_DATE.finditer(path):
        if _valid(int(m[1]), int(m[2]), int(m[3])):
            return f"{m[1]}-{m[2]}-{m[3]}"
    return None


def written_in_full(day: str, html: str) -> bool:
    """True when the page writes this YYYY-MM-DD day with its day, month and year."""
    return _full_date(day).search(html) is not None


def publication_date(
    *,
    paragraphs: Sequence[str],
    meta: str | None,
    url: str | None,
    html: str,
    extensive: Callable[[], str | None],
) -> PubDate | None:
    """The publication date by the rule in this module's docstring; extensive runs last."""
    printed = printed_date(paragraphs)
    if printed and meta and meta[:10] == printed[:10]:
        # Same day: keep whichever carries the time (the meta timestamp when both do).
        return PubDate(meta if len(meta) >= len(printed) else printed, "meta")
    if printed:
        return PubDate(printed, "printed")
    if meta:
        return PubDate(meta, "meta")
    if found := url_date(url):
        return PubDate(found, "url")
    guessed = extensive()
    day = parse_date(guessed[:10]) if guessed else None
    # htmldate completes a month ("06/2010") or a copyright year with day 1 and may swap an
    # ambiguous day and month; a date the page never writes out in full is such a guess.
    if day and written_in_full(day, html):
        return PubDate(day, "extensive")
    return None


def _full_date(day: str) -> re.Pattern[str]:
    y, m, d = day[:4], int(day[5:7]), int(day[8:10])
    forms = (
        rf"(?<!\d)0?{d}\s?[./-]\s?0?{m}\s?[./-]\s?(?:{y}|{y[2:]})(?!\d)",
        rf"(?<!\d){y}[-/.]{m:02d}[-/.]{d:02d}(?!\d)",
        rf"(?<!\d)0?{d}(?:st|nd|rd|th)?\.?\s+{_WORD},?\s+{y}(?!\d)",
        rf"{_WORD}\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}(?!\d)",
    )
    return re.compile("|".join(forms))


def _line_date(line: str) -> str | None:
    if is_update_line(line):
        return None
    found = date_line(line) or split_date_prefix(line)[0]
    if found:
        return found
    for part in _PARTS.split(line):
        part = part.strip(" ()[].")
        if part and (found := _any_date(part)):
            return found
    return None


def _any_date(text: str) -> str | None:
    """A full date in obzor's languages, else in any language dateparser reads (needs a year)."""
    found = parse_date(text)
    if found or not (_YEAR.search(text) and _LETTERS.search(text)):
        return found
    parsed = dateparser.parse(text, settings=_DATEPARSER)
    return parsed.date().isoformat() if parsed else None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
