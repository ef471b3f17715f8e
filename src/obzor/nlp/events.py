"""Typed events (meeting, exercise, agreement, chairmanship, aid, statistic, ...) from rules.

`find_events(text, mentions, published)` is pure: each trigger of events.yaml found in a
sentence makes an event, with the date expression nearest the trigger (normalized against the
publication date by nlp/dates.py, null when the sentence gives none), the place (a LOC after a
locative preposition), the participants (the sentence's PER, ORG and LOC mentions) and the
sentence as evidence. `set_events(article)` is the pipeline stage.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from obzor import model
from obzor.model import Article, Mention
from obzor.nlp.amounts import find_amount, number
from obzor.nlp.dates import DateRef, find_dates
from obzor.nlp.event_actors import (
    FUNCTION_WORDS,
    actors,
    dateline_end,
    said_by,
    subordinate_clauses,
)
from obzor.nlp.event_dates import assign_dates, quote_attributions, quoted_titles, speech_cuts
from obzor.nlp.event_names import nominative
from obzor.nlp.event_types import EventType, event_types
from obzor.nlp.kazakh import MIN_STEM, search_stem
from obzor.nlp.morph import parses
from obzor.nlp.openings import ahead, openings
from obzor.nlp.sentsplit import sentences
from obzor.nlp.spans import Spans
from obzor.text import fold, name_key

# A place is named right after its preposition ("в Минске", "на западе Афганистана"): look
# this many characters back from a LOC mention for one.
LOCATIVE_WINDOW = 20
# A title follows its trigger closely ("учения «Рубеж»", "операции ОДКБ ... «ПРОКСИ»"); the
# longest seen between them is ~75 characters (an organisation and a field of work).
TITLE_WINDOW = 100
# Names stop after this many words: long enough for "сессия Совета коллективной безопасности ОДКБ".
NAME_WORDS = 6
_LOCATIVE = re.compile(r"(?:^|\s)(?:в|во|на|in|at|near)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_TITLE = re.compile(r"[«\"“„]([^«»\"“”„\n]{2,60})[»\"”“]")
_LEFT = re.compile(
    r"(?:(?:[IVX]+|[\w-]+(?:ая|ый|ий|ой|ое|ее|ие|ые|ых|их|ого|его|ую|юю|ом|ем))\s+){1,3}$",
    re.IGNORECASE,
)
# A name's complement ends at punctuation, a dash, "и"/"не"/"который", a number ("переговоров 15
# документов": the figure is another phrase) or a place or time after "в"/"на"/"с"
# ("сессия ... ОДКБ в узком составе", "землетрясение в октябре").
_STOP = re.compile(
    r"[,.;:!?()\n]|\s[–—-]\s|\s(?:в|во|на|с|со|in|at|on)\s|\s(?:и|не|котор|which|and)\s|\s\d",
    re.IGNORECASE,
)
_KAZAKH_VERB = re.compile(r"(?:кездест|кездесіп|қой)", re.IGNORECASE)
_KAZAKH = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# Triggers whose noun is plural whatever its case form says ("учения" is not "учение").
_PLURAL_RULES = frozenset({"exercise_ru"})
# A measure names what it measures in the noun after it, past at most this many adjectives and
# participles ("тонн охлажденного мяса птицы", "тонн российской сырой нефти": two).
MEASURED_MODIFIERS = 3
_WORDS_AFTER = re.compile(
    rf"(?:\s+of\b)?((?:\s+[^\W\d][\w-]*){{1,{MEASURED_MODIFIERS + 1}}})", re.IGNORECASE
)
# Work per sentence grows with its mentions times its triggers; a sentence longer than this
# (news sentences run 100-400 characters, lists up to ~1,000) is read in pieces of at most this
# size, cut at a space, so no text costs more than linear time (a 64,000-character text
# of triggers without a full stop: 0.25 s of CPU, was 0.62 s and growing x4 per doubling).
MAX_SENTENCE_CHARS = 2_000
# A reference back to the named operation of an earlier sentence ("Благодаря данной операции",
# "в ходе этой операции", "this operation"): the guide counts it as a mention of that one.
_BACK_TO_OPERATION = re.compile(
    r"\b(?:(?:данн|указанн|упомянут)\w*|эт(?:а|у|ой|ом|им))\s+(?:спец)?операци\w*"
    r"|\bthis\s+operation\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"\d{4}\s*[-–—]\s*\d{4}\s*(?:год\w*|гг?\.?)")
# A lowercase programme or strategy is a document when a verb of adoption governs it, just
# before its name or right after it ("Росатом" утвердил обновленную единую цифровую стратегию",
# "программа господдержки экспортеров продлена до 2030 года"); "стратегию деятельности" alone
# is a word. ADOPTED_WINDOW: room for the verb and a subject's short word.
ADOPTED_WINDOW = 30
_ADOPTED = re.compile(
    r"(?<!\w)(?:утвердил|принял|подписал|обновил|продлил|одобрил"
    # participles, not the nouns ("обновление программы" is not yet done)
    r"|(?:утвержд[её]н|принят|подписан|обновл[её]н|продл[её]н|одобрен)(?![иь]))\w*",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Event:
    """An event found in one sentence."""

    type: str
    name: str
    evidence: tuple[int, int]
    span: tuple[int, int]  # where the name is, for assigning dates
    date: DateRef | None = None
    place: str | None = None
    participants: list[dict[str, str | None]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def record(self, text: str) -> model.Event:
        """The Event an Article holds: dates as ISO strings, the sentence as evidence."""
        start, end = self.evidence
        date = self.date
        return model.Event(
            self.type,
            self.name,
            model.Evidence(start, end, text[start:end]),
            date.date if date else None,
            date.date_end if date else None,
            date.precision if date and date.date else None,
            self.place,
            [model.Participant(p["name"] or "", p.get("id")) for p in self.participants],
            dict(self.extra),
        )


def find_events(
    text: str, mentions: list[Mention], published: str | None, sources: Iterable[str] = ()
) -> list[Event]:
    """Every event in text, same-event mentions merged, in order of first mention.

    sources: the article's outlet and credited sources; they report the event and are never
    its participants ("передаёт BaigeNews.kz со ссылкой на Акорду").
    """
    return _merge(event_mentions(text, actors(text, mentions, sources), published))


def article_mentions(article: Article) -> list[Event]:
    """An article's event mentions, one per trigger and sentence, each with its own sentence's
    date, not merged (the calendar reads every dated sentence: docs/calendar.md). Only the
    text marks reporters here (attribution clauses), not the article's outlet: the calendar's
    rebuild has the stored text and mentions and must read what adding the article read."""
    return event_mentions(
        article.text, actors(article.text, article.entities, ()), article.published
    )


def sourced_mentions(article: Article) -> list[Event]:
    """An article's event mentions before merging, as `find_events` reads them: its outlet and
    credited sources are not participants (obzor eval events scores names and participants)."""
    sources = [article.outlet or "", *article.credited_sources]
    return event_mentions(
        article.text, actors(article.text, article.entities, sources), article.published
    )


def _pieces(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The sentence spans, a longer one than MAX_SENTENCE_CHARS in pieces cut at a space."""
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            yield start, cut
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            yield start, end


