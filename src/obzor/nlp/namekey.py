"""One key per personal name in every case form: "Тасмагамбетову" and "Тасмагамбетов" meet.

pymorphy3 guesses unknown surnames form by form and disagrees with itself ("Тасмагамбетов" ->
"тасмагамбет", "Тасмагамбетову" -> "тасмагамбетов"), so a name's key is a stem cut by the
ordered rules of name_endings.yaml, from pymorphy3's nominative where it knows the name
(Surn/Name/Patr in its dictionary: "Павла" -> "павел") and from the word where it does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.text import fold
from obzor.yamldata import load_yaml

NAME_TAGS = frozenset({"Surn", "Name", "Patr"})
# A stem shorter than this is no name ("Ли", "Ван" keep their words).
MIN_STEM = 3
# Rules of name_endings.yaml whose words are cut as written, whatever pymorphy3 reads.
SURNAME_RULES = frozenset({"adjectival", "possessive"})


@dataclass(frozen=True, slots=True)
class Rule:
    """A named ending rule: the stem must end as `stem`, the word ends in one of `endings`."""

    name: str
    pattern: re.Pattern[str]
    key: str  # appended to the stem ("минск" + "ий": the adjective stays apart from Минск)


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled name_endings.yaml."""

    indeclinable: tuple[str, ...]
    rules: tuple[Rule, ...]


def _compile(raw: Any) -> Rules:
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise ValueError("name_endings.yaml: needs 'indeclinable' and a 'rules' list")
    rules = []
    for item in raw["rules"]:
        try:
            endings = sorted((str(e) for e in item["endings"]), key=len, reverse=True)
            alt = "|".join(re.escape(e) for e in endings if e)
            tail = f"(?:{alt})?" if "" in item["endings"] else f"(?:{alt})"
            pattern = re.compile(f"^(.*?{item['stem']}){tail}$")
            rules.append(Rule(str(item["name"]), pattern, str(item.get("key", ""))))
        except (KeyError, TypeError, re.error) as e:
            raise ValueError(f"name_endings.yaml: bad rule {item!r}: {e}") from e
    return Rules(tuple(str(e) for e in raw.get("indeclinable") or ()), tuple(rules))


@lru_cache(maxsize=1)
def rules() -> Rules:
    """name_endings.yaml compiled once; a malformed file raises ValueError naming the problem."""
    text = resources.files("obzor.nlp").joinpath("name_endings.yaml").read_text("utf-8")
    return _compile(load_yaml(text))


def stem(word: str) -> tuple[str, str]:
    """The key of one lowercase name word (no hyphen) and the rule that gave it."""
    table = rules()
    if word.endswith(table.indeclinable):
        return word, "indeclinable"
    for rule in table.rules:
        found = rule.pattern.match(word)
        if found and len(found.group(1)) >= MIN_STEM:
            return found.group(1) + rule.key, rule.name
    return word, "none"


def name_key(low: str, parses: Sequence[Any], initial: bool = False) -> str | None:
    """The key of a capitalized word (lowercased) read as a name, from pymorphy3's parses of
    it; None for a word to key by its lemma. A word shaped like a surname (-ов/-ев/-ин/-ын,
    -ский/-цкий and their endings) is cut as written, even where pymorphy3 knows a common noun
    ("Токаев": Tokaji wines), except opening a sentence ("Сотрудников полиции"); another name
    pymorphy3 knows is cut from its nominative ("Павла" -> "павел"); an unknown word as written.
    """
    # A surname reading first: "Токаев" is also the plural genitive of a first name Токай.
    names = sorted(
        (p for p in parses if NAME_TAGS & p.tag.grammemes), key=lambda p: "Surn" not in p.tag
    )
    known = any(p.is_known for p in parses)
    is_name = bool(names) and names[0].is_known
    if known and not is_name and (initial or not surname_shaped(low)):
        return None
    if known and is_name and not surname_shaped(low):
        if "Fixd" in names[0].tag.grammemes:
            return low  # Лукашенко, Шойгу: one form
        low = fold(str(names[0].normal_form))
    return "-".join(stem(part)[0] for part in low.split("-"))


def surname_shaped(word: str) -> bool:
    """Whether a word is a form of an -ов/-ев/-ин/-ын or -ский/-цкий name."""
    return stem(word.rpartition("-")[2])[1] in SURNAME_RULES
