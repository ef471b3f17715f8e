"""Who may take part in an event (nlp/events.py): the article's mentions less its reporters.

Not an actor: the outlet and credited sources, a mention inside an attribution clause
("сообщает пресс-служба Акорды", "передаёт BaigeNews.kz со ссылкой на Акорду", "В пресс-службе
госсобрания рассказали"), the opening dateline's city and agency ("МОСКВА, 30 мая ПРАЙМ"), a
state or body that only completes a person's title ("президент Беларуси Александр Лукашенко"),
a bracketed alias of the name before it ("(ТЛП)"). The rules' words are event_actors.yaml's.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.model import Mention
from obzor.nlp.morph import parses
from obzor.text import name_key
from obzor.yamldata import load_yaml

# Prepositions and conjunctions: a name never ends with one ("... Организации Договора о" lost
# its object to NAME_WORDS), and one before "России Владимир Путин" makes it a place and a
# name ("в России Владимир Путин ..."), not a title.
FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "о об обо по для между при с со в во на за под над от из из-за до у к и или а но что как"
        " of for on in at by and from to",
    )
)
# Who reports an event is not in it: "сообщает пресс-служба Акорды", "передаёт BaigeNews.kz со
# ссылкой на Акорду", "according to Reuters", "говорится в отчете компании по МСФО", "- добавили
# в РЭЦ" (the clause runs to the sentence's end). The lookahead holds the words' first letters:
# the alternation is tried only where one of them stands (the same clauses, 0.26 -> 0.10 ms a
# RIA article).
REPORTED = re.compile(
    r"(?=[спгдоузar])(?:сообща(?:ет|ют|ли?|ла)|переда(?:ет|ёт|ют)|пиш(?:ет|ут)|со\s+ссылкой\s+на|по\s+данным|"
    r"по\s+информации|according\s+to|reports?|reported|говорится\s+в|привод(?:ит|ят)\s+слова|"
    # "следует из материалов Союза экспортеров зерна" (round 9)
    r"следует\s+из|"
    # an impersonal plural names a body as the source: "добавили в РЭЦ", "отметили в ведомстве"
    r"(?:добавил|отметил|сказал|заявил|пояснил|уточнил|подчеркнул)и\s+в)\s"
    # to the sentence's end; a dot inside a name ("Группа ВЭБ.РФ") does not end it
    r"(?:[^.!?\n]|\.(?=\w))*",
    re.IGNORECASE,
)
# A dateline opens the text: "МОСКВА, 30 мая ПРАЙМ", "АСТАНА, 15 октября 2023 г. — Kazinform":
# its city and agency report the news and take no part in it.
DATELINE = re.compile(
    r"\s*[A-ZА-ЯЁ][A-ZА-ЯЁ.\- ]+,\s*\d{1,2}\s+[a-zа-яё]+\.?(?:\s+\d{4}\s*(?:г\.|года)?)?"
    r"(?:\s*[—–-])?(?:\s*(?:РИА\s+Новости|[A-ZА-ЯЁ]{2,}\b|[\w-]+\.(?:ru|kz|com|kg|uz)))?"
)


def dateline_end(text: str) -> int:
    """Where the opening dateline ends (0 when the text has none)."""
    dateline = DATELINE.match(text)
    return dateline.end() if dateline else 0


def actors(text: str, mentions: list[Mention], sources: Iterable[str]) -> list[Mention]:
    """The mentions that may take part in events: not the reporters, not in an attribution."""
    out = {id(m) for m, _ in left_out(text, mentions, sources)}
    return [m for m in mentions if id(m) not in out]


def left_out(
    text: str, mentions: list[Mention], sources: Iterable[str]
) -> list[tuple[Mention, str]]:
    """The mentions that take part in no event, each with the id of the rule that says so."""
    reporters = {name_key(name) for name in sources if name}
    clauses = [m.span() for m in REPORTED.finditer(text)]  # in order, never overlapping
    starts = [s for s, _ in clauses]

    def reported(at: int) -> bool:
        i = bisect_right(starts, at) - 1
        return i >= 0 and at < clauses[i][1]

    lead = dateline_end(text)
    credited = [m.span(1) for m in _source_before().finditer(text)]
    addresses = [m.span() for m in _address().finditer(text)]
    titles = _title_complements(text, mentions)
    aliases = _aliases(text, mentions)
    out: list[tuple[Mention, str]] = []
    for m in mentions:
        why = (
            "source" if name_key(m.name) in reporters
            else "attribution" if reported(m.start)
            else "dateline" if m.start < lead
            else _rules()["source_before"]["id"] if any(a <= m.start < b for a, b in credited)
            else _rules()["title"]["id"] if id(m) in titles
            else _rules()["alias"]["id"] if id(m) in aliases
            else _rules()["address"]["id"] if any(a <= m.start < b for a, b in addresses)
            else None
        )  # fmt: skip
        if why:
            out.append((m, why))
    return out


@lru_cache(maxsize=1)
def _rules() -> Any:
    return load_yaml(resources.files("obzor.nlp").joinpath("event_actors.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _source_before() -> re.Pattern[str]:
    """'В пресс-службе госсобрания рассказали': group 1 is the credited body's words."""
    rule = _rules()["source_before"]
    verbs = "|".join(map(re.escape, rule["verbs"]))
    words = int(rule["max_words"])
    body = rf"((?:[^\s,.!?;]+\s+){{0,{words - 1}}}?[^\s,.!?;]+)"
    return re.compile(rf"(?:^|(?<=[\s,(«\"]))[Вв]о?\s+{body}\s+(?:{verbs})\b")


