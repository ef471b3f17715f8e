"""Sources from YAML: a list (or a `sources:` key) of mappings with the Source fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from obzor.sources.kinds import detect_kind
from obzor.sources.registry import Source, SourceError, make_source
from obzor.yamldata import load_yaml

FIELDS = frozenset(
    {"name", "kind", "url", "path", "country", "language", "reliability", "affiliation"}
    | {"interval_s", "interval"}
)


def load_sources(path: Path, default_interval_s: int = 900) -> list[Source]:
    """Every source in a YAML file, validated; raises SourceError naming entry and field."""
    import yaml  # imported here: `obzor` starts without PyYAML

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read {path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"{path} is not valid YAML: {exc}") from None
    if isinstance(data, dict) and "sources" in data:
        data = data["sources"]
    if not isinstance(data, list):
        raise SourceError(f"{path}: expected a list of sources (or a 'sources:' list)")
    found: list[Source] = []
    names: set[str] = set()
    for number, entry in enumerate(data, 1):
        source = source_from_mapping(entry, f"{path} entry {number}", default_interval_s)
        if source.name in names:
            raise SourceError(f"{path} entry {number}: the name {source.name!r} is used twice")
        names.add(source.name)
        found.append(source)
    return found


def source_from_mapping(entry: Any, where: str, default_interval_s: int = 900) -> Source:
    """A Source from a mapping (YAML entry, API body); SourceError says where and why."""
    if not isinstance(entry, dict):
        raise SourceError(f"{where}: expected a mapping with name, url (or path), kind, ...")
    unknown = set(entry) - FIELDS
    if unknown:
        raise SourceError(f"{where}: unknown fields {sorted(unknown)}; known: {sorted(FIELDS)}")
    location = entry.get("url") or entry.get("path")
    name = entry.get("name")
    if not name or not location:
        raise SourceError(f"{where}: 'name' and 'url' (or 'path') are required")
    kind = entry.get("kind") or detect_kind(str(location))
    if kind is None:
        raise SourceError(f"{where}: cannot tell the kind of {location!r}; add 'kind:'")
    interval = entry.get("interval_s", entry.get("interval"))
    try:
        return make_source(
            str(name),
            str(kind),
            str(location),
            country=entry.get("country"),
            language=entry.get("language"),
            reliability=entry.get("reliability"),
            affiliation=entry.get("affiliation"),
            interval_s=interval,
            default_interval_s=default_interval_s,
        )
    except SourceError as exc:
        raise SourceError(f"{where}: {exc}") from None