def event_mentions(text: str, mentions: list[Mention], published: str | None) -> list[Event]:
    """Every event mention in text, one per trigger and sentence, before merging."""
    # the dateline's day ("МОСКВА, 30 мая ПРАЙМ") is the report's, never an event's
    lead = dateline_end(text)
    dates = Spans([d for d in find_dates(text, published) if d.date and d.start >= lead])
    by_span = Spans(mentions)
    found: list[Event] = []
    for start, end in _pieces(text, sentences(text)):
        triggers = _triggers(text[start:end])
        if not triggers:
            continue
        in_sentence = by_span.within(start, end)
        day_refs = dates.within(start, end)
        here: list[Event] = []
        # a mention holding a trigger is an event's own name ("Программа сотрудничества ШОС",
        # "заседании Российской энергетической недели"), no event's actor
        named_at = [start + m.start() for _, _, m in triggers]
        for etype, rule, m in triggers:
            if any(d.start <= start + m.start() < d.end for d in day_refs):
                continue  # "в 2024-2029 годах" is a date, not a figure
            event = _event(etype, rule, m, text, (start, end), in_sentence, named_at)
            if event is not None:
                here.append(event)
        named = next((e.name for e in reversed(found) if e.type == "operation"), None)
        back = _BACK_TO_OPERATION.search(text, start, end) if named else None
        if back and named and not any(e.type == "operation" for e in here):
            here.append(Event("operation", named, (start, end), back.span()))
        here.sort(key=lambda e: e.span)
        assign_dates(here, day_refs, text, (start, end))
        for event in here:
            if event.type == "statistic":  # the figure's period is the date it is given for
                d = event.date
                event.extra["period"] = (
                    (f"{d.date}..{d.date_end}" if d.date_end else d.date) if d else None
                )
        found += here
    return found


