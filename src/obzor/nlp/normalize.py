"""Entity names to the nominative: "Александру Лукашенко" -> "Александр Лукашенко".

pymorphy3 knows common names and words; Central-Asian names it often does not, so a person's
name is read as a whole: every (case, gender) reading is scored over all its tokens, from
dictionary parses, surname suffixes and the regular endings of the first declension.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pymorphy3.analyzer import Parse

from obzor.nlp.morph import analyzer, parses, recase

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
# Regular endings (ending, case, gender, replacement) of Russian surnames in -ов/-ев/-ин
# and of names whose stem ends in a consonant; tried longest first.
_ENDINGS: tuple[tuple[str, str, str, str], ...] = (
    ("овой", "gent datv ablt loct", "femn", "ова"),
    ("евой", "gent datv ablt loct", "femn", "ева"),
    ("иной", "gent datv ablt loct", "femn", "ина"),
    ("ову", "accs", "femn", "ова"),
    ("овым", "ablt", "masc", "ов"),
    ("евым", "ablt", "masc", "ев"),
    ("иным", "ablt", "masc", "ин"),
    ("ову", "datv", "masc", "ов"),
    ("еву", "datv", "masc", "ев"),
    ("ину", "datv", "masc", "ин"),
    ("ова", "gent", "masc", "ов"),
    ("ева", "gent", "masc", "ев"),
    ("ина", "gent", "masc", "ин"),
    ("ове", "loct", "masc", "ов"),
    ("еве", "loct", "masc", "ев"),
    ("ине", "loct", "masc", "ин"),
    ("ом", "ablt", "masc", ""),
    ("ем", "ablt", "masc", ""),
    ("ым", "ablt", "masc", ""),
    ("а", "gent", "masc", ""),
    ("у", "datv", "masc", ""),
    ("е", "loct", "masc", ""),
    ("я", "gent", "masc", "й"),
    ("ю", "datv", "masc", "й"),
)
_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщйь]$")
_INDECLINABLE_END = re.compile(r"[иоуеэы]$")
# Dictionary parses outrank ending rules, which outrank the bare "stays as it is" reading.
_ENDING_SCORE = 0.3
_FIXED_SCORE = 0.1
# Ties go to the nominative (most mentions are already in it) and to the masculine
# (most people named in security news are men; a known female first name overrides).
_PRIOR = {"nomn": 0.15, "masc": 0.05}


def normalize(text: str, type_: str) -> str:
    """The nominative form of an entity name; unknown forms come back unchanged."""
    if not re.search(r"[а-яё]", text, re.IGNORECASE):
        return text
    if type_ == "PER":
        return _person(text)
    return _phrase(text)


@lru_cache(maxsize=50_000)
def _person(text: str) -> str:
    words = text.split()
    lasts = [w.rsplit("-", 1)[-1].lower() for w in words]
    # A woman is read only from a known female first name, or from a lone word that has no
    # masculine reading ("Захаровой"); "Токаева" alone is far more often his genitive.
    first_female = _known_female(lasts[0]) if len(words) > 1 else not _has_masculine(lasts[0])
    best: tuple[float, str, str] | None = None
    for case in CASES:
        for gender in ("masc", "femn"):
            if gender == "femn" and not first_female:
                continue
            scores = [_reading_score(w, case, gender) for w in lasts]
            if any(s is None for s in scores):
                continue
            total = sum(s for s in scores if s) + _PRIOR.get(case, 0) + _PRIOR.get(gender, 0)
            if best is None or total > best[0]:
                best = (total, case, gender)
    if best is None or best[1] == "nomn":
        return text
    _, case, gender = best
    out = []
    for word, last in zip(words, lasts, strict=True):
        head, _, _ = word.rpartition("-")
        new = _to_nominative(last, case, gender)
        out.append((head + "-" if head else "") + recase(word.rsplit("-", 1)[-1], new))
    return " ".join(out)


def _has_masculine(word: str) -> bool:
    return any(_reading_score(word, case, "masc") is not None for case in CASES[1:])


def _known_female(word: str) -> bool:
    return any(
        "Name" in p.tag.grammemes and "femn" in p.tag.grammemes for p in parses(word) if p.is_known
    )


def _name_parses(word: str, case: str, gender: str) -> list[Parse]:
    return [
        p
        for p in parses(word)
        if p.tag.POS == "NOUN"
        and p.tag.number != "plur"
        and p.tag.case == case
        and ({gender, "ms-f"} & p.tag.grammemes)
        and (p.tag.animacy == "anim" or _NAME_TAGS & p.tag.grammemes)
    ]


def _ending(word: str, case: str, gender: str) -> tuple[str, str, str, str] | None:
    for rule in _ENDINGS:
        ending, r_case, r_gender, _ = rule
        cases = r_case.split()
        compatible = case in cases or ("gent" in cases and case == "accs" and gender == "masc")
        if word.endswith(ending) and compatible and r_gender == gender:
            return rule
    return None


def _reading_score(word: str, case: str, gender: str) -> float | None:
    """How well one word fits a (case, gender) reading; None when it cannot."""
    parses = _name_parses(word, case, gender)
    score = max((p.score for p in parses), default=None)
    if _ending(word, case, gender) or (case == "nomn" and _nominative_shape(word, gender)):
        score = max(score or 0.0, _ENDING_SCORE)
    if score is None and _INDECLINABLE_END.search(word) and not analyzer().word_is_known(word):
        score = _FIXED_SCORE  # unknown names in -и, -о, -у, -е (Имангали) do not decline
    return score


def _nominative_shape(word: str, gender: str) -> bool:
    if gender == "masc":  # "-ой" is the feminine oblique (Захаровой), not Андрей's -й
        return bool(_CONSONANT_END.search(word)) and not word.endswith("ой")
    return word[-1] in "ая"


def _to_nominative(word: str, case: str, gender: str) -> str:
    parses = _name_parses(word, case, gender)
    if parses:
        best = max(parses, key=lambda p: p.score)
        if "Fixd" in best.tag:
            return word
        nominative = best.inflect({"nomn", "sing"})
        if nominative is not None:
            return str(nominative.word)
    rule = _ending(word, case, gender)
    if rule:
        return word[: len(word) - len(rule[0])] + rule[3]
    return word


@lru_cache(maxsize=50_000)
def _phrase(text: str) -> str:
    """Organisations and places: the head noun and the adjectives before it to the nominative."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if not _declinable(word):
            return text
        parse = _noun_parse(word.lower(), last=i == len(words) - 1)
        if parse is None:
            continue
        nominative = parse.inflect({"nomn"})
        if nominative is None:
            return text
        number, gender = parse.tag.number, parse.tag.gender
        out = [_adjective(w, number, gender) for w in words[:i]]
        out.append(recase(word, str(nominative.word)))
        return " ".join([*out, *words[i + 1 :]])
    return text


def _declinable(word: str) -> bool:
    return bool(re.fullmatch(r"[А-ЯЁа-яё-]+", word)) and not (word.isupper() and len(word) > 1)


def _noun_parse(word: str, last: bool) -> Parse | None:
    """The head-noun reading of a word: names of places and organisations first, then singular.

    A word that can also be an adjective ("Ближнем") is a head only when it ends the phrase.
    """
    all_parses = parses(word)
    nouns = [p for p in all_parses if p.tag.POS == "NOUN"]
    if not nouns or (not last and any(p.tag.POS in ("ADJF", "PRTF") for p in all_parses)):
        return None
    geo = [p for p in nouns if {"Geox", "Orgn"} & p.tag.grammemes]
    singular = [p for p in nouns if p.tag.number == "sing"]
    return (geo or singular or nouns)[0]


def _adjective(word: str, number: str | None, gender: str | None) -> str:
    found = [p for p in parses(word.lower()) if p.tag.POS in ("ADJF", "PRTF")]
    if not found:
        return word
    wanted = {"nomn", number or "sing"}
    if number != "plur" and gender:
        wanted.add(gender)
    nominative = found[0].inflect(wanted)
    return recase(word, str(nominative.word)) if nominative else word
