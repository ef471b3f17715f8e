"""One article's word on a calendar event: which event, when, and what it says happened.

`reports(events, published)` is pure: each dated event of a calendar type becomes a Report
whose status is what this one article says (announced, held, postponed, cancelled), read from
the event's date against the publication date and, where they do not decide, from the words of
its sentence (status.yaml). Entries fold reports together (calendar/entries.py).
"""

from __future__ import annotations

import calendar as stdcal
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from obzor.model import Article, Event
from obzor.nlp.dates import find_dates
from obzor.yamldata import load_yaml

# The event types that are planned ahead and so belong on a calendar (nlp/events.yaml ids);
# attacks, disasters, aid and statistics are reported, not announced.
CALENDAR_TYPES = (
    "meeting",
    "conference",
    "exercise",
    "operation",
    "chairmanship",
    "agreement",
)
# Types only calendar/sentences.py files (kinds.yaml): no event noun names them.
SENTENCE_TYPES = ("deadline", "election")
REPORT_STATUSES = ("announced", "held", "postponed", "cancelled")
# A report of a past event makes an entry only when the event is this recent: "в июне 2025 года
# прошла конференция" in an October 2025 article is news of the year; an agreement of 2010
# named in passing is history, not the calendar's business.
HELD_WINDOW_DAYS = 366
CHAIR = "chair:"
# A cancellation or postponement word speaks of the event named within this many characters
# ("встреча ... отменена"); farther off it is another clause's ("отмене санкций").
NEAR = 80
# Exhibitions are not the calendar's business, "выставка-форум" included.
_EXHIBITION = re.compile(
    r"выставк\w*-форум", re.IGNORECASE
)  # the key that names a chairmanship's chair


@dataclass(slots=True, frozen=True)
class Report:
    """What one article says about one calendar event (its sentence is the evidence)."""

    type: str
    name: str
    date: str  # ISO, as the event has it (YYYY, YYYY-MM or YYYY-MM-DD)
    date_end: str | None
    precision: str | None
    place: str | None
    keys: tuple[str, ...]  # who and where: KB ids, else casefolded names
    status: str  # one of REPORT_STATUSES
    rule: str  # what decided the status: "date" or a status.yaml rule id
    published: str | None
    evidence: str
    start: int
    end: int

    @property
    def first_day(self) -> str:
        return span(self.date, self.date_end)[0]

    @property
    def last_day(self) -> str:
        return span(self.date, self.date_end)[1]


def day_span(value: str) -> tuple[date, date]:
    """The first and last day an ISO date of any precision covers ("2025-06": June 1-30)."""
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        return date(parts[0], parts[1], 1), date(
            parts[0], parts[1], stdcal.monthrange(parts[0], parts[1])[1]
        )
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def span(start: str, end: str | None = None) -> tuple[str, str]:
    """The first and last day (ISO) of an event dated start (..end)."""
    first = day_span(start)[0]
    last = day_span(end or start)[1]
    return first.isoformat(), max(first, last).isoformat()


@lru_cache(maxsize=1)
def _rules() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    text = resources.files("obzor.calendar").joinpath("status.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    return {
        kind: [(r["id"], re.compile(r["regex"], re.IGNORECASE)) for r in rules]
        for kind, rules in data.items()
    }


def fired(kind: str, sentence: str, anchor: int | None = None) -> str | None:
    """The id of the first status.yaml rule of this kind that matches the sentence (within
    NEAR characters of anchor, the event's name, when given), or None."""
    for rule_id, pattern in _rules()[kind]:
        for match in pattern.finditer(sentence):
            if anchor is None or abs(match.start() - anchor) <= NEAR:
                return rule_id
    return None


def keyed(named: Iterable[tuple[str | None, str]]) -> tuple[str, ...]:
    """Keys of (KB id, name) pairs: the id, else the casefolded name."""
    return tuple(sorted({i or _key(name) for i, name in named if i or name}))


