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
  far the event stands (OPENING_CHARS), as a figure's period always does; so does the one
  time of occurrence of a sentence that has no other, for the events after it ("Израиль 7
  октября подвергся ракетной атаке ... в рамках объявленной ХАМАС операции "Потоп
  Аль-Аксы""), and those before it when its comma clause opens with their verb ("Сессия ... с
  участием банков, состоится 20 октября": _PREDICATE);
- a comparison's base ("выросло на 1,3% по сравнению с январем-августом 2022 года", "чем
  в прошлом году", "compared with 2022") is no event's date (_COMPARED);
- a new date ("перенесен на январь 2019 года", "postponed to March") replaces the old one
  ("Запланированный на декабрь 2018 года второй раунд переговоров") for the event nearest
  it (_RESCHEDULED).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from obzor.nlp.dates import DateRef
from obzor.nlp.tense import words as tense_words

# A date belongs to the event named nearest it, within this many characters: "в июне 2025 года
# в Иссык-Кульской области в Кыргызстане прошла конференция" puts ~50 between them, while a
# date ~100 characters away is another clause's ("в ходе сессии ... подведены итоги ... в
# уходящем году").
DATE_WINDOW = 80
# A date that starts within this many characters of its sentence's start opens it ("В конце
# июля", "7 октября", "Во вторник"): room for the preposition and a short word before it.
OPENING_CHARS = 12
# A comma between a date and an event weighs like this many characters more: a figure's or an
# event's date stands in its own comma clause ("В прошлом году было 535 миллионов тонн, в этом
# году мы добудем примерно 527": 2022 for the first figure, though "в этом году" is nearer).
COMMA_PENALTY = 30
# A date after one of these words is a start, an end or a period, not when something happened.
_SPAN_DATE = re.compile(
    r"(?:^|\s)(?:с|со|на|до|по|после|заканчивающ\w+|истекающ\w+|since|from|until|till|through|ending|after)"
    r"\s+$",
    re.I,
)
# An agreement's start or end ("с 1 января", "до 2030 года") is its date only when the
# document itself starts or ends there ("вступает в силу с 1 января 2024 года"); otherwise it
# is a provision's ("указом запретил с 1 февраля поставлять нефть", "продлена до 2030 года").
_START_END = re.compile(
    r"(?:^|\s)(?:с|со|до|по|после|since|from|until|till|through|after)\s+$", re.IGNORECASE
)
_IN_FORCE = re.compile(
    r"в\s+силу|действ\w*\s+(?:с|до)\b|утрачива\w*\s+силу|истека\w*|into\s+force|effect|expir\w*",
    re.IGNORECASE,
)
_WHEN = re.compile(r"\s*,\s*(?:когда|when)\b", re.IGNORECASE)
_AS_OF = re.compile(r"(?:по\s+состоянию\s+на|as\s+of)\s+$", re.IGNORECASE)
_COMPARED = re.compile(
    r"(?:по\s+сравнению\s+со?|в\s+сравнении\s+со?|относительно|против|чем|к\s+уровню"
    r"|compared\s+(?:with|to)|than|against)(?:\s+(?:в|за|на|in|the))?"
    r"(?:\s+(?:аналогичн\w+|тот\s+же|тем\s+же|same)\s+(?:период\w*|period\s+of))?\s+$",
    re.IGNORECASE,
)
_RESCHEDULED = re.compile(
    r"(?:перенес\w*|перенос\w*|отлож\w*|postponed|moved|rescheduled|delayed)"
    r"\s+(?:на|до|to|until|for)\s+$",
    re.IGNORECASE,
)
# A straight quote opens a title after a space and closes it before one: in '"19 октября на
# полях форума "Сделано в России" пройдет' the first two quotes are openings, not a pair.
_QUOTED = re.compile(r"(?<!\w)[«\"“„][^«»\"“”„\n]{2,120}[»\"”“](?!\w)")
# Where an attribution starts: the end of the reported words (a comma, a closing quote, a
# dash) and a speech verb ("», - сказал", ", сообщил", ", said").
_ATTRIBUTION = re.compile(
    r"[,»\"”]\s*(?:[-–—]\s*)?(?:сказал|заявил|сообщил|отметил|подчеркнул|рассказал|добавил"
    r"|пояснил|написал|говорится|сообщается|said|told|added)\w*"
    # a speech put before its words: "Кабмин в среду сообщил, что Путин подписал указ" (the
    # day is the report's), "Во вторник стало известно о том, что ..."
    r"|\b(?:сказал|заявил|сообщил|отметил|подчеркнул|рассказал|написал|заявлено|сообщено"
    r"|стало\s+известно|said|told|announced|reported)\w*\s*,?\s*(?:о\s+том,?\s*)?"
    r"(?:что|that)\b",
    re.IGNORECASE,
)


_QUOTE_ATTRIBUTION = re.compile(
    r"(?:[»\"”]\s*,?|,)\s*[-–—]\s*(?:сказал|заявил|сообщил|отметил|подчеркнул|рассказал"
    r"|добавил|пояснил|написал|говорится|приводит|said|told|added)\w*",
    re.IGNORECASE,
)


# The start of a comma clause that may be an event's predicate: a relative pronoun, then the
# verb; a present verb of occurrence here, tense.yaml's past and future words otherwise.
_PREDICATE = re.compile(
    r"\s*(?:(?:котор\w+|which|that)\s+)?(?:(проход(?:ит|ят)|ид[её]т|идут|takes\s+place"
    r"|(?:is|are)\s+(?:being\s+)?held)\b)?",
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
    titles = quoted_titles(text, start, end)
    owned: dict[int, tuple[int, DateRef]] = {}
    moved: dict[int, DateRef] = {}
    shared: list[DateRef] = []
    as_of: list[DateRef] = []
    for d in dates:
        before = text[max(0, d.start - 40) : d.start]
        if _COMPARED.search(before):
            continue
        if _AS_OF.search(before):
            as_of.append(d)
        elif _RESCHEDULED.search(before):
            scored = [
                (_distance(e.span, d, text), i)
                for i, e in enumerate(events)
                if _same_clause(e, d, cuts, titles)
            ]
            if scored and min(scored)[0] <= DATE_WINDOW:
                moved[min(scored)[1]] = d
        elif not _SPAN_DATE.search(before[-8:]) or d.precision == "week":
            shared.append(d)  # "на текущей неделе" is when, not a span
        else:
            scored = [
                (_distance(e.span, d, text), i)
                for i, e in enumerate(events)
                if _same_clause(e, d, cuts, titles)
            ]
            if scored:
                distance, index = min(scored)
                if _provision(events[index], d, text, before):
                    continue
                if distance <= DATE_WINDOW and (index not in owned or distance < owned[index][0]):
                    owned[index] = (distance, d)
    opening = next((d for d in shared if d.start - start <= OPENING_CHARS), None)
    # the sentence's one time of occurrence frames the events after it, and those before it in
    # its comma clause (_frames)
    sole = shared[0] if opening is None and len(shared) == 1 else None
    for index, event in enumerate(events):
        if index in moved:
            event.date = moved[index]
            continue
        candidates = [*shared, *(as_of if event.type == "statistic" else [])]
        near = [
            (_distance(event.span, d, text), d.start, d)
            for d in candidates
            if _same_clause(event, d, cuts, titles) and not _rival(event, d, events, text)
        ]
        if index in owned:
            near.append((owned[index][0], owned[index][1].start, owned[index][1]))
        if near:
            distance, _, d = min(near, key=lambda x: (x[0], x[1]))
            # when a document was signed or updated beats the period it runs for ("В конце
            # июня "Газпром" обновил свою стратегию на 2024-2033 годы": June)
            if event.type == "agreement" and index in owned:
                acts = [x for x in near if x[2] is not owned[index][1] and x[0] <= DATE_WINDOW]
                if acts:
                    distance, _, d = min(acts, key=lambda x: (x[0], x[1]))
            # A figure's period is the sentence's time frame, however far it stands ("в июне
            # 2025 года ... прошла конференция, которую посетили более двухсот делегатов").
            if distance <= DATE_WINDOW or event.type == "statistic":
                event.date = d
                continue
        frame = opening or (
            sole if sole is not None and _frames(sole, event.span, text, titles) else None
        )
        if frame is not None and _same_clause(event, frame, cuts, titles):
            event.date = frame


def _rival(event: Dated, d: DateRef, events: Sequence[Dated], text: str) -> bool:
    """Whether another event of the same type stands nearer the date: two figures of one
    sentence each take their own date ("с августа ... на 500 тысяч баррелей, а в
    сентябре-декабре — на 300 тысяч": August for the first)."""
    mine = _distance(event.span, d, text)
    return any(
        other is not event
        and other.type == event.type
        and _distance(other.span, d, text) < mine
        # in another comma clause: "соглашение подписано" are one event's two words
        and "," in text[min(event.span[1], other.span[1]) : max(event.span[0], other.span[0])]
        for other in events
    )


def _provision(event: Dated, d: DateRef, text: str, before: str) -> bool:
    """Whether a start or end date near an agreement is one of its provisions' (_START_END)."""
    if event.type != "agreement" or not _START_END.search(before[-8:]):
        return False
    if _WHEN.match(text, d.end):
        return False  # "продолжались до 5 ноября, когда удалось заключить соглашение"
    lo, hi = min(event.span[0], d.start), max(event.span[1], d.end)
    return not _IN_FORCE.search(text, lo, hi)


def _frames(sole: DateRef, span: tuple[int, int], text: str, titles: list[tuple[int, int]]) -> bool:
    """Whether the sentence's one time of occurrence frames an event: it stands before the
    event, or after it in the same comma clause ("Расширенное заседание Экспертного совета ...
    состоится на главном экспортном форуме страны 19 октября"); after a comma it is another
    clause's ("В ходе сессии обсуждены ..., подведены итоги ... в уходящем году"); a comma
    inside a quoted title does not count ("Панельная дискуссия "Из бизнеса, для бизнеса"
    состоится 20 октября")."""
    if sole.end <= span[0]:
        return True
    if sole.start < span[1]:
        return False
    commas = [
        i
        for i in range(span[1], sole.start)
        if text[i] == "," and not any(a < i < b for a, b in titles)
    ]
    if commas and _predicate(text, commas[-1] + 1, sole.start):
        return True
    # a year far after an event names what stands before it ("talks on the priorities of the
    # Kyrgyz chairmanship of the CSTO in 2025")
    return not commas and sole.precision != "year"


def _predicate(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], the comma clause before a date, opens with the verb that says
    when the event before the commas happens ("Сессия ... с участием банков, состоится 20
    октября"; "форум ..., организованный ..., проходит в этом году"), or with a relative clause
    of it ("форум "МТК Север-Юг", который состоится 25-26 октября")."""
    m = _PREDICATE.match(text, start, end)
    if m is None:
        return False
    if m.group(1):
        return True
    return any(w.start == m.end() and not w.speech for w in tense_words(text, m.end(), end))


def quote_attributions(text: str, start: int, end: int) -> list[int]:
    """Where a direct quote's attribution starts in text[start:end] ("...», - сказал Путин",
    '...", - сообщил Орлов'): the quote's actors are not those of the attribution's events
    (events.py). A plain comma before the verb is left out: "Токаев, приветствуя участников
    сессии, отметил ..." is no quote."""
    return [m.start() for m in _QUOTE_ATTRIBUTION.finditer(text, start, end)]


def speech_cuts(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """Where reported words meet their speech verb in text[start:end]: (attributions after the
    words: "..., сказал министр на заседании"; speeches before them: "отметил, что ...")."""
    after: list[int] = []
    before: list[int] = []
    for m in _ATTRIBUTION.finditer(text, start, end):
        if m.group()[:1] not in ',»"”':
            before.append(m.start())
        elif re.match(r",|[»\"”]\s*[,–—-]", m.group()):
            after.append(m.start())  # not a quoted name and its verb: '"Газпром" заявил'
    return after, before


def quoted_titles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quoted stretches of text[start:end] ("форум "Сделано в России""), quotes included."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text, start, end)]


def _same_clause(event: Dated, d: DateRef, cuts: list[int], titles: list[tuple[int, int]]) -> bool:
    """Whether no attribution start lies between the event's name and the date, and the date
    is not inside a quoted title the name is outside of (an agreement's name runs into its
    title: "проект закона "О бюджете ... на 2024 год и плановый период 2025-2026 годов"")."""
    span = event.span
    lo, hi = min(span[0], d.start), max(span[1], d.end)
    if any(lo < cut < hi for cut in cuts):
        return False
    return not any(
        a <= d.start
        and d.end <= b
        and not (a <= span[0] and span[1] <= b)
        and not (event.type == "agreement" and span[0] <= a < span[1])
        for a, b in titles
    )


def _distance(span: tuple[int, int], d: DateRef, text: str) -> int:
    """Characters between the event's name and the date, COMMA_PENALTY more when a comma
    separates them."""
    lo, hi = (span[1], d.start) if d.start >= span[1] else (d.end, span[0])
    gap = max(0, hi - lo)
    return gap + (COMMA_PENALTY if "," in text[lo:hi] else 0)
