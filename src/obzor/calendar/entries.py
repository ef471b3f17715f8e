"""Calendar entries: reports of one event folded together, and whether a report is of an entry.

Pure functions over Reports (calendar/reports.py); the store keeps the entries
(store/calendar.py) and calls these on every article it adds.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from obzor import text
from obzor.calendar.reports import CHAIR, TITLE, UNDATED, Report, span
from obzor.calendar.threads import RULING, RULING_DAYS

STATUSES = ("announced", "confirmed", "held", "postponed", "cancelled", "overdue")
# Types that name the same gathering in different words ("саммит" is a meeting, "форум" a
# conference; reports of one summit use both).
_KINDRED = {"meeting": "gathering", "conference": "gathering"}
# Reports of one event give its day a little differently ("12-14 сентября", "13 сентября",
# "на этой неделе"): dates this many days apart still match.
DATE_SLACK_DAYS = 3
# A postponement names the new date, not the old one: it matches an entry by who and where
# within this many days of the entry's date.
POSTPONE_WINDOW_DAYS = 366
# Dates of one kind of event within one article this close are one event (same_article).
ARTICLE_WINDOW_DAYS = 7
# Words that name any gathering tell no two events apart (_name_overlap).
_GENERIC = re.compile(
    r"(?:заседани|встреч|переговор|сесси|форум|саммит|конференци|визит|пленарн|очередн"
    r"|следующ|перв|втор|трет|ежегодн|международн|учени|meeting|session|summit|talks|forum"
    r"|conference|visit|plenary|next|annual)\w*|[\"«»„“”-]+",
    re.IGNORECASE,
)
# A later phase or the end of an event already under way (same_article).
_CONTINUES = re.compile(
    r"продл\w+|\b(?:до|по)\s+\d|активн\w+\s+фаз|\b(?:until|through)\b|active\s+phase",
    re.IGNORECASE,
)
# A part of a gathering: a forum's session, panel, round table or master class is its own
# event (docs/calendar-labels.md): the forum reported held says nothing of its panel, and a
# session's report must not join the forum's entry because both name the forum's title.
_PART = re.compile(
    r"(?:панел|круглы\w*\s+стол|мастер-класс|секци|дискусси|турнир|panel|round\s*table"
    r"|workshop|master\s*class)"
    # a session is a part when it has a title of its own or is the forum's plenary; "сессия
    # Совета коллективной безопасности" and "сессия Генассамблеи" are the whole event
    r"|пленарн\w*\s+сесси|plenary\s+session"
    r"|(?:сесси\w*|session)\s*(?:[\"«„“]|форум|конференц|конгресс|forum|conference)",
    re.IGNORECASE,
)
# The name of a court's hearing, which a later ruling may report held (calendar/threads.py).
_COURT = re.compile(r"суд|слушани|hearing|court", re.IGNORECASE)
# Finer dates win when reports disagree on precision.
_PRECISION = {"day": 4, "week": 3, "month": 2, "year": 1}


@dataclass(slots=True)
class Entry:
    """One calendar event: its best-known date and what the latest report says of it."""

    type: str
    name: str
    date: str
    date_end: str | None
    precision: str | None
    place: str | None
    keys: tuple[str, ...]
    status: str  # announced, confirmed, held, postponed or cancelled (overdue: at query)
    first_day: str
    last_day: str
    first_seen: str | None
    last_seen: str | None


def kind(event_type: str) -> str:
    """The group of types whose reports may be of one event."""
    return _KINDRED.get(event_type, event_type)


def overlaps(report: Report, first_day: str, last_day: str, moved: bool = False) -> bool:
    """Whether the report's days and [first_day, last_day] meet, give or take the slack; a
    wide window when either side is a postponement (moved: the entry's date is a new one)."""
    if report.status == "postponed" or moved:
        return shift_day(first_day, -POSTPONE_WINDOW_DAYS) <= report.last_day and (
            report.first_day <= shift_day(last_day, POSTPONE_WINDOW_DAYS)
        )
    return shift_day(first_day, -DATE_SLACK_DAYS) <= report.last_day and (
        report.first_day <= shift_day(last_day, DATE_SLACK_DAYS)
    )


def shift_day(day: str, days: int) -> str:
    """An ISO day moved by a number of days."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def shared(report_keys: Sequence[str], entry_keys: Sequence[str]) -> int:
    """How many keys (actors, places) a report and an entry share."""
    return len(set(report_keys) & set(entry_keys))


def matches(report: Report, entry: Entry) -> bool:
    """Whether a report is of this entry: kindred type, meeting dates, and the same actors or
    place (two keys when both name two, else one), or, when one side names nobody, the same
    name words."""
    if kind(report.type) != kind(entry.type):
        return False
    if is_part(report.name) != is_part(entry.name):
        return False  # a session of the forum is not the forum
    if report.joins_only:
        return _follows(report, entry)
    # A postponed entry's old date is far from its new one: a report written before the move
    # (added late) may still name the old date. A later announcement of a date other than the
    # new one is another event ("отложил на 25 октября" and, a week on, a hearing of 2 November).
    stale = entry.status == "postponed" and (report.published or "") <= (entry.last_seen or "")
    if not overlaps(report, entry.first_day, entry.last_day, stale):
        return False
    chairs = (
        {k for k in report.keys if k.startswith(CHAIR)},
        {k for k in entry.keys if k.startswith(CHAIR)},
    )
    if all(chairs) and not chairs[0] & chairs[1]:
        return False  # Kazakhstan's chairmanship is not Kyrgyzstan's
    together = set(report.keys) & set(entry.keys)
    if is_part(report.name):
        return _same_part(report, entry, together)
    if any(k.startswith(TITLE) for k in together):
        return True  # "Сделано в России" in both: the same forum
    if report.keys and entry.keys:
        need = min(2, len(report.keys), len(entry.keys))
        return shared(report.keys, entry.keys) >= need
    return _name_overlap(report.name, entry.name) >= 0.5


def _follows(report: Report, entry: Entry) -> bool:
    """Whether an undated report of a held event (its article's day) is of this entry: the
    entry began on or before that day and ended at most DATE_SLACK_DAYS before it, and they
    share a title, two keys, or one key and half their name words."""
    if entry.first_seen == entry.last_seen == report.published:
        return False  # only this article reports the entry: "ранее на встрече" is another
    day = report.first_day
    ruling = report.rule == RULING
    if ruling and not _COURT.search(entry.name):
        return False  # a ruling says a hearing was held, nothing of a meeting
    if ruling and report.precision is not None:  # the ruling's own date: "в начале ноября"
        if not overlaps(report, entry.first_day, entry.last_day):
            return False
    else:
        after = RULING_DAYS if ruling else DATE_SLACK_DAYS
        if not entry.first_day <= day <= shift_day(entry.last_day, after):
            return False
    together = set(report.keys) & set(entry.keys)
    if is_part(report.name):
        return _same_part(report, entry, together)
    if any(k.startswith(TITLE) for k in together) or len(together) >= 2:
        return True
    return len(together) == 1 and _name_overlap(report.name, entry.name) >= 0.5


def is_part(name: str) -> bool:
    """Whether an event's name makes it a part of a gathering: "сессия "Горизонт 2040"",
    "панельная дискуссия", "пленарная сессия" (its head word, _PART)."""
    return _PART.match(name.strip(' «"')) is not None


def _same_part(report: Report, entry: Entry, together: set[str]) -> bool:
    """Whether two parts of gatherings are one: the same own title (the quoted name inside the
    part's name: сессия "Новая сила регионов"), else, when neither has one, the same name words
    and a shared key that is not only the gathering's title."""
    mine, theirs = _own_titles(report.name, report.keys), _own_titles(entry.name, entry.keys)
    if mine or theirs:
        return bool(mine & theirs)
    words = _content_words(report.name), _content_words(entry.name)
    if _name_overlap(report.name, entry.name) < 0.5 and words[0] != words[1]:
        return False
    return any(not k.startswith(TITLE) for k in together) or not (report.keys and entry.keys)


def _own_titles(name: str, keys: Sequence[str]) -> set[str]:
    """The title keys whose words open the part's name after its head word ("сессия "Да кому
    это там надо": the session's own title, not the forum's)."""
    folded = text.name_key(name)
    return {k for k in keys if k.startswith(TITLE) and k[len(TITLE) :][:12] in folded}


def _name_overlap(a: str, b: str) -> float:
    """The share of name words two events have in common, the words that name any gathering
    ("заседание", "пленарное") left out: "Пленарное заседание" of the Duma and a "заседание"
    of the Federation Council share nothing."""
    wa, wb = _content_words(a), _content_words(b)
    return len(wa & wb) / (len(wa | wb) or 1)


def _content_words(name: str) -> set[str]:
    return {w for w in text.fold(name).split() if not _GENERIC.fullmatch(w)}


def same_article(report: Report, filed: Sequence[tuple[int, Report]]) -> int | None:
    """The entry that a report of the same kind from the same article, dated within a week,
    was filed to: one article reports one exercise or summit, whose start, active phase and
    end it dates separately ("стартовали 16 сентября", "продлятся до 20 сентября")."""
    for entry_id, other in filed:
        if (
            kind(other.type) == kind(report.type)
            and report.status != "postponed"
            and not report.joins_only
            # "заседание прошло 25-го" and "пройдет 30-го" are two; "стартовали 16 сентября"
            # and "продлятся до 20 сентября" are one exercise.
            and (other.status == report.status or _CONTINUES.search(report.evidence) is not None)
        ):
            gap = abs(
                date.fromisoformat(other.first_day).toordinal()
                - date.fromisoformat(report.first_day).toordinal()
            )
            chairs = {k for k in (*report.keys, *other.keys) if k.startswith(CHAIR)}
            if gap <= ARTICLE_WINDOW_DAYS and len(chairs) <= 1:
                return entry_id
    return None


def best(report: Report, entries: Sequence[tuple[int, Entry]]) -> int | None:
    """The id of the entry a report is of (most shared keys, then nearest start), or None."""
    found = [(i, e) for i, e in entries if matches(report, e)]
    if not found:
        return None
    i, _ = min(
        found,
        key=lambda ie: (
            -shared(report.keys, ie[1].keys),
            abs(date.fromisoformat(ie[1].first_day).toordinal()
                - date.fromisoformat(report.first_day).toordinal()),
            ie[0],
        ),
    )  # fmt: skip
    return i


def _order(report: Report) -> tuple[str, int]:
    return (report.published or "", report.start)


def fold(reports: Sequence[Report]) -> Entry:
    """The entry that a non-empty list of reports of one event makes, read in publication order:
    a second announcement confirms, held stays held, a cancellation or postponement holds until
    a later announcement; the date is the finest one given since the last postponement."""
    ordered = sorted(reports, key=_order)
    status = ordered[0].status
    for previous, report in itertools.pairwise(ordered):
        if status == "held":
            break
        if report.status == "announced" and status in ("announced", "confirmed"):
            status = "confirmed" if report.published != previous.published else status
        else:
            status = report.status
    moved = [n for n, r in enumerate(ordered) if r.status == "postponed"]
    dated = ordered[moved[-1] :] if moved else ordered
    # The finest date, a range before a single day, from the latest article; within one
    # article the earliest day (an exercise "started on the 16th" and "runs until the 20th").
    when = max(
        dated,
        key=lambda r: (
            _PRECISION.get(r.precision or "", 0),
            r.date_end is not None,  # "17-18 октября" over "заявил в среду" at the forum
            r.published or "",
            -date.fromisoformat(r.first_day).toordinal(),
        ),
    )
    # A dated report names the entry ("В сессии приняли участие ..." names only "сессия").
    named = max(ordered, key=lambda r: (not r.rule.startswith(UNDATED), len(r.keys), len(r.name)))
    keys = tuple(sorted({k for r in ordered for k in r.keys}))
    first, last = span(when.date, when.date_end)
    return Entry(
        type=named.type,
        name=named.name,
        date=when.date,
        date_end=when.date_end,
        precision=when.precision,
        place=next((r.place for r in reversed(ordered) if r.place), None),
        keys=keys,
        status=status,
        first_day=first,
        last_day=last,
        first_seen=ordered[0].published,
        last_seen=ordered[-1].published,
    )


def effective_status(status: str, last_day: str, as_of: str) -> str:
    """The status shown on as_of: an announced, confirmed or re-dated event whose last day has
    passed with no report that it was held is overdue."""
    if status in ("announced", "confirmed", "postponed") and last_day < as_of[:10]:
        return "overdue"
    return status
