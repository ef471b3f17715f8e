"""The threat taxonomy (threats.yaml): categories, their names, lemma patterns and damping cues."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from obzor.nlp.morph import WORD, lemma
from obzor.text import fold
from obzor.yamldata import load_yaml

# The ids the issue fixes; the file may add sub-categories but must keep each of these.
CATEGORY_IDS = (
    "terrorism",
    "extremism",
    "separatism",
    "drug_trafficking",
    "arms_trafficking",
    "organized_crime",
    "illegal_migration",
    "cyber",
    "emergency",
    "biosecurity",
    "armed_conflict",
    "humanitarian",
    "peacekeeping",
    "military_cooperation",
    "diplomacy",
)
LANGUAGES = ("ru", "en", "kk")
# The languages a category has a human name in (the UI and the brief show these).
NAME_LANGUAGES = ("en", "ru")
# A letter only Kazakh writes: such a word is Kazakh, and pymorphy3 (Russian) would mangle it
# ("анықталмаған" -> "анықталмағать", "миссиясына" -> "миссиясын"), so it is only lowercased.
_KAZAKH_LETTER = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# A strong pattern is evidence alone; a context pattern only supports other evidence.
STRONG, CONTEXT = "strong", "context"


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and the bad entry."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern: lemmas (or prefixes ending in "*") in order; name says which rule fired."""

    name: str
    category: str
    words: tuple[str, ...]
    kind: str = STRONG  # STRONG or CONTEXT


@dataclass(frozen=True, slots=True)
class Category:
    """A threat category with its names, description and the ids of its sub-categories."""

    id: str
    name: str
    description: str
    subcategories: tuple[str, ...]
    names: tuple[tuple[str, str], ...] = ()  # (language, human name)

    def label(self, language: str = "en") -> str:
        """The human name in a language ("ru", "en"); English, then the id, as fallbacks."""
        found = dict(self.names)
        return found.get(language) or found.get("en") or self.name or self.id


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Categories, their rules, and the negation and historical cues (also rules)."""

    categories: tuple[Category, ...]
    rules: tuple[Rule, ...]
    negation: tuple[Rule, ...]
    historical: tuple[Rule, ...]
    exclusions: tuple[Rule, ...] = ()  # other senses: Rule.category is the category they void

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)

    def label(self, category: str, language: str = "en") -> str:
        """A category's human name; an unknown id is returned as it is."""
        for c in self.categories:
            if c.id == category:
                return c.label(language)
        return category


def category_label(category: str, language: str = "en") -> str:
    """The shipped taxonomy's human name for a category id, in "ru" or "en" (English as the
    fallback); an unknown id is returned as it is. Read from threat_names.json, the names of
    threats.yaml (a test keeps them equal): showing a label loads neither PyYAML nor the
    patterns, whose compiling lemmatizes them (about 40 ms and pymorphy3 for a brief)."""
    names = _shipped_names().get(category)
    if not names:
        return category
    return names.get(language) or names.get("en") or category


