"""Span mends after the CRF, on whole spans and the text around them: company legal forms,
numbered names, compound places, descriptor places, lowercase spans and non-name words as
persons.

Each rule is a pure function (text, spans) -> spans; `mend` runs them in order. The word
lists are `span_rules.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from obzor.nlp.morph import analyzer, parses
from obzor.nlp.ner.corpora import Span, common_noun
from obzor.yamldata import load_yaml

# pymorphy3 grammemes of a name: a reading with one of them keeps a word as a possible name.
PERSON_GRAMMEMES = ("Name", "Surn", "Patr")
# Endings of surnames that are also adjectives' forms ("Русских", "Седых", "Черных").
SURNAME_ADJECTIVE_ENDINGS = ("ых", "их")
# Between the spans of one company name before its legal form: spaces and the brackets of an
# aside ("Шелл Эксплорейшн энд Продакшн (LXXI) Б.В.").
_CHAIN_GAP = re.compile(r"[\s()]*")
# A name followed by a number is a numbered product, facility or event ("Северный поток — 2",
# "Сила Сибири-2", "Запад-2021"), not a place: a dash and 1-4 digits, or a space and one
# digit before a closing quote ("«Северный поток 2»").
_NUMBER_AFTER = re.compile(r"\s?[-–—]\s?(\d{1,4})(?![\d%]|[.,]\d)|\s(\d)(?=[»\"”“'])")


@dataclass(frozen=True, slots=True)
class SpanRules:
    """span_rules.yaml: a regex matching a legal form, the parts of speech no person is, the
    nouns that describe a place."""

    legal_form: re.Pattern[str]
    not_person_pos: frozenset[str]
    descriptor_nouns: frozenset[str]


def _form_pattern(form: str) -> str:
    """A legal form letter by letter: a space may follow an inner dot, the last dot may be
    missing ("Б. В", "Б.В"; not "БВ")."""
    body = form[:-1] if form.endswith(".") else form
    pattern = "".join(r"\.\s?" if ch == "." else re.escape(ch) for ch in body)
    return pattern + (r"\.?" if form.endswith(".") else "")


@lru_cache(maxsize=1)
def rules() -> SpanRules:
    """span_rules.yaml, checked."""
    text = resources.files("obzor.nlp.ner").joinpath("span_rules.yaml").read_text("utf-8")
    data = load_yaml(text)
    names = {"legal_forms", "not_person_pos", "descriptor_nouns"}
    if not isinstance(data, dict) or set(data) != names:
        raise ValueError(f"span_rules.yaml: needs exactly the lists {sorted(names)}")
    for name in names:
        if not isinstance(data[name], list) or not all(isinstance(x, str) for x in data[name]):
            raise ValueError(f"span_rules.yaml: {name} must be a list of strings")
    forms = sorted(data["legal_forms"], key=len, reverse=True)
    alternatives = "|".join(_form_pattern(f) for f in forms)
    return SpanRules(
        legal_form=re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"),
        not_person_pos=frozenset(data["not_person_pos"]),
        descriptor_nouns=frozenset(data["descriptor_nouns"]),
    )


def legal_forms(text: str, spans: Sequence[Span]) -> list[Span]:
    """A legal form and the spans just before it (spaces or brackets between) become one
    organisation: "Блю Стрим Пайплайн Компани[ORG] Б.В[PER]" -> one ORG."""
    out = sorted(spans)
    for match in rules().legal_form.finditer(text):
        start, end = match.start(), match.end()
        chain = [s for s in out if s[0] < end and s[1] > start]
        edge = min([s[0] for s in chain], default=start)
        while True:
            before = [s for s in out if s[1] <= edge and _CHAIN_GAP.fullmatch(text[s[1] : edge])]
            if not before:
                break
            chain.append(max(before))
            edge = chain[-1][0]
        if not any(s[0] < start for s in chain):
            continue  # a legal form with no name before it is left alone
        first = min(s[0] for s in chain)
        last = max(end, *(s[1] for s in chain))
        out = sorted([s for s in out if s not in chain] + [(first, last, "ORG")])
    return out


def numbered_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """No place is followed by a number: "Северный поток — 2", "Запад-2021" are products,
    facilities or events. One word with one or two digits stays ("Арзамас-16", a town)."""
    out = []
    for start, end, kind in spans:
        number = _NUMBER_AFTER.match(text, end) if kind == "LOC" else None
        if number:
            digits = number.group(1) or number.group(2)
            if " " in text[start:end].strip() or len(digits) == 4:
                continue
        out.append((start, end, kind))
    return out


def _agreeing(adjective: str, noun: str) -> bool:
    """Whether some reading of adjective (a full adjective) agrees with some noun reading of
    noun in case and number, and in gender in the singular."""
    forms = {
        (p.tag.case, p.tag.number, p.tag.gender)
        for p in parses(adjective.lower())
        if p.tag.POS == "ADJF"
    }
    for p in parses(noun.lower()):
        if p.tag.POS != "NOUN":
            continue
        for case, number, gender in forms:
            if (case, number) == (p.tag.case, p.tag.number) and (
                number == "plur" or gender == p.tag.gender
            ):
                return True
    return False


def compound_places(text: str, spans: Sequence[Span]) -> list[Span]:
    """A capitalized one-word place that is an adjective agreeing with the place after it, one
    space between, is the first word of one place: "Западной[LOC] Европы[LOC]", "Ближнем Востоке",
    "Юго-Восточную Азию" (the CRF splits them; factRuEval and BSNLP mark one name)."""
    out = sorted(spans)
    merged: list[Span] = []
    for span in out:
        if merged:
            start, end, kind = merged[-1]
            first = text[start:end]
            following = text[span[0] : span[1]].split(" ", 1)[0]
            if (
                kind == span[2] == "LOC"
                and text[end : span[0]] == " "
                and " " not in first
                and first[:1].isupper()
                and _agreeing(first, following)
            ):
                merged[-1] = (start, span[1], "LOC")
                continue
        merged.append(span)
    return merged


def _descriptor(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a descriptor noun of span_rules.yaml, written in lowercase or
    capitalized only by a sentence start ("правительства", "Власти" opening a sentence)."""
    word = text[start:end]
    if not word.isalpha() or (word[0].isupper() and not common_noun(text, (start, end, "ORG"))):
        return False
    return any(p.normal_form in rules().descriptor_nouns for p in parses(word.lower())[:2])


