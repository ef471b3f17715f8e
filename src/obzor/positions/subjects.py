"""What a statement is about: threat categories, entities it names, else a key phrase.

`subjects(text, named, own)` is pure. Threat categories come from the threat taxonomy's rules
(a strong pattern in the statement's lemmas); entities from the mentions stored inside the
quote, rolled up to a region where subjects.yaml says so (Gaza -> the Middle East); the key
phrase is the statement's first content noun when nothing else is found.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.nlp.morph import lemma, parses, tokens
from obzor.nlp.threat_rules import default_rules
from obzor.taxonomy.threats import STRONG, category_label
from obzor.text import name_key
from obzor.yamldata import load_yaml

# Entity types a statement can be about; PER is kept (statements about a leader), DATE etc. not.
SUBJECT_TYPES = ("LOC", "ORG", "PER")
# A key phrase is a noun of at least this many letters: shorter nouns are "год", "ряд", "раз".
MIN_PHRASE_LETTERS = 5


@dataclass(frozen=True, slots=True)
class Named:
    """An entity named inside a statement: its name, type and knowledge-base id."""

    name: str
    type: str
    kb_id: str | None = None


@dataclass(frozen=True, slots=True)
class Subject:
    """A statement's subject: kind (threat, entity, phrase), a stable key and a label."""

    kind: str
    key: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key, "label": self.label}


# A statement with no threat, entity or Russian key phrase (an English one, a short one) is
# listed under this subject, so that no statement of an actor is left off the timeline.
OTHER = Subject("other", "other", "other statements")


@dataclass(frozen=True, slots=True)
class _Config:
    regions: dict[str, str]  # member KB id -> region KB id
    generic: frozenset[str]
    max_subjects: int
    plain_nouns: frozenset[str]


@lru_cache(maxsize=1)
def _config() -> _Config:
    source = resources.files("obzor.positions").joinpath("subjects.yaml")
    data: Any = load_yaml(source.read_text("utf-8"))
    regions = {
        member: str(region)
        for region, members in (data.get("regions") or {}).items()
        for member in members
    }
    return _Config(
        regions,
        frozenset(data.get("generic") or ()),
        int(data["max_subjects"]),
        frozenset(lemma(w) for w in data.get("plain_nouns") or ()),
    )


def _label(kb_id: str, fallback: str) -> str:
    from obzor.kb import load_kb

    entry = load_kb().get(kb_id)
    return entry.name if entry else fallback


def threat_subjects(lemmas: Sequence[str]) -> list[str]:
    """Threat categories with a strong (not only context) pattern in the lemmas, in text order."""
    found = default_rules().categories(lemmas)
    firsts = {
        category: min(hit.first for hit, _ in hits if hit.rule.kind == STRONG)
        for category, hits in found.items()
        if any(hit.rule.kind == STRONG for hit, _ in hits)
    }
    return sorted(firsts, key=lambda c: firsts[c])


def subjects(
    text: str, named: Sequence[Named], own: Collection[str] = (), language: str = "ru"
) -> list[Subject]:
    """A statement's subjects, most specific first: threat categories, then entities named in
    it (not those in own: the speaker and its own state), generic categories last; a key
    phrase when there is none of these, else OTHER (never an empty list)."""
    config = _config()
    words = [lemma(m.group()) for m in tokens(text)]
    threats = threat_subjects(words)
    found: list[Subject] = [
        Subject("threat", f"threat:{c}", category_label(c, language))
        for c in threats
        if c not in config.generic
    ]
    for entity in named:
        if entity.type not in SUBJECT_TYPES or (entity.kb_id and entity.kb_id in own):
            continue
        if entity.kb_id in config.regions:
            region = config.regions[entity.kb_id]
            found.append(Subject("entity", region, _label(region, region)))
        key = entity.kb_id or f"name:{name_key(entity.name)}"
        found.append(Subject("entity", key, entity.name))
    found += [
        Subject("threat", f"threat:{c}", category_label(c, language))
        for c in threats
        if c in config.generic
    ]
    first: dict[str, Subject] = {}
    for item in found:
        first.setdefault(item.key, item)
    unique = list(first.values())
    if not unique:
        phrase = key_phrase(text)
        return [Subject("phrase", f"phrase:{phrase}", phrase) if phrase else OTHER]
    return unique[: config.max_subjects]


def key_phrase(text: str) -> str | None:
    """The first common noun of the statement, as its lemma (the subject of last resort)."""
    for m in tokens(text):
        word = m.group()
        initial = text[: m.start()].rstrip()[-1:] in ("", ".", "!", "?", "«", '"')
        if len(word) < MIN_PHRASE_LETTERS or not word.isalpha():
            continue
        if word[:1].isupper() and not initial:  # a name: an entity, or nothing to group on
            continue
        if lemma(word) in _config().plain_nouns:
            continue
        best = parses(word.lower())[0] if any("а" <= c <= "я" for c in word.lower()) else None
        if best is not None and "NOUN" in best.tag and best.score > 0.3 and "Name" not in best.tag:
            return lemma(word)
    return None
