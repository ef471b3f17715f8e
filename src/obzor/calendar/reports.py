"""One article's word on a calendar event: which event, when, and what it says happened.

`reports(events, published)` is pure: each dated event of a calendar type becomes a Report
whose status is what this one article says (announced, held, postponed, cancelled), read from
the event's date against the publication date and, where they do not decide, from the words of
its sentence (status.yaml). Entries fold reports together (calendar/entries.py).
"""

from __future__ import annotations

import calendar as stdcal
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from obzor.model import Article, Event
from obzor.nlp.openings import ahead
from obzor.nlp.tense import long_past, nearest, next_year
from obzor.text import name_key
from obzor.yamldata import load_yaml

if TYPE_CHECKING:
    from obzor.nlp.dates import DateRef

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
# A date after these words is a term's end, not the day of a meeting.
_UNTIL = re.compile(
    r"(?:^|\s)(?:до|until|till|through)\s+(?:(?:конца|середины|the\s+end\s+of)\s+)?$",
    re.IGNORECASE,
)
# A future verb and its date stand this close ("пройдет в среду", "27-28 ноября состоится").
VERB_DATE_WINDOW = 25
TITLE = "title:"  # the key of a quoted title: one shared title links two reports
TITLE_WORDS = 6
_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„\n]{2,60})[»\"”“]")
UNDATED = "undated_"  # the rule prefix of an undated follow-up (its status rule after it)
# Types whose undated past mentions confirm an entry of their article's day (follow_ups).
FOLLOW_UP_TYPES = ("meeting", "conference", "exercise")
# Speaking at an event (spoke_at): a speech verb, then "на"/"в ходе"/"at" before its name.
_AT = re.compile(
    r"(?:^|\s)(?:на|в\s+ходе|во\s+время|at|during)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)
_SPEECH = re.compile(
    r"\b(?:сообщил\w*|заявил\w*|сказал\w*|рассказал\w*|отметил\w*|подчеркнул\w*|выступ\w+"
    r"|said|told|stressed|noted)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"понедельн|вторник|сред[уаы]|четверг|пятниц|суббот|воскресен|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday",
    re.IGNORECASE,
)
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
    # A follow-up that names no date ("сказал Путин на форуме"): dated with its article's day,
    # it may join an entry of that day but never starts one (store/calendar.py).
    joins_only: bool = False

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
        kind: [(r["id"], ahead(re.compile(r["regex"], re.IGNORECASE))) for r in rules]
        for kind, rules in data.items()
    }


def fired(kind: str, sentence: str, anchor: int | None = None, width: int = 0) -> str | None:
    """The id of the first status.yaml rule of this kind that matches the sentence (within
    NEAR characters of the event's name, at anchor and width characters long, when given),
    or None."""
    for rule_id, pattern in _rules()[kind]:
        for match in pattern.finditer(sentence):
            if anchor is None or (
                max(anchor - match.end(), match.start() - anchor - width, 0) <= NEAR
            ):
                return rule_id
    return None


def keyed(named: Iterable[tuple[str | None, str]]) -> tuple[str, ...]:
    """Keys of (KB id, name) pairs: the id, else the casefolded name."""
    return tuple(sorted({i or name_key(name) for i, name in named if i or name}))


def event_keys(event: Event) -> tuple[str, ...]:
    """Who and where, comparable across articles: KB ids, else casefolded names; the place and
    a chairmanship's organization too."""
    keys = set(keyed((p.id, p.name) for p in event.participants))
    if event.place:
        keys.add(name_key(event.place))
    organization, chair = event.extra.get("organization"), event.extra.get("chair")
    if isinstance(organization, str) and organization:
        keys.add(name_key(organization))
    if isinstance(chair, str) and chair:
        keys.add(CHAIR + name_key(chair))  # who chairs tells two chairmanships apart
    keys.update(TITLE + name_key(t) for t in titles(event.evidence.text))
    return tuple(sorted(keys))


def titles(sentence: str) -> list[str]:
    """The names in quotation marks in a sentence ("Сделано в России", «Рубеж-2023»): a forum's
    or an exercise's title is said the same way in every report of it. A quoted remark (more
    than TITLE_WORDS words, or not capitalized) is not a title."""
    return [
        t
        for t in _QUOTED.findall(sentence)
        if len(t.split()) <= TITLE_WORDS and (t[:1].isupper() or t[:1].isdigit())
    ]


