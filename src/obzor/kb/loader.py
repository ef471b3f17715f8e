"""The regional knowledge base: YAML entries with ids, names, aliases and roles, loaded once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from obzor.kb.keys import name_forms, phrase_caps, phrase_key, surface_key
from obzor.nlp.translit import kk_latin
from obzor.yamldata import load_yaml

_KAZAKH = re.compile("[әғқңөұүһі]", re.IGNORECASE)  # a Kazakh spelling, not a Russian one

KB_DIR = Path(__file__).parent
ENTRY_FILES = ("states.yaml", "orgs.yaml", "people.yaml", "operations.yaml")
TYPES = frozenset({"PER", "ORG", "LOC", "EVENT", "DOC"})
FACTS = ("kind", "part_of", "state", "capital_of", "organiser", "gender")


class KBError(ValueError):
    """The knowledge base data is invalid: the message names the file and entry."""


@dataclass(frozen=True, slots=True)
class Role:
    """An office a person held: title (roles.yaml), of (state or organisation id), dates."""

    title: str
    of: str
    start: str | None = None
    end: str | None = None

    def active(self, day: str | None) -> bool:
        """Held on day (YYYY-MM-DD); with no day, held now (no end date)."""
        if day is None:
            return self.end is None
        return (self.start or "") <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One real-world entity."""

    id: str
    type: str
    names: dict[str, str]
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    anaphors: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    quoted: bool = False
    facts: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @property
    def name(self) -> str:
        """The canonical Russian name."""
        return self.names["ru"]

    def spellings(self) -> Iterator[str]:
        """Every declared name and alias."""
        yield from dict.fromkeys([*self.names.values(), *self.aliases])


@dataclass(frozen=True, slots=True)
class RoleRule:
    """Phrases that name a person by office, and the role titles they mean."""

    id: str
    phrases: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Key:
    """One way to write an entry: its word keys and how each word must be capitalized."""

    entry: str
    caps: tuple[int, ...]


class KB:
    """Entries by id and by the lemma keys of their names, aliases and name forms."""

    def __init__(
        self,
        entries: Iterable[Entry],
        roles: Iterable[RoleRule] = (),
        index: tuple[Any, ...] | None = None,
    ) -> None:
        """Index the entries; `index` (keys, surface, adjectives, anaphors by entry id), as
        kb/cache.py reads it from disk, is taken as it is instead."""
        self.entries = tuple(entries)
        self.roles = tuple(roles)
        self._by_id: dict[str, Entry] = {}
        self.keys: dict[tuple[str, ...], Key] = {}  # lemma keys -> entry
        self.surface: dict[tuple[str, ...], Key] = {}  # exact casefolded forms -> entry
        self.adjectives: dict[str, str] = {}  # adjective lemma -> state id
        self.anaphors: dict[tuple[str, ...], list[Entry]] = {}  # "Организация" -> ОДКБ, ШОС...
        # A name's word -> its query keys and its word_key, kept in the index file (kb/cache.py).
        self.query_keys: dict[str, tuple[str, ...]] = {}
        self.word_keys: dict[str, str] = {}
        for entry in self.entries:
            if entry.id in self._by_id:
                raise KBError(f"duplicate id {entry.id!r}")
            self._by_id[entry.id] = entry
        if index is not None:
            self.keys, self.surface, self.adjectives, by_id = index
            self.anaphors = {k: [self._by_id[i] for i in ids] for k, ids in by_id.items()}
            return
        for entry in self.entries:
            self._index(entry)

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None."""
        return self._by_id.get(entry_id)

    def lookup(self, text: str) -> Entry | None:
        """The entry a name, alias, inflected form or state adjective refers to, or None."""
        key = phrase_key(text)
        found = self.keys.get(key) or self.surface.get(surface_key(text))
        if found is None and len(key) == 1 and key[0] in self.adjectives:
            return self._by_id[self.adjectives[key[0]]]
        return None if found is None else self._by_id[found.entry]

    def holders(self, titles: Iterable[str], of: str | None, day: str | None) -> list[Entry]:
        """People holding one of titles (of one state/organisation, if given) on day."""
        wanted = set(titles)
        return [
            e
            for e in self.entries
            if any(r.title in wanted and of in (None, r.of) and r.active(day) for r in e.roles)
        ]

    def _index(self, entry: Entry) -> None:
        for spelling in entry.spellings():
            self._add(self.keys, phrase_key(spelling), Key(entry.id, phrase_caps(spelling)), True)
            if entry.type == "PER" or (entry.type == "LOC" and " " not in spelling):
                self._add_forms(entry, spelling)
        # Kazakh in the 2021 Latin alphabet ("Qasym-Jomart Toqaev"): linked like the Cyrillic.
        for kazakh in [entry.names["kk"], *(a for a in entry.aliases if _KAZAKH.search(a))]:
            latin = kk_latin(kazakh)
            if latin != kazakh:
                self._add(self.keys, phrase_key(latin), Key(entry.id, phrase_caps(latin)), False)
        for anaphor in entry.anaphors:
            self.anaphors.setdefault(phrase_key(anaphor), []).append(entry)
        for form in entry.forms:
            self._add(self.surface, surface_key(form), Key(entry.id, phrase_caps(form)), True)
        for adjective in entry.adjectives:
            self.adjectives[adjective] = entry.id
            # "белорусская сторона", "казахстанской стороне": the state speaking.
            self._add(self.keys, (adjective, "сторона"), Key(entry.id, (0, 0)), True)

    def _add_forms(self, entry: Entry, spelling: str) -> None:
        words = spelling.split()
        default = "f" if entry.type == "LOC" and spelling.endswith(("а", "я")) else "m"
        gender = entry.facts.get("gender", default)
        per_word = [name_forms(w, gender) for w in words]
        if any(len(forms) > 1 for forms in per_word):
            for case in range(1, 6):
                form = " ".join(f[case] if len(f) > 1 else f[0] for f in per_word)
                self._add(self.keys, phrase_key(form), Key(entry.id, phrase_caps(form)), False)

    def _add(
        self, index: dict[tuple[str, ...], Key], key: tuple[str, ...], value: Key, strict: bool
    ) -> None:
        if not key:
            raise KBError(f"{value.entry}: a name or alias has no words")
        old = index.get(key)
        if old is None:
            index[key] = value
        elif old.entry != value.entry and strict:
            raise KBError(f"{' '.join(key)!r} names both {old.entry} and {value.entry}")


def load_entries(path: Path) -> list[Entry]:
    """Entries of one YAML file; a KBError names the file and entry for bad data."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise KBError(f"{path.name}: expected a list of entries")
    return [entry_from_raw(path.name, raw) for raw in data]


