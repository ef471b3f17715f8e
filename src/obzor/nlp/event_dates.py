"""Which date expression of a sentence is an event's own date (nlp/events.py).

`assign_dates(events, dates, text, sentence)` is the whole rule: each event takes the date
nearest it within DATE_WINDOW, with these exceptions, each named by the constant or pattern
that makes it:

- a time of occurrence ("19 октября", "в четверг") is shared by the events of its clause, a
  start, end or period ("с 1 января", "на 2024-2029 годы", "до 2030 года") belongs only to the
  event nearest it (_SPAN_DATE);
- an as-of date ("по состоянию на 31 марта", "as of") is a figure's period, never another
  event's date (_AS_OF);
- a date inside a quoted title ("сессия «Поддержка экспортеров в 2023 году»") is part of that
  name, not the date of an event outside the quotes (_QUOTED);
- reported speech and its attribution are two clauses: "..., - сказал Путин на пленарном
  заседании" takes no date from what he said, and "Переговоры пройдут в Москве, сообщил
  Песков в среду" does not date the talks with the day Peskov spoke (_ATTRIBUTION);
- a date that opens the sentence ("В конце июля в Запорожской области ... попали под
  обстрел") frames it: it dates an event of the sentence that no nearer date does, however
  far the event stands (OPENING_CHARS), as a figure's period always does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from obzor.nlp.dates import DateRef

# A date belongs to the event named nearest it, within this many characters: "в июне 2025 года
# в Иссык-Кульской области в Кыргызстане прошла конференция" puts ~50 between them, while a
# date ~100 characters away is another clause's ("в ходе сессии ... подведены итоги ... в
# уходящем году").
DATE_WINDOW = 80
# A date that starts within this many characters of its sentence's start opens it ("В конце
# июля", "7 октября", "Во вторник"): room for the preposition and a short word before it.
OPENING_CHARS = 12
# A date after one of these words is a start, an end or a period, not when something happened.
_SPAN_DATE = re.compile(r"(?:^|\s)(?:с|со|на|до|по|since|from|until|till|through)\s+$", re.I)
_AS_OF = re.compile(r"(?:по\s+состоянию\s+на|as\s+of)\s+$", re.IGNORECASE)
# A straight quote opens a title after a space and closes it before one: in '"19 октября на
# полях форума "Сделано в России" пройдет' the first two quotes are openings, not a pair.
_QUOTED = re.compile(r"(?<!\w)[«\"“„][^«»\"“”„\n]{2,120}[»\"”“](?!\w)")
# Where an attribution starts: the end of the reported words (a comma, a closing quote, a
# dash) and a speech verb ("», - сказал", ", сообщил", ", said").
_ATTRIBUTION = re.compile(
    r"[,»\"”]\s*(?:[-–—]\s*)?(?:сказал|заявил|сообщил|отметил|подчеркнул|рассказал|добавил"
    r"|пояснил|написал|said|told|added)\w*",
    re.IGNORECASE,
)


class Dated(Protocol):
    """What an event needs here: its type, where its name stands, and a date to fill."""

    type: str
    span: tuple[int, int]
    date: DateRef | None


def assign_dates(
    events: Sequence[Dated], dates: Sequence[DateRef], text: str, sentence: tuple[int, int]
) -> None:
    """Give each event of one sentence (text[sentence[0]:sentence[1]]) its own date, if any."""
    start, end = sentence
    cuts = [m.start() for m in _ATTRIBUTION.finditer(text, start, end)]
    titles = [(m.start(), m.end()) for m in _QUOTED.finditer(text, start, end)]
    owned: dict[int, tuple[int, DateRef]] = {}
    shared: list[DateRef] = []
    as_of: list[DateRef] = []
    for d in dates:
        before = text[max(0, d.start - 24) : d.start]
        if _AS_OF.search(before):
            as_of.append(d)
        elif not _SPAN_DATE.search(before[-8:]):
            shared.append(d)
        else:
            scored = [
                (_distance(e.span, d), i)
                for i, e in enumerate(events)
                if _same_clause(e.span, d, cuts, titles)
            ]
            if scored:
                distance, index = min(scored)
                if distance <= DATE_WINDOW and (index not in owned or distance < owned[index][0]):
                    owned[index] = (distance, d)
    opening = next((d for d in shared if d.start - start <= OPENING_CHARS), None)
    for index, event in enumerate(events):
        candidates = [*shared, *(as_of if event.type == "statistic" else [])]
        near = [
            (_distance(event.span, d), d.start, d)
            for d in candidates
            if _same_clause(event.span, d, cuts, titles)
        ]
        if index in owned:
            near.append((owned[index][0], owned[index][1].start, owned[index][1]))
        if near:
            distance, _, d = min(near, key=lambda x: (x[0], x[1]))
            # A figure's period is the sentence's time frame, however far it stands ("в июне
            # 2025 года ... прошла конференция, которую посетили более двухсот делегатов").
            if distance <= DATE_WINDOW or event.type == "statistic":
                event.date = d
                continue
        if opening is not None and _same_clause(event.span, opening, cuts, titles):
            event.date = opening


def _same_clause(
    span: tuple[int, int], d: DateRef, cuts: list[int], titles: list[tuple[int, int]]
) -> bool:
    """Whether no attribution start lies between the event's name and the date, and the date
    is not inside a quoted title the name is outside of."""
    lo, hi = min(span[0], d.start), max(span[1], d.end)
    if any(lo < cut < hi for cut in cuts):
        return False
    return not any(
        a <= d.start and d.end <= b and not (a <= span[0] and span[1] <= b) for a, b in titles
    )


def _distance(span: tuple[int, int], d: DateRef) -> int:
    return max(0, d.start - span[1], span[0] - d.end)