def report_status(
    sentence: str,
    first: str,
    last: str,
    published: str | None,
    anchor: int | None = None,
    dated: bool = True,
    width: int = 0,
) -> tuple[str, str]:
    """(status, rule): cancelled or postponed by their words; else the date against the
    publication day (after it: announced; before it: held); else the tense of the sentence,
    the tense word nearest the event's name (anchor) when both tenses occur. dated: the
    sentence gives the date itself; a date the events stage took from another sentence
    decides only when the sentence has no tense word."""
    for kind in ("cancelled", "postponed"):
        rule = fired(kind, sentence, anchor, width)
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
    found = tense_word(sentence, anchor)
    return None if found is None else (found[0], found[1])


def tense_word(sentence: str, anchor: int | None) -> tuple[str, str, int, int] | None:
    """("future" or "past", rule id, start, end) of the tense word nearest anchor (nlp/tense.py),
    or None."""
    word = nearest(sentence, anchor)
    return None if word is None else (word.kind, word.rule, word.start, word.end)


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
    from obzor.nlp.dates import find_dates  # here: listing the calendar (brief) reads no text

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
        width = len(event.name) if anchor is not None else 0
        status, rule = report_status(sentence, first, last, published, anchor, dated, width)
        if status == "held" and not _recent(last, published):
            continue
        if status == "postponed" and published and last < published[:10]:
            continue  # a postponement names its new date: a past one is another thing's
        if event.type == "agreement" and rule == "date" and fired("signed", sentence):
            continue  # "заключила соглашение, первая партия ожидается в декабре": signed already

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
    hearings of its other sentences (calendar/sentences.py), then its undated follow-ups and
    court rulings; a report that names nobody takes its lead's actors (calendar/threads.py)."""
    from obzor.calendar.sentences import sentence_reports
    from obzor.calendar.threads import rulings, with_thread

    dated, undated = _read(article)
    found = reports(dated, article.published)
    taken = {(r.start, r.end) for r in found}
    found += sentence_reports(article, taken)
    found += follow_ups(undated, article.published, taken)
    found += rulings(article, {(r.start, r.end) for r in found})
    return with_thread(found, article)


def follow_ups(
    undated: Iterable[Event], published: str | None, taken: Collection[tuple[int, int]] = ()
) -> list[Report]:
    """Reports that an event was held from sentences that name it with no date but in the past
    ("заявил Путин на заседании Совета по правам человека", "Любимова рассказала Путину на
    встрече"): dated with the publication day, joins_only (they confirm an entry of that day,
    never start one). Sentences that gave a dated report (taken) give none."""
    day = (published or "")[:10]
    if len(day) < 10:
        return []
    found = []
    for event in undated:
        start, end = event.evidence.start, event.evidence.end
        if event.type not in FOLLOW_UP_TYPES or (start, end) in taken:
            continue
        sentence = event.evidence.text
        anchor = name_at(sentence, event.name)
        tense = nearest_tense(sentence, anchor)
        said_at = anchor is not None and spoke_at(sentence, anchor)
        if not said_at and (tense is None or tense[0] != "past"):
            continue
        if fired("postponed", sentence, anchor) or fired("cancelled", sentence, anchor):
            continue
        rule = "said_at" if said_at else (tense[1] if tense else "")
        found.append(
            Report(
                event.type, event.name, day, None, None, event.place, event_keys(event),
                "held", f"{UNDATED}{rule}", published, sentence, start, end,
                joins_only=True,
            )
        )  # fmt: skip
    return found


def spoke_at(sentence: str, anchor: int) -> bool:
    """Whether the event named at anchor is where someone spoke: "сообщила министр ... на
    встрече с президентом", "said at the summit" (a speech verb within NEAR before "на"/"в
    ходе"/"at" and the name)."""
    if not _AT.search(sentence[max(0, anchor - 30) : anchor]):
        return False
    return _SPEECH.search(sentence[max(0, anchor - NEAR) : anchor]) is not None


def calendar_events(article: Article) -> list[Event]:
    """The article's dated events of a calendar type (_read)."""
    return _read(article)[0]


