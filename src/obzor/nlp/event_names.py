"""Event names in the nominative: "встрече" -> "встреча", "переговоров" -> "переговоры".

An event name is its head (the adjectives before the trigger and the trigger noun:
"гуманитарную помощь") and a complement ("жителям Газы", "Совета коллективной безопасности
ОДКБ") that keeps its own case. The head is put in the nominative by pymorphy3: the noun by
its most likely parse (a plural stays plural: "учения", "переговоры"), the adjectives in the
noun's number. Words pymorphy3 does not know (Kazakh, names, Latin) are left as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from obzor.nlp.morph import parses
from obzor.text import plain_e

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_NOUNS = frozenset({"NOUN"})
_AGREEING = frozenset({"ADJF", "PRTF", "NUMR"})


def nominative(head: str, plural: bool = False) -> str:
    """The head phrase with its noun and agreeing adjectives in the nominative."""
    words = list(_WORD.finditer(head))
    nouns = [i for i, m in enumerate(words) if _is_noun(m.group())]
    if not words or not nouns:
        return head
    # The first noun heads the phrase; what follows it ("оказание гуманитарной помощи") is
    # its complement and keeps its case.
    words = words[: nouns[0] + 1]
    number = "plur" if plural else _number(words[-1].group())
    gender = _gender(words[-1].group()) if number == "sing" else None
    out, last = [], 0
    for m in words:
        out.append(head[last : m.start()])
        out.append(_inflect(m.group(), number, gender if m is not words[-1] else None))
        last = m.end()
    out.append(head[last:])
    return "".join(out)


def _is_noun(word: str) -> bool:
    parse = parses(word.lower())[0]
    return bool(parse.is_known and parse.tag.POS in _NOUNS)


def _number(noun: str) -> str:
    parse = parses(noun.lower())[0]
    return "plur" if "plur" in parse.tag else "sing"


def _gender(noun: str) -> str | None:
    """The noun's gender, which a singular adjective takes ("тарифное соглашение")."""
    parse = parses(noun.lower())[0]
    return str(parse.tag.gender) if parse.tag.gender else None


@lru_cache(maxsize=20_000)
def _inflect(word: str, number: str, gender: str | None = None) -> str:
    parse = parses(word.lower())[0]
    if not parse.is_known or parse.tag.POS not in _NOUNS | _AGREEING:
        return word
    if parse.tag.POS in _NOUNS and "Pltm" in parse.tag:
        number = "plur"  # "переговоров" -> "переговоры", never a singular
    wanted = {"nomn", number} if parse.tag.POS in _AGREEING or number == "plur" else {"nomn"}
    if gender and parse.tag.POS in _AGREEING and parse.tag.POS != "NUMR":
        wanted.add(gender)
    form = parse.inflect(wanted) or parse.inflect({"nomn", number}) or parse.inflect({"nomn"})
    if form is None:
        return word
    found = str(form.word)
    if word[:1].isupper():
        found = found[:1].upper() + found[1:]
    if word.isupper() and len(word) > 1:
        found = found.upper()
    return plain_e(found) if "ё" not in word else found