# The events stage and the calendar's filing read the same article's sentences (with other
# actors: the calendar does not leave out the outlet): each sentence's trigger matches are
# kept for the next reader. A match holds only its sentence; 4,096 hold many articles'.
@lru_cache(maxsize=4096)
def _triggers(sentence: str) -> tuple[tuple[EventType, str, re.Match[str]], ...]:
    """Every trigger match in a sentence: (type, rule, match), in the order of the types,
    their patterns and the matches."""
    if not any(scan.search(sentence) for scan in _any_trigger()):
        return ()  # most sentences report no event: two scans instead of one per pattern
    return tuple(
        (etype, rule, m)
        for etype in event_types()
        for rule, pattern in etype.patterns
        for m in pattern.finditer(sentence)
    )


@lru_cache(maxsize=1)
def _any_trigger() -> tuple[re.Pattern[str], ...]:
    """Every trigger pattern of every type in two alternations (named groups made plain): the
    patterns whose opening characters are known, tried only where one stands
    (nlp/openings.py), and the others (one opens with any word character). In each, the
    patterns that open with a word boundary share one, so the others are tried only where a
    word begins (0.8 instead of 1.4 ms an article)."""
    alternatives = [
        re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)
        for etype in event_types()
        for _, pattern in etype.patterns
    ]
    told = [a for a in alternatives if openings(re.compile(a, re.IGNORECASE)) is not None]
    untold = [a for a in alternatives if a not in told]
    return tuple(ahead(_one_scan(group)) for group in (told, untold) if group)


def _one_scan(alternatives: list[str]) -> re.Pattern[str]:
    at_word = [a.removeprefix(r"\b") for a in alternatives if a.startswith(r"\b")]
    others = [a for a in alternatives if not a.startswith(r"\b")]
    branches = [r"\b(?:" + "|".join(f"(?:{a})" for a in at_word) + ")"] if at_word else []
    branches += [f"(?:{a})" for a in others]
    return re.compile("|".join(branches), re.IGNORECASE)


def set_events(article: Article) -> None:
    """Pipeline stage: fill article.events."""
    sources = [article.outlet or "", *article.credited_sources]
    events = find_events(article.text, article.entities, article.published, sources)
    article.events = [e.record(article.text) for e in events]


# A preposition of place or direction, perhaps with one lowercase word after it ("в московском
# "Манеже""), right before a mention; not "к", "to": "председательство переходит к Казахстану"
# names the chair.
_WHERE = re.compile(
    r"(?:^|\s)(?:в|во|на|из|через|in|at|from)\s+(?:[а-яёa-z-]+\s+)?[«\"“„]?$",
    re.IGNORECASE,
)


# A Kazakh place in the locative: "Бішкекте" (Бишкек), "Астанада"; a name that ends so in the
# nominative ("Канада") keeps its ending in its normal form and is not one.
_KK_LOCATIVE = re.compile(r"(?:да|де|та|те)$", re.IGNORECASE)


def _kazakh_locative(x: Mention) -> bool:
    """Whether a mention is a Kazakh place name in the locative case (where, not who)."""
    return (
        bool(_KAZAKH.search(x.text))
        and bool(_KK_LOCATIVE.search(x.text))
        and name_key(x.name) != name_key(x.text)
    )