def _read(article: Article) -> tuple[list[Event], list[Event]]:
    """The article's events of a calendar type, one per sentence that names one with a date of
    its own (nlp/events.py before same-event merging): a merged event keeps its first
    sentence and takes its date from another, so its tense and its date would be read from
    different sentences ("Форум ... пройдет в Пекине." + "Стартует 17 октября."). Each date is
    then read as a calendar needs it (redate). Also the mentions left with no date (for
    follow_ups)."""
    from obzor.nlp.dates import find_dates
    from obzor.nlp.events import article_mentions

    refs = find_dates(article.text, article.published)
    found: list[Event] = []
    undated: list[Event] = []
    seen: set[tuple[int, str]] = set()
    for mention in article_mentions(article):
        if mention.type not in CALENDAR_TYPES:
            continue
        start, end = mention.evidence
        sentence = article.text[start:end]
        anchor = mention.span[0] - start
        if (
            mention.date is not None
            and kind_of_gathering(mention.type)
            and until(mention.date, article.text)
        ):
            mention.date = None  # "сказал на форуме ... стратегии до 2035 года"
        if mention.date is None or not mention.date.date:
            mention.date = verb_date(sentence, anchor, start, refs)
            if (
                mention.date is not None
                and kind_of_gathering(mention.type)
                and until(mention.date, article.text)
            ):
                mention.date = None  # "будет запущена до конца 2023 года, ... на форуме"
            if mention.date is None:
                undated.append(mention.record(article.text))
                continue
        mention.date = redate(mention.date, article.text, (start, end), anchor, article.published)
        event = mention.record(article.text)
        said = (start, event.type)
        if said not in seen:  # "Соглашение будет подписано 23 ноября": one agreement
            seen.add(said)
            found.append(event)
    return found, undated


def verb_date(sentence: str, anchor: int, offset: int, refs: Iterable[DateRef]) -> DateRef | None:
    """The date of the future verb of an event's clause, when the events stage gave the event
    none: "конференция ..., посвященная ..., пройдет в среду" puts the date more than
    nlp/events.py's DATE_WINDOW after the name, but "пройдет в среду" dates it. The date must
    be within VERB_DATE_WINDOW characters of the future word nearest the name (offset: where
    the sentence starts in the text)."""
    tense = tense_word(sentence, anchor)
    if tense is None or tense[0] != "future":
        return None
    at, to = offset + tense[2], offset + tense[3]
    for ref in refs:
        inside = offset <= ref.start and ref.end <= offset + len(sentence)
        if ref.date and inside and max(ref.start - to, at - ref.end) <= VERB_DATE_WINDOW:
            return ref
    return None


def until(ref: DateRef, text: str) -> bool:
    """Whether a date is the end of a term: "до 2035 года", "до конца 2023 года", "until"."""
    opening = ref.text.split(maxsplit=1)[0].casefold() if ref.text.strip() else ""
    return opening in ("до", "until", "till") or bool(
        _UNTIL.search(text, max(0, ref.start - 24), ref.start)
    )


def kind_of_gathering(event_type: str) -> bool:
    """Meetings and conferences happen on a day; a date "до 2035 года" beside one is another
    thing's term (exercises and operations run until a day: "продлятся до 20 сентября")."""
    return event_type in ("meeting", "conference")


def redate(
    ref: DateRef,
    text: str,
    sentence_at: tuple[int, int],
    anchor: int,
    published: str | None,
) -> DateRef:
    """The date an event named at anchor in its sentence takes on the calendar (the dates module
    already reads "во вторник, 17 октября" and "с 16 по 18 ноября" as one date): a day and
    month with no year, before the publication day, in a sentence whose tense word nearest the
    event is future, is next year's ("следующая встреча
    ОПЕК+ состоится 1 июня" in a November article), when it is more than ROLLOVER before it;
    a weekday read as a past one in such a sentence is the coming one."""
    day = (published or "")[:10]
    if not ref.date or len(day) != 10:
        return ref
    offset = sentence_at[0]
    # The tense word nearest the date reads it ("выступая во вторник на сессии ..., заявил, что
    # ... будет": "выступая" dates the Tuesday, though "заявил" is nearer the event's name).
    tense = tense_word(text[offset : sentence_at[1]], ref.start - offset)
    if tense is None:
        return ref
    gap = max(ref.start - (offset + tense[3]), (offset + tense[2]) - ref.end)
    if gap > VERB_DATE_WINDOW:
        return ref  # the tense word is another clause's ("заявил, что ... будет")
    weekday = _WEEKDAY.search(ref.text) is not None and ref.precision == "day"
    if tense[0] == "past" and weekday and ref.date and ref.date[:10] > day:
        # "выступая во вторник" read as the coming Tuesday: the last one is meant.
        return replace(ref, date=(date.fromisoformat(ref.date) - timedelta(days=7)).isoformat())
    if tense[0] != "future" or span(ref.date, ref.date_end)[1] >= day:
        return ref
    if weekday:
        # "стартует во вторник" read as last Tuesday: the coming one is meant.
        return replace(ref, date=(date.fromisoformat(ref.date) + timedelta(days=7)).isoformat())
    if (
        ref.precision in ("day", "month")
        and not re.search(r"\d{4}", ref.text)
        and long_past(span(ref.date, ref.date_end)[1], day)
    ):
        return replace(
            ref,
            date=next_year(ref.date),
            date_end=next_year(ref.date_end) if ref.date_end else None,
        )
    return ref
