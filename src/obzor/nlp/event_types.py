"""The event taxonomy of events.yaml: types, their trigger patterns and flags, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.nlp.amounts import NUMBER
from obzor.yamldata import load_yaml

TITLE_MODES = (None, "optional", "required")
# The word of a price per unit: "долларов за тысячу кубометров", "euros per tonne".
PER = r"(?:за|per|a)"


@dataclass(frozen=True, slots=True)
class EventType:
    """One event type: id, description, named trigger patterns and how to fill its fields."""

    id: str
    description: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    place: bool = False
    merge: bool = False
    title: str | None = None
    period: bool = False
    named: frozenset[str] = frozenset()  # pattern ids whose names must be capitalized
    own_name: frozenset[str] = frozenset()  # pattern ids that match a name: no title needed
    measures: frozenset[str] = frozenset()  # units whose next noun says what is measured


@lru_cache(maxsize=1)
def _raw_types() -> Any:
    return load_yaml(resources.files("obzor.nlp").joinpath("events.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def event_types() -> tuple[EventType, ...]:
    """events.yaml compiled once; a malformed file raises ValueError naming the problem."""
    return compile_types(_raw_types())


def event_type_ids() -> list[str]:
    """The type ids of events.yaml, without compiling its patterns (for CLI choices)."""
    raw = _raw_types()
    entries = raw.get("types") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return [t.id for t in event_types()]  # malformed: let the compiler say why
    return [str(e["id"]) for e in entries if isinstance(e, dict) and e.get("id")]


def compile_types(raw: Any) -> tuple[EventType, ...]:
    """Validate and compile an event-taxonomy mapping ({"types": [...]})."""
    if not isinstance(raw, dict) or not isinstance(raw.get("types"), list) or not raw["types"]:
        raise ValueError("event taxonomy: a mapping with a non-empty 'types' list is required")
    types: list[EventType] = []
    seen: set[str] = set()
    for entry in raw["types"]:
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("description"):
            raise ValueError("event taxonomy: every type needs an id and a description")
        tid = str(entry["id"])
        if tid in seen:
            raise ValueError(f"event taxonomy: duplicate type id {tid!r}")
        seen.add(tid)
        if entry.get("title") not in TITLE_MODES:
            raise ValueError(f"event taxonomy: {tid}: title must be one of {TITLE_MODES}")
        patterns = [_pattern(tid, p) for p in entry.get("patterns") or []]
        if entry.get("counted"):
            nouns = "|".join(re.escape(w) for w in str(entry["counted"]).split())
            # a range's upper figure counts ("не менее 50-60 миллионов тонн": 60 million); a
            # price per unit ("500 долларов за тысячу кубометров", "30 euros per tonne") none
            figure = (
                rf"(?:(?<![\d.,:/-])\d+(?:[.,]\d+)?\s*[-–]\s*(?=\d)|(?<![\d.,:/-]))"
                rf"{NUMBER}\s+(?P<what>(?:(?!{PER}\s)[^\W\d][\w-]*\s+){{0,3}}?(?:{nouns})\w*)"
            )
            patterns.append(("figure", re.compile(figure, re.IGNORECASE)))
        if not patterns:
            raise ValueError(f"event taxonomy: {tid}: no patterns and no 'counted' nouns")
        types.append(
            EventType(
                tid,
                str(entry["description"]),
                tuple(patterns),
                place=bool(entry.get("place")),
                merge=bool(entry.get("merge")),
                title=entry.get("title"),
                period=bool(entry.get("period")),
                named=frozenset(
                    str(p["id"]) for p in entry.get("patterns") or [] if p.get("named")
                ),
                own_name=frozenset(
                    str(p["id"]) for p in entry.get("patterns") or [] if p.get("own_name")
                ),
                measures=frozenset(str(entry.get("measures") or "").split()),
            )
        )
    return tuple(types)


def _pattern(tid: str, raw: Any) -> tuple[str, re.Pattern[str]]:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("regex"):
        raise ValueError(f"event taxonomy: {tid}: every pattern needs an id and a regex")
    regex = re.sub(r"\s+", "", str(raw["regex"]))
    try:
        return str(raw["id"]), re.compile(rf"\b(?:{regex})", re.IGNORECASE)
    except re.error as e:
        raise ValueError(f"event taxonomy: {tid}/{raw['id']}: bad regex: {e}") from e