@lru_cache(maxsize=1)
def _address() -> re.Pattern[str]:
    """A street address in brackets or after "по адресу" ("(Москва, Манежная площадь, д. 1)")."""
    marks = "|".join(_rules()["address"]["marks"])
    return re.compile(
        rf"\((?=[^()\n]*(?:{marks}))[^()\n]{{1,120}}\)|по\s+адресу:?[^.!?\n]*?(?:{marks})[^,.!?\n)]*",
        re.IGNORECASE,
    )


def _is_role_word(word: str) -> bool:
    return word.casefold() not in FUNCTION_WORDS and not word[0].isdigit()


# Parts of speech that end a person's title: a verb, gerund, short participle or adverb says
# something about the title's holder; a preposition or conjunction other than the title's own
# links ("по вопросам", "и") starts another phrase.
_NOT_TITLE = frozenset(
    {"VERB", "INFN", "GRND", "PRTS", "PRED", "ADVB", "PREP", "CONJ", "PRCL", "NUMR"}
)
_WORD = re.compile(r"\w[\w.+-]*|[,;:()\-–—]")
_BRACKETED = re.compile(r"\([^()\n]{1,60}\)")
_QUOTED = re.compile(r"[«\"“„][^«»\"“”„\n]{1,60}[»\"”“]")


def _title_complements(text: str, mentions: list[Mention]) -> set[int]:
    """The ids of mentions that only complete a person's title: a state or body between a role
    word and a name, with only the title's words between ("президент Беларуси Александр
    Лукашенко", "директор департамента МИД Японии по вопросам разоружения Кацуро Китагава",
    "министр нефти Венесуэлы, президент PDVSA Педро Тельечеа", "России - Владимир Путин"):
    Беларусь is not a participant, Лукашенко is."""
    ordered = sorted(mentions, key=lambda m: m.start)
    people = [i for i, x in enumerate(ordered) if x.type == "PER"]
    out: set[int] = set()
    for i, m in enumerate(ordered):
        if m.type not in ("LOC", "ORG"):
            continue
        k = bisect_right(people, i)
        if k == len(people):
            continue
        after = ordered[people[k]]
        if after.start - m.end > TITLE_WINDOW:
            continue
        before = re.search(r"(\w+)\W*$", text[max(0, m.start - 40) : m.start])
        if not (before and _is_role_word(before.group(1))):
            continue
        between = list(text[m.end : after.start])
        for x in ordered[i + 1 : people[k]]:  # other names inside the title
            between[x.start - m.end : x.end - m.end] = " " * (x.end - x.start)
        gap = "".join(between)
        gap = _QUOTED.sub(lambda q: " " * len(q.group()), gap)
        gap = _BRACKETED.sub(lambda q: " " * len(q.group()), gap)  # "центра (ВЭБ.РФ) Алексей"
        if _title_words(gap):
            out.add(id(m))
    return out