@lru_cache(maxsize=1)
def _shipped_names() -> dict[str, dict[str, str]]:
    """Each shipped category's human names by language, from threat_names.json."""
    source = resources.files("obzor.taxonomy").joinpath("threat_names.json")
    names: dict[str, dict[str, str]] = json.loads(source.read_text("utf-8"))
    return names


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The shipped taxonomy, loaded and validated once per process."""
    source = resources.files("obzor.taxonomy").joinpath("threats.yaml")
    return parse_taxonomy(load_yaml(source.read_text("utf-8")), "threats.yaml")


def load_taxonomy(path: Path) -> Taxonomy:
    """A taxonomy from a YAML file; TaxonomyError says what is wrong."""
    import yaml

    try:
        data = load_yaml(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise TaxonomyError(f"{path}: cannot read taxonomy: {e}") from e
    return parse_taxonomy(data, str(path))


def parse_taxonomy(data: Any, source: str) -> Taxonomy:
    """Validate parsed YAML and compile its patterns into lemma rules."""
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise TaxonomyError(f"{source}: expected a mapping with a 'categories' list")
    categories: list[Category] = []
    rules: list[Rule] = []
    exclusions: list[Rule] = []
    for i, item in enumerate(data["categories"]):
        where = f"{source}: categories[{i}]"
        if not isinstance(item, dict):
            raise TaxonomyError(f"{where}: expected a mapping")
        cid = _text(item, "id", where)
        if cid in {c.id for c in categories}:
            raise TaxonomyError(f"{where}: duplicate id {cid!r}")
        subs: list[str] = []
        rules += _rules(item.get("patterns"), cid, cid, f"{where} ({cid})")
        rules += _optional(item.get("context"), cid, cid, f"{where} ({cid}) context", CONTEXT)
        exclusions += _optional(item.get("not"), cid, f"{cid} not", f"{where} ({cid}) not")
        for j, sub in enumerate(item.get("subcategories") or []):
            swhere = f"{where} ({cid}) subcategories[{j}]"
            if not isinstance(sub, dict):
                raise TaxonomyError(f"{swhere}: expected a mapping")
            sid = _text(sub, "id", swhere)
            _text(sub, "description", swhere)
            if sid in subs:
                raise TaxonomyError(f"{swhere}: duplicate sub-category {sid!r}")
            subs.append(sid)
            rules += _rules(sub.get("patterns"), cid, f"{cid}/{sid}", swhere)
            rules += _optional(sub.get("context"), cid, f"{cid}/{sid}", swhere, CONTEXT)
        categories.append(
            Category(
                cid,
                _text(item, "name", where),
                _text(item, "description", where),
                tuple(subs),
                _names(item.get("names"), where),
            )
        )
    missing = [c for c in CATEGORY_IDS if c not in {cat.id for cat in categories}]
    if missing:
        raise TaxonomyError(f"{source}: missing categories {missing}")
    return Taxonomy(
        tuple(categories),
        tuple(rules),
        tuple(_rules(data.get("negation"), "negation", "negation", f"{source}: negation")),
        tuple(_rules(data.get("historical"), "historical", "historical", f"{source}: historical")),
        tuple(exclusions),
    )


def rule_key(word: str) -> str:
    """The form rules match a word by: its lemma, or a Kazakh word lowercased as written."""
    if _KAZAKH_LETTER.search(word):
        return word.lower()
    return lemma(word)


def compile_pattern(pattern: str) -> tuple[str, ...]:
    """Pattern words as rule keys (rule_key); a word ending in "*" stays a lowercase prefix."""
    words: list[str] = []
    for word in pattern.split():
        stem = word[:-1] if word.endswith("*") else word
        if not stem or WORD.fullmatch(stem) is None:
            raise ValueError(f"pattern {pattern!r}: {word!r} is not one word")
        words.append(fold(stem) + "*" if word.endswith("*") else rule_key(stem))
    if not words:
        raise ValueError("empty pattern")
    return tuple(words)


def _names(names: Any, where: str) -> tuple[tuple[str, str], ...]:
    if names is None:
        return ()
    if not isinstance(names, dict) or not all(
        isinstance(v, str) and v.strip() and k in NAME_LANGUAGES for k, v in names.items()
    ):
        raise TaxonomyError(f"{where}: 'names' must map {NAME_LANGUAGES} to non-empty names")
    return tuple((k, v.strip()) for k, v in names.items())


def _optional(
    patterns: Any, category: str, name: str, where: str, kind: str = STRONG
) -> list[Rule]:
    return [] if patterns is None else _rules(patterns, category, name, where, kind)


def _rules(patterns: Any, category: str, name: str, where: str, kind: str = STRONG) -> list[Rule]:
    if not isinstance(patterns, dict) or not patterns:
        raise TaxonomyError(f"{where}: 'patterns' must map ru/en to lists of patterns")
    rules: list[Rule] = []
    for lang, items in patterns.items():
        if lang not in LANGUAGES or not isinstance(items, list) or not items:
            raise TaxonomyError(f"{where}: {lang!r} must be one of {LANGUAGES} with a list")
        for pattern in items:
            if not isinstance(pattern, str):
                raise TaxonomyError(f"{where}: pattern {pattern!r} is not a string")
            try:
                rules.append(Rule(f"{name}: {pattern}", category, compile_pattern(pattern), kind))
            except ValueError as e:
                raise TaxonomyError(f"{where}: {e}") from e
    return rules


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()
