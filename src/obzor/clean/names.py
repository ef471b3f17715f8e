"""Source names in Russian: pymorphy3 puts an oblique-case name back in the nominative."""

from __future__ import annotations

from typing import Any

from obzor.nlp import morph
from obzor.nlp.morph import recase

QUOTES = '«»"“”'
_PERSON = ("Name", "Surn", "Patr")
_GENDERS = ("masc", "femn", "neut")
_NOMINAL = ("NOUN", "ADJF", "PRTF")


def to_nominative(tokens: list[str], case: str) -> list[str]:
    """The name's head noun, its adjectives and a person's name after it, in the nominative."""
    if case == "nomn":
        return list(tokens)
    out = list(tokens)
    head_at, head = _head(tokens, case)
    for i in range(min(head_at, len(tokens))):  # adjectives agree with the head noun
        adjective = _agreeing_adjective(tokens[i], case, head)
        if adjective is None:
            return out
        out[i] = _inflected(tokens[i], adjective)
    if head_at >= len(tokens):
        return out
    word = quoted_word(tokens[head_at]) if head_at == 0 else None  # «Известий» -> «Известия»
    if not frozen(word or tokens[head_at]):
        new = _inflected(word or tokens[head_at], head)
        out[head_at] = tokens[head_at].replace(word, new) if word else new
    chain = not frozen(tokens[head_at])  # the previous token was the head or part of a name
    for i in range(head_at + 1, len(tokens)):
        parse = None if frozen(tokens[i]) else parse_in_case(tokens[i], case)
        if _name_after_head(tokens[i], parse, case, chain):
            out[i] = _inflected(tokens[i], parse)
        else:
            chain = False
    return out


def parse_in_case(token: str, case: str) -> Any:
    """The first noun/adjective parse of token in the case, a singular one if any, or None."""
    # Unknown names get guessed paradigms: "Евростат" is also read as a plural accusative.
    found = [p for p in parses(token) if p.tag.POS in _NOMINAL and case in p.tag]
    return next((p for p in found if "sing" in p.tag), found[0] if found else None)


def parses(token: str) -> tuple[Any, ...]:
    """pymorphy3's parses of a word, lowercased (cached in nlp.morph: news repeats its names)."""
    return morph.parses(token.lower())


def lemma(token: str) -> str:
    """The lowercase lemma; frozen tokens (abbreviations, Latin, quotes) are only lowercased."""
    return token.lower() if frozen(token) else str(parses(token)[0].normal_form)


def is_adjective(token: str) -> bool:
    """True for a Cyrillic adjective or participle (by its most likely parse)."""
    return not frozen(token) and parses(token)[0].tag.POS in ("ADJF", "PRTF")


def may_be_adjective(token: str) -> bool:
    """True when any parse is an adjective ("Главное" in "Главное таможенное управление")."""
    return not frozen(token) and any(p.tag.POS in ("ADJF", "PRTF") for p in parses(token))


def frozen(token: str) -> bool:
    """Quoted names, abbreviations, Latin words and digits are never inflected."""
    return (
        token[:1] in QUOTES
        or (token.isupper() and len(token) > 1)
        or not is_cyrillic(token[:1])
        or token[:1] in "ӘҒҚҢӨҰҮҺІәғқңөұүһі"  # Kazakh names: pymorphy3 only knows Russian
    )


def namelike(token: str) -> bool:
    """A capitalized, quoted or non-Cyrillic token: the start of a proper name."""
    return token[:1] in QUOTES or token[:1].isupper() or not is_cyrillic(token[:1])


def is_lower_cyrillic(token: str) -> bool:
    """True when the token starts with a lowercase Cyrillic letter."""
    return is_cyrillic(token[:1]) and token[:1].islower()


def is_cyrillic(ch: str) -> bool:
    """True for a Cyrillic character."""
    return "\u0400" <= ch <= "\u04ff"


def quoted_word(token: str) -> str | None:
    """The single Cyrillic word inside quotes ("«Известий»" -> "Известий"), else None."""
    inner = token[1:-1]
    if token[:1] in QUOTES and inner.isalpha() and is_cyrillic(inner[:1]):
        return inner
    return None


def _head(tokens: list[str], case: str) -> tuple[int, Any]:
    """(index, noun parse) of the head: the first noun in the case, or an abbreviation/name
    (its parse gives the gender adjectives agree with). Index len(tokens) when there is none."""
    for i, token in enumerate(tokens):
        word = (quoted_word(token) if i == 0 else None) or token
        if frozen(word):
            noun = next((p for p in parses(word) if p.tag.POS == "NOUN"), None)
            return i, noun if is_cyrillic(word[:1]) else None
        parse = parse_in_case(word, case)
        if parse is None:
            break
        if parse.tag.POS == "NOUN":
            return i, parse
    return len(tokens), None


def _agreeing_adjective(token: str, case: str, head: Any) -> Any:
    """The adjective's parse in the case and the head's gender or number, else None."""
    if head is None or frozen(token):
        return None
    plural = "plur" in head.tag
    gender = next((g for g in _GENDERS if g in head.tag), None)
    for parse in parses(token):
        if parse.tag.POS not in ("ADJF", "PRTF") or case not in parse.tag:
            continue
        if ("plur" in parse.tag) == plural and (plural or gender is None or gender in parse.tag):
            return parse
    return None


def _name_after_head(token: str, parse: Any, case: str, chain: bool) -> bool:
    """After the head only a person's name is inflected: one right after the head (or the
    name's previous part), or one whose case is unambiguous ("Тамару", not "Токаева")."""
    if parse is None or not any(g in parse.tag for g in _PERSON):
        return False
    return chain or (case != "gent" and parse_in_case(token, "gent") is None)


def _inflected(word: str, parse: Any) -> str:
    inflected = parse.inflect({"nomn"}) if parse is not None else None
    return word if inflected is None else recase(word, str(inflected.word))