def _event(
    etype: EventType,
    rule: str,
    m: re.Match[str],
    text: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    named_at: list[int],
) -> Event | None:
    """The event a trigger match makes, None when its type's name rules refuse it; named_at:
    where the sentence's triggers start (a mention holding one is no actor)."""
    start, end = sentence
    trigger = start + m.start()
    named = _name(etype, rule, m, text, start, end)
    if named is None:
        return None
    event = Event(etype.id, named[0], sentence, named[1:])
    place = _place(text, mentions, quoted_titles(text, start, end)) if etype.place else None
    event.place = place.name if place else None
    after = [x for x in mentions if x.type == "LOC" and x.start >= trigger]
    if etype.id == "aid":
        event.extra = {
            "amount": find_amount(text[trigger:end]),
            "recipient": after[0].name if after else None,
        }
    elif etype.id == "chairmanship":
        event.extra = {
            "chair": _nearest(mentions, "LOC", trigger),
            "organization": _nearest(mentions, "ORG", trigger),
        }
        if event.extra["chair"] and event.extra["organization"]:
            word = "chairmanship" if m.group().isascii() else "председательство"
            event.name = f"{word} ({event.extra['chair']}, {event.extra['organization']})"
    elif rule == "figure":
        value = number(m.group("num"), m.group("scale"))
        shown = int(value) if value is not None and value.is_integer() else value
        counted = _counted(m.group("what"), text[start + m.end() : end], etype.measures)
        event.extra = {"value": shown, **counted}
    seen: set[str] = set()
    cuts = quote_attributions(text, start, end)
    said_after, said_before = speech_cuts(text, start, end)
    titles = [t for t in quoted_titles(text, start, end) if not t[0] <= trigger < t[1]]
    aside = [
        (a, b)
        for a, b in subordinate_clauses(text, start, end)
        if not any(a < at < b for at in named_at)
    ]
    for x in mentions:
        # a chairmanship is held by a state or body, not by who speaks of it ("президент
        # предложил ... в период председательства Казахстана")
        if etype.id == "chairmanship" and x.type == "PER":
            continue
        # across a quote's attribution from the trigger: the quote's actors are not those of
        # the session it was said at ("Мы обсудили с китайской стороной ...", - сообщил Орлов
        # на заседании")
        if any(min(x.start, trigger) < cut < max(x.start, trigger) for cut in cuts):
            continue
        # the actors of reported words are not those of the session where they were said
        # ("Путин поручил ..., сказал министр на заседании комитета"; "Путин на встрече с
        # Эрдоганом отметил, что Россия рассчитывает ..."); the speaker may be one of what
        # he reports ("Газпром" заявил, что не намерен продлевать договор")
        if any(x.start < cut < trigger for cut in said_after) or any(
            trigger < cut < x.start for cut in said_before
        ):
            continue
        # who says it after the words is not in what they tell ("Путин в понедельник проведет
        # встречу с Любимовой, ..., заявил пресс-секретарь президента Дмитрий Песков")
        if any(trigger < cut < x.start and said_by(text, cut, x.start) for cut in said_after):
            continue
        # a relative clause or participial phrase without a trigger tells of something else
        # ("Форум проходит в Пекине ..., предложенной Си Цзиньпином"; ", в котором дается
        # оценка ... Нурееве")
        if any(a < x.start < b and not a < trigger < b for a, b in aside):
            continue
        # a word of a quoted title is no actor ("форум "Сделано в России""), a quoted name is
        if any(
            a < x.start and x.end <= b - 1 and (x.start, x.end) != (a + 1, b - 1) for a, b in titles
        ):
            continue
        # a state or city after a preposition of place or direction is where the event is or
        # goes, not who takes part ("доставки газа в Европу", "открылся в московском "Манеже"")
        if x.type == "LOC" and (
            _WHERE.search(text, max(start, x.start - 40), x.start) or _kazakh_locative(x)
        ):
            continue
        if any(x.start <= at < x.end for at in named_at):
            continue
        if x is not place and x.name not in seen:
            seen.add(x.name)
            event.participants.append({"name": x.name, "id": x.id})
    return event