def entry_from_raw(where: str, raw: Any) -> Entry:
    """One entry of a YAML file's data, validated; a KBError names the file and entry."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise KBError(f"{where}: an entry without an id: {raw!r}")
    where = f"{where}: {raw['id']}"
    names = raw.get("names")
    if not isinstance(names, dict) or set(names) != {"ru", "en", "kk"}:
        raise KBError(f"{where}: names must give ru, en and kk")
    if raw.get("type") not in TYPES:
        raise KBError(f"{where}: type must be one of {sorted(TYPES)}")
    if not raw.get("source"):
        raise KBError(f"{where}: no source")
    roles = tuple(
        Role(r["title"], r["of"], _day(r.get("from")), _day(r.get("to")))
        for r in raw.get("roles", ())
    )
    return Entry(
        id=raw["id"],
        type=raw["type"],
        names={k: str(v) for k, v in names.items()},
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        adjectives=tuple(str(a) for a in raw.get("adjectives", ())),
        forms=tuple(str(f) for f in raw.get("forms", ())),
        anaphors=tuple(str(a) for a in raw.get("anaphors", ())),
        roles=roles,
        quoted=bool(raw.get("quoted", False)),
        facts={k: str(raw[k]) for k in FACTS if k in raw},
        source=str(raw["source"]),
    )


def _day(value: Any) -> str | None:
    return None if value is None else str(value)  # YAML reads 2019-03-20 as a date


def load_roles(path: Path) -> list[RoleRule]:
    """Role rules of roles.yaml."""
    data = load_yaml(path.read_text(encoding="utf-8"))
    return [role_rule(r) for r in data if isinstance(r, dict)]


def role_rule(raw: dict[str, Any]) -> RoleRule:
    """One rule of roles.yaml's data."""
    return RoleRule(raw["id"], tuple(raw["phrases"]), tuple(raw["titles"]))


@lru_cache(maxsize=1)
def load_kb(directory: Path = KB_DIR) -> KB:
    """The knowledge base shipped with obzor (loaded once per process, from its index on
    disk when that matches the YAML: kb/cache.py)."""
    from obzor.kb.cache import load_cached

    return load_cached(directory)
