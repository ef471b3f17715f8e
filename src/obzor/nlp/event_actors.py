"""Who may take part in an event (nlp/events.py): the article's mentions less its reporters.

Not an actor: the outlet and credited sources, a mention inside an attribution clause
("сообщает пресс-служба Акорды", "передаёт BaigeNews.kz со ссылкой на Акорду"), the opening
dateline's city and agency ("МОСКВА, 30 мая ПРАЙМ"), a state or body that only completes a
person's title ("президент Беларуси Александр Лукашенко").
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable

from obzor.model import Mention
from obzor.text import name_key

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
    reporters = {name_key(name) for name in sources if name}
    clauses = [m.span() for m in REPORTED.finditer(text)]  # in order, never overlapping
    starts = [s for s, _ in clauses]

    def reported(at: int) -> bool:
        i = bisect_right(starts, at) - 1
        return i >= 0 and at < clauses[i][1]

    lead = dateline_end(text)
    titles = _title_complements(text, mentions)
    return [
        m
        for m in mentions
        if name_key(m.name) not in reporters
        and not reported(m.start)
        and m.start >= lead
        and id(m) not in titles
    ]


def _is_role_word(word: str) -> bool:
    return word.casefold() not in FUNCTION_WORDS and not word[0].isdigit()


def _title_complements(text: str, mentions: list[Mention]) -> set[int]:
    """The ids of mentions that only complete a person's title: the state or body right before
    a name after a role word ("президент Беларуси Александр Лукашенко", "заместитель министра
    иностранных дел России Александр Панкин"): Беларусь is not a participant, Лукашенко is."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: set[int] = set()
    for m, after in itertools.pairwise(ordered):
        if m.type not in ("LOC", "ORG") or after.type != "PER":
            continue
        if text[m.end : after.start].strip():
            continue  # something stands between them: not an apposition
        before = re.search(r"(\w+)\W*$", text[max(0, m.start - 40) : m.start])
        if before and _is_role_word(before.group(1)):
            out.add(id(m))
    return out