def _name(
    etype: EventType, rule: str, m: re.Match[str], text: str, start: int, end: int
) -> tuple[str, int, int] | None:
    """The name and its span: adjectives before the trigger, the trigger, its complement."""
    if "what" in m.re.groupindex:
        return m.group().strip(), start + m.start(), start + m.end()
    left = _LEFT.search(text, max(start, start + m.start() - 60), start + m.start())
    first = start + m.start()
    for word in reversed(left.group().split() if left else []):
        if not _is_modifier(word):  # "Выстраивая стратегию", "партнером форума": not adjectives
            break
        first = text.rindex(word, start, first)
    stop = _STOP.search(text, start + m.end(), end)
    last = stop.start() if stop else end
    words = list(re.finditer(r"\S+", text[start + m.end() : last]))[:NAME_WORDS]
    words = list(itertools.takewhile(lambda w: not _is_verb(w.group()), words))
    while words and words[-1].group().casefold() in FUNCTION_WORDS:
        words.pop()  # "сессия Совета ... Организации Договора о": cut after a preposition
    last = start + m.end() + (words[-1].end() if words else 0)
    if rule.endswith("_kk") or _KAZAKH.search(text, start + m.end(), last):
        last = start + m.end()  # Kazakh is head-final: what follows the trigger is the verb
    if rule in etype.own_name:
        last = start + m.end()  # the match is the whole name ("Operation Iron Swords")
    if etype.title:
        title = _TITLE.search(text, start + m.end(), min(end, start + m.end() + TITLE_WINDOW))
        if title and any(_is_verb(w) for w in text[start + m.end() : title.start()].split()):
            title = None  # "Маневры проходят на полигоне «Ляур»": the title is the range's
        if title:
            last = title.end()
        elif etype.title == "required" and rule not in etype.own_name:
            return None
    period = None
    if etype.period:
        period = _PERIOD.search(text, start + m.end(), min(end, start + m.end() + 150))
        if period:
            last = max(last, period.end())
    head_end = min(start + m.end(), last)
    head = nominative(text[first:head_end], plural=rule in _PLURAL_RULES)
    if rule.endswith("_kk"):
        head = _kazakh_base(head)
    name = " ".join((head + text[head_end:last]).split()).strip(" ,.")
    if name.count("»") > name.count("«"):
        name = "«" + name  # a title before its noun: «Марс» операциясы
    if rule in etype.named and not (
        name[:1].isupper() or _TITLE.search(name) or period or _adopted(text, first, last, end)
    ):
        return None  # "стратегию деятельности" is a word; "Стратегия ...", "стратегию на
        # 2024-2033 годы", "утвердил ... стратегию" are documents
    return name, first, last


def _adopted(text: str, first: int, last: int, end: int) -> bool:
    """Whether a verb of adoption stands right before a name (text[first:last]) or after it."""
    before = text[max(0, first - ADOPTED_WINDOW) : first]
    after = text[last : min(end, last + ADOPTED_WINDOW)]
    return bool(_ADOPTED.search(before) or _ADOPTED.match(after.lstrip(" ,")))


def _kazakh_base(head: str) -> str:
    """A Kazakh trigger noun without its case and possessive endings ("отырысының" ->
    "отырыс", "Кездесуде" -> "Кездесу"); a verb ("кездесті", "қол қойды") stays as written."""
    words = head.split()
    if not words or _KAZAKH_VERB.match(words[-1]):
        return head
    base = search_stem(words[-1])
    if len(base) >= MIN_STEM and words[-1].casefold().startswith(base.casefold()):
        words[-1] = words[-1][: len(base)]
    return " ".join(words)


@lru_cache(maxsize=50_000)
def _is_modifier(word: str) -> bool:
    """True for what may stand before an event's noun: an adjective, a participle, an ordinal
    or a Roman numeral ("IX международный форум"); an unknown word (Kazakh, Latin) too."""
    clean = word.strip(",.").lower()
    if re.fullmatch(r"[ivx]+|\d+-?(?:й|я|е|го)?", clean):
        return True
    parse = parses(clean)[0]
    return not parse.is_known or parse.tag.POS in ("ADJF", "PRTF", "NUMR")


@lru_cache(maxsize=50_000)
def _is_verb(word: str) -> bool:
    """True for a verb, infinitive, gerund or short participle ("повышается", "прошла")."""
    tag = parses(word.strip(",.").lower())[0].tag
    return tag.POS in ("VERB", "INFN", "GRND", "PRTS")


def _counted(what: str, rest: str, measures: frozenset[str]) -> dict[str, str | None]:
    """What a figure counts and its unit: "183 конфликта" counts conflicts in the unit
    "конфликт"; "151 миллиона тонн зерна" counts "зерно" in "тонна" (a measure, events.yaml's
    `measures`, names what it measures in the noun after it: rest is the text after the
    figure)."""
    unit = _lemma(what.split()[-1])
    counts: str | None = _measured(rest) if unit in measures else what
    return {"counts": counts, "unit": unit}