def descriptor_places(text: str, spans: Sequence[Span]) -> list[Span]:
    """An organisation made of a descriptor noun and a place's name ("правительства[ORG]
    Великобритании", "Власти Пакистана" opening a sentence) is the place with a descriptor:
    the place is kept as LOC, as factRuEval marks it, and the noun is left out."""
    out = []
    for start, end, kind in spans:
        head, space, rest = text[start:end].partition(" ")
        if (
            kind == "ORG"
            and space
            and all(w[:1].isupper() for w in rest.split(" "))
            and _descriptor(text, start, start + len(head))
            and any("Geox" in p.tag for p in parses(rest.split(" ")[0].lower())[:3])
        ):
            out.append((start + len(head) + 1, end, "LOC"))
            continue
        out.append((start, end, kind))
    return out


def lowercase_spans(text: str, spans: Sequence[Span]) -> list[Span]:
    """A span with no capital letter and no digit is not a name ("аэропорту", "пресс-служба",
    "правительства"): factRuEval's names are capitalized and NEREL's gold drops such spans.
    "министерства обороны[ORG] России[LOC]" keeps "России" only, as factRuEval marks it."""
    return [s for s in spans if any(ch.isupper() or ch.isdigit() for ch in text[s[0] : s[1]])]


def _known_reading(word: str, grammemes: Sequence[str]) -> str | None:
    """pymorphy3's best part of speech for a dictionary word none of whose first three
    readings has one of grammemes; None for unknown words and possible names."""
    low = word.lower()
    if low.endswith(SURNAME_ADJECTIVE_ENDINGS):
        return None
    if not word.isalpha() or not analyzer().word_is_known(low):
        return None
    readings = parses(low)
    if any(g in p.tag for p in readings[:3] for g in grammemes):
        return None
    return str(readings[0].tag.POS)


def non_name_persons(text: str, spans: Sequence[Span]) -> list[Span]:
    """A one-word person that is a dictionary adjective, verb, participle or the like with no
    name reading ("Литовским", "Выплатите") is not a person."""
    banned = rules().not_person_pos
    return [
        s
        for s in spans
        if not (
            s[2] == "PER"
            and " " not in text[s[0] : s[1]]
            and _known_reading(text[s[0] : s[1]], PERSON_GRAMMEMES) in banned
        )
    ]


Rule = Callable[[str, Sequence[Span]], list[Span]]
RULES: tuple[tuple[str, Rule], ...] = (
    ("legal_forms", legal_forms),
    ("numbered_names", numbered_names),
    ("compound_places", compound_places),
    ("descriptor_places", descriptor_places),
    ("lowercase_spans", lowercase_spans),
    ("non_name_persons", non_name_persons),
)


def mend(text: str, spans: Sequence[Span]) -> list[Span]:
    """spans with every rule above applied, in order."""
    out = list(spans)
    for _, rule in RULES:
        out = rule(text, out)
    return out