# A title's state or body stands at most this far before the name it completes (characters).
TITLE_WINDOW = 120


def _title_words(gap: str) -> bool:
    """Whether the words between a state or body and a name are a title's words only."""
    rule = _rules()["title"]
    words = _WORD.findall(gap)
    if not words:
        return True
    if len(words) == 1 and words[0] in rule["dashes"]:
        return True  # "Кыргызстана - Садыр Жапаров"
    if len([w for w in words if w[0].isalnum()]) > int(rule["max_words"]):
        return False
    for k, word in enumerate(words):
        if word == ",":  # an apposition goes on with another role: ", президента PDVSA"
            nxt = words[k + 1] if k + 1 < len(words) else ""
            tag = parses(nxt.casefold())[0].tag if nxt[:1].isalpha() else None
            if tag is None or tag.POS != "NOUN" or tag.animacy != "anim":
                return False
            continue
        if not word[0].isalnum() or word.casefold() in rule["links"]:
            if word[0].isalnum() or word in rule["dashes"]:
                continue
            return False
        if word[0].isdigit():
            return False
        tag = parses(word.casefold())[0].tag
        if tag.POS in _NOT_TITLE:
            return False
    return True


def _aliases(text: str, mentions: list[Mention]) -> set[int]:
    """The ids of names in brackets right after another name: the same actor ("партия
    "Техрик-э-Лабаик Пакистан" (ТЛП)", "агентство по закупкам продовольствия (GASC)")."""
    ordered = sorted(mentions, key=lambda m: m.start)
    return {
        id(after)
        for m, after in itertools.pairwise(ordered)
        if re.fullmatch(r"[»\"”]?\s*\(", text[m.end : after.start])
    }


# The speaker of an attribution after the words stands within this many words of its verb
# (", заявил пресс-секретарь президента Дмитрий Песков").
SPEAKER_WORDS = 6
_VERBS = frozenset({"VERB", "INFN", "GRND"})


def said_by(text: str, cut: int, at: int) -> bool:
    """Whether the mention at `at` speaks in the attribution that starts at `cut` (",
    сообщил председатель городского парламента Алексей Шапошников"), not an object of another
    verb of the subject before the comma ("Токаев, приветствуя участников сессии, отметил
    высокий уровень ... и выразил благодарность ... Александру Лукашенко")."""
    words = re.findall(r"\w+|,", text[cut + 1 : at])[1:]  # the speech verb itself left out
    if len(words) > SPEAKER_WORDS or "," in words:
        return False
    return not any(w.isalpha() and parses(w.casefold())[0].tag.POS in _VERBS for w in words)


@lru_cache(maxsize=1)
def _subordinate() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The opening of a relative clause and the parenthetical words (event_actors.yaml)."""
    rule = _rules()["subordinate"]
    before = int(rule["words_before_relative"])
    pronouns = "|".join(rule["relative"])
    relative = re.compile(rf"\s*(?:\w+\s+){{0,{before}}}(?:{pronouns})\b", re.IGNORECASE)
    return relative, tuple(str(p) for p in rule["parentheticals"])


def subordinate_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The relative clauses and participial phrases of text[start:end], each from its comma to
    the next comma that is not a parenthetical word's, or to the end: they tell of something
    else than the event outside them (event_actors.yaml, "subordinate")."""
    relative, asides = _subordinate()
    longest = max(map(len, asides), default=0)
    out: list[tuple[int, int]] = []
    commas = [i for i in range(start, end) if text[i] == ","]
    for k, comma in enumerate(commas):
        first = re.match(r"\s*([а-яё]+)", text[comma + 1 : end])
        opens = relative.match(text, comma + 1, end) is not None or (
            first is not None and parses(first.group(1))[0].tag.POS == "PRTF"
        )
        if not opens:
            continue
        stop = end
        for later in commas[k + 1 :]:
            if text[later + 1 : end].lstrip().casefold().startswith(asides):
                continue
            if text[max(0, later - longest) : later].casefold().endswith(asides):
                continue
            stop = later
            break
        out.append((comma, stop))
    return out