def _measured(rest: str) -> str | None:
    """The noun a measure is of, past its adjectives and participles ("охлажденного мяса": мясо;
    "tonnes of aid": aid); None when a preposition, a comparative or a verb comes first
    ("четырех миллионов тонн по нефтепроводу", "на 3,4 миллиона тонн больше")."""
    m = _WORDS_AFTER.match(rest)
    for word in m.group(1).split() if m else []:
        if word.casefold() in FUNCTION_WORDS:
            return None
        parse = parses(word.lower())[0]
        if not parse.is_known or parse.tag.POS == "NOUN":
            return _lemma(word)
        if parse.tag.POS not in ("ADJF", "PRTF"):
            return None
    return None


@lru_cache(maxsize=20_000)
def _lemma(word: str) -> str:
    parse = parses(word.strip(",.").lower())[0]
    return str(parse.normal_form) if parse.is_known else word.lower()


def _nearest(mentions: list[Mention], type_: str, position: int) -> str | None:
    """The name of the mention of this type nearest position, or None."""
    found = [m for m in mentions if m.type == type_]
    if not found:
        return None
    return min(found, key=lambda m: min(abs(m.start - position), abs(m.end - position))).name


def _place(text: str, mentions: list[Mention], titles: list[tuple[int, int]]) -> Mention | None:
    """The first LOC after a locative preposition, not a word of a quoted title ("форум
    "Сделано в России" открылся в Москве": Москва)."""
    for m in mentions:
        if any(a < m.start < b for a, b in titles):
            continue
        if (
            m.type == "LOC"
            and m.text[:1].isupper()  # "на западе" is a direction, "в Герате" a place
            and _LOCATIVE.search(text[max(0, m.start - LOCATIVE_WINDOW) : m.start])
        ):
            return m
    return None


def _merge(events: list[Event]) -> list[Event]:
    """One event per (type, name stem); for `merge` types, a later mention joins the latest
    earlier event of its type that it cannot be told apart from (`_same_event`)."""
    merging = {t.id for t in event_types() if t.merge}
    kept: list[Event] = []
    first: dict[tuple[str, str], Event] = {}  # the first kept event of each (type, stem)
    of_type: dict[str, list[Event]] = {}  # the kept events of each merging type, in order
    names: dict[int, set[str | None]] = {}  # the participants' names of each kept event
    for event in events:
        same = first.get((event.type, _stem(event.name)))
        into = same
        if event.type in merging:
            into = next(
                (o for o in reversed(of_type.get(event.type, []))
                 if _same_event(o, event, o is same)),
                None,
            )  # fmt: skip
        if into is not None:
            _absorb(into, event, names[id(into)])
            continue
        kept.append(event)
        first.setdefault((event.type, _stem(event.name)), event)
        of_type.setdefault(event.type, []).append(event)
        names[id(event)] = {p["name"] for p in event.participants}
    return kept


def _same_event(kept: Event, event: Event, named: bool) -> bool:
    """Whether a later mention may be the kept event: never when their dates or places differ;
    else when it has the kept one's name, is a bare word that refers back ("В заседании
    приняли участие ...", "В ходе переговоров"), or names its own event with the kept one's
    head ("сессия Совета ..." after "сессия СКБ ОДКБ"). "Саммит ОДКБ" after "переговоры в
    Сочи" (its own name, another head), "встреча в Пекине" (another place) or "встреча 2 мая"
    (another date) is another event."""
    if len({d.date for d in (kept.date, event.date) if d is not None}) > 1:
        return False
    if kept.place and event.place and kept.place != event.place:
        return False
    later = event.name.casefold().split()
    return named or len(later) < 2 or kept.name.casefold()[:5] == later[0][:5]


def _absorb(into: Event, event: Event, names: set[str | None]) -> None:
    """Merge event into `into`, whose participants' names are `names` (kept up to date)."""
    into.date = into.date or event.date
    into.place = into.place or event.place
    for p in event.participants:
        if p["name"] not in names:
            names.add(p["name"])
            into.participants.append(p)
    for key, value in event.extra.items():
        if into.extra.get(key) is None:
            into.extra[key] = value


def _stem(name: str) -> str:
    return " ".join(w[:5] for w in fold(name).split())