def event_keys(event: Event) -> tuple[str, ...]:
    """Who and where, comparable across articles: KB ids, else casefolded names; the place and
    a chairmanship's organization too."""
    keys = set(keyed((p.id, p.name) for p in event.participants))
    if event.place:
        keys.add(_key(event.place))
    organization, chair = event.extra.get("organization"), event.extra.get("chair")
    if isinstance(organization, str) and organization:
        keys.add(_key(organization))
    if isinstance(chair, str) and chair:
        keys.add(CHAIR + _key(chair))  # who chairs tells two chairmanships apart
    return tuple(sorted(keys))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold().replace("ё", "е")


def report_status(
    sentence: str,
    first: str,
    last: str,
    published: str | None,
    anchor: int | None = None,
    dated: bool = True,
) -> tuple[str, str]:
    """(status, rule): cancelled or postponed by their words; else the date against the
    publication day (after it: announced; before it: held); else the tense of the sentence,
    the tense word nearest the event's name (anchor) when both tenses occur. dated: the
    sentence gives the date itself; a date the events stage took from another sentence
    decides only when the sentence has no tense word."""
    for kind in ("cancelled", "postponed"):
        rule = fired(kind, sentence, anchor)
        if rule:
            return kind, rule
    day = published[:10] if published and len(published) >= 10 else None
    tense = nearest_tense(sentence, anchor)
    if day is not None and (dated or tense is None):
        if first > day:
            return "announced", "date"
        if last < day:
            return "held", "date"
    if tense is not None:
        return ("announced" if tense[0] == "future" else "held"), tense[1]
    # The same day or month as the article and no tense word: news reports what happened;
    # with no publication date an undecided report is an announcement (nothing says it was held).
    return ("held", "same_period") if day is not None else ("announced", "undated_article")


def nearest_tense(sentence: str, anchor: int | None) -> tuple[str, str] | None:
    """("future" or "past", rule id) of the tense word nearest anchor (the first one found
    when anchor is None), or None when the sentence has neither."""
    best: tuple[int, str, str] | None = None
    for kind in ("future", "past"):
        for rule_id, pattern in _rules()[kind]:
            for match in pattern.finditer(sentence):
                distance = abs(match.start() - anchor) if anchor is not None else match.start()
                if best is None or distance < best[0]:
                    best = (distance, kind, rule_id)
    return None if best is None else (best[1], best[2])


def name_at(sentence: str, name: str) -> int | None:
    """Where the event's name (its first word's stem) stands in its sentence, or None."""
    words = name.split()
    if not words:
        return None
    stem = words[0][: max(4, len(words[0]) - 2)].casefold()
    at = sentence.casefold().find(stem)
    return None if at < 0 else at


def reports(events: Iterable[Event], published: str | None) -> list[Report]:
    """The calendar reports among an article's events (dated, of a calendar type)."""
    found = []
    for event in events:
        if event.type not in CALENDAR_TYPES or not event.date:
            continue
        sentence = event.evidence.text
        if event.type == "agreement" and not fired("signing", sentence):
            continue
        if event.type == "conference" and _EXHIBITION.search(sentence):
            continue
        try:
            first, last = span(event.date, event.date_end)
        except ValueError:  # a date the normalizer should never give; skip, do not crash
            continue
        dated = bool(find_dates(sentence, published))
        anchor = name_at(sentence, event.name)
        status, rule = report_status(sentence, first, last, published, anchor, dated)
        if status == "held" and not _recent(last, published):
            continue
        found.append(
            Report(
                event.type,
                event.name,
                event.date,
                event.date_end,
                event.date_precision,
                event.place,
                event_keys(event),
                status,
                rule,
                published,
                sentence,
                event.evidence.start,
                event.evidence.end,
            )
        )
    return found


def _recent(last: str, published: str | None) -> bool:
    if not published or len(published) < 10:
        return True
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return True
    return last >= (day - timedelta(days=HELD_WINDOW_DAYS)).isoformat()


def article_reports(article: Article) -> list[Report]:
    """Every calendar report of an article: its typed events', then the deadlines, votes and
    hearings of its other sentences (calendar/sentences.py)."""
    from obzor.calendar.sentences import sentence_reports

    found = reports(article.events, article.published)
    return found + sentence_reports(article, {(r.start, r.end) for r in found})
