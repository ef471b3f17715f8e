"""Who a headline says acted or spoke, and which decision it reports (rules.yaml headline).

One newsroom titles each item by its actor: "Песков прокомментировал иск", "В Кремле заявили,
что ...", "Мишустин: ...", "..., заявил Путин". Two of its reports within hours whose headlines
name different actors are different items (a reaction, another body's figure), unless they
name one specific setting (statements at one congress); two decisions of one body ("Госдума
приняла закон о ..." twice) are two events (docs/pair-labels.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from obzor.nlp import morph
from obzor.stories.rules import rules

_COLON = re.compile(r"^([^:«»\"]{2,40}):\s")
_NAMEISH = frozenset({"Abbr", "Surn", "Name", "Geox", "Orgn"})
SUBJECT_SPAN = 8  # the verb of a headline's actor comes within its first eight words


@dataclass(frozen=True, slots=True)
class Act:
    """A decision a headline reports: its actor, the verb's lemma, the other words' lemmas."""

    subject: str
    verb: str
    rest: frozenset[str]


def _grams(word: str) -> list[set[str]]:
    return [set(str(p.tag).replace(" ", ",").split(",")) for p in morph.parses(word.lower())]


def _key(word: str) -> str:
    """A headline word's key as the body's words are keyed (morph.key): a surname stays a
    surname ("Песков" -> песков, not the noun песок), so a report's actor can be looked up
    in another report's text."""
    found = morph.key(word, initial=True)
    return rules().headline_aliases.get(found, found)


def _nominal(word: str) -> bool:
    """Could the word be a headline's actor: an acronym, or a noun or name in the nominative?"""
    if len(word) < 2 or morph.lemma(word) in rules().place_prepositions:
        return False
    if word.isupper():
        return True
    return any("nomn" in g and ("NOUN" in g or _NAMEISH & g) for g in _grams(word))


def _verb(word: str) -> bool:
    return bool(morph.parses(word.lower())[0].tag.POS == "VERB")


def _actor(words: list[str], at: int) -> str:
    """The actor named at words[at]; a role noun ("глава", "страны") gives the name after it,
    a first name the surname after it."""
    if morph.lemma(words[at]) in rules().headline_roles:
        for word in words[at + 1 : at + 4]:
            if word[:1].isupper():
                return _key(word)
    after = words[at + 1] if at + 1 < len(words) else ""
    if after[:1].isupper() and any("Name" in g for g in _grams(words[at])):
        return _key(after)  # "Валерий Гергиев": the surname
    return _key(words[at])


def subject(title: str) -> str | None:
    """The actor a headline names (a lemma: "песков", "кремль", "госдума"), or None."""
    text = title.strip()
    words = [m.group() for m in morph.tokens(text)]
    if not words:
        return None
    said = _COLON.match(text)
    if said:  # "Мишустин: Москва и Минск ..."
        before = [m.group() for m in morph.tokens(said.group(1))]
        named = [w for w in before if w[:1].isupper()]
        return _key((named or before)[-1]) if before else None
    if "," in text:  # "..., заявил Путин"
        tail = [m.group() for m in morph.tokens(text.rsplit(",", 1)[1])]
        if len(tail) > 1 and morph.lemma(tail[0]) in rules().headline_said:
            return _actor(tail, 1)
    if len(words) > 2 and words[0].lower() in rules().place_prepositions:  # "В Кремле заявили"
        verb = _grams(words[2])[0]
        return _key(words[1]) if "VERB" in verb and "plur" in verb else None
    opens = words[0][:1].isupper() and _nominal(words[0])  # "Песков прокомментировал ..."
    return _actor(words, 0) if opens and any(map(_verb, words[1:SUBJECT_SPAN])) else None


def act(title: str, actor: str | None) -> Act | None:
    """The decision the headline reports ("Госдума приняла закон о ..."), if it names one."""
    if actor is None:
        return None
    words = [m.group() for m in morph.tokens(title)]
    for n, word in enumerate(words[:SUBJECT_SPAN]):
        lemma = morph.lemma(word)
        if lemma in rules().headline_acts:
            rest = frozenset(morph.lemma(w) for w in words[n + 1 :] if len(w) > 2)
            return Act(actor, lemma, rest)
    return None
