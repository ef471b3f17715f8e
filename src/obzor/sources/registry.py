"""A Source: one outlet or channel to follow, validated when made."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obzor.sources.kinds import KINDS

# Admiralty (NATO) source reliability: A completely reliable ... E unreliable, F cannot be judged.
GRADES = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
AFFILIATIONS = ("state", "independent", "international")
# Polling a source more often than once a minute is abuse; more rarely than weekly is not watching.
MIN_INTERVAL_S, MAX_INTERVAL_S = 60, 7 * 24 * 3600
_NAME = re.compile(r"^[\w][\w .:@+-]{0,79}$")


class SourceError(ValueError):
    """A source definition that cannot be used; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Source:
    """One source: name, kind, URL or path, and who it is (country, language, grade, owner)."""

    name: str
    kind: str
    location: str
    country: str | None = None
    language: str | None = None
    reliability: str = "F"
    affiliation: str | None = None
    interval_s: int = 900

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "location": self.location,
            "country": self.country,
            "language": self.language,
            "reliability": self.reliability,
            "affiliation": self.affiliation,
            "interval_s": self.interval_s,
        }

    @property
    def is_url(self) -> bool:
        return self.location.lower().startswith(("http://", "https://"))


def make_source(
    name: str,
    kind: str,
    location: str,
    *,
    country: str | None = None,
    language: str | None = None,
    reliability: str | None = None,
    affiliation: str | None = None,
    interval_s: int | None = None,
    default_interval_s: int = 900,
) -> Source:
    """A validated Source; raises SourceError naming the bad field."""
    name = " ".join(str(name).split())
    if not _NAME.match(name):
        raise SourceError(
            f"bad name {name!r}: 1-80 letters, digits, spaces or . : @ + - _, not starting with"
            " a sign"
        )
    if kind not in KINDS:
        raise SourceError(f"{name}: unknown kind {kind!r}; one of {', '.join(KINDS)}")
    location = str(location).strip()
    if not location:
        raise SourceError(f"{name}: no URL or path given")
    grade = (reliability or "F").strip().upper()
    if grade not in GRADES:
        raise SourceError(f"{name}: reliability {reliability!r} is not an Admiralty grade A-F")
    if affiliation is not None and affiliation not in AFFILIATIONS:
        raise SourceError(
            f"{name}: affiliation {affiliation!r} is not one of {', '.join(AFFILIATIONS)}"
        )
    interval = default_interval_s if interval_s is None else interval_s
    if not isinstance(interval, int) or not MIN_INTERVAL_S <= interval <= MAX_INTERVAL_S:
        raise SourceError(
            f"{name}: interval {interval!r} s outside {MIN_INTERVAL_S}-{MAX_INTERVAL_S} s"
        )
    return Source(
        name=name,
        kind=kind,
        location=location,
        country=_code(country, name, "country", 2),
        language=_code(language, name, "language", 2),
        reliability=grade,
        affiliation=affiliation,
        interval_s=interval,
    )


def check_remote_location(location: str, folders: str) -> None:
    """SourceError unless location is an http(s) URL or a file inside an allowed folder.

    For sources registered over the network (the API): a local path from there could read
    any file the server can. folders is the source_folders setting (':'-separated).
    """
    if location.strip().lower().startswith(("http://", "https://")):
        return
    target = Path(location).expanduser().resolve()
    for folder in filter(None, folders.split(os.pathsep)):
        if target.is_relative_to(Path(folder).expanduser().resolve()):
            return
    raise SourceError(
        "local paths are registered only with `obzor sources add` on the server, or inside a"
        " folder named in the source_folders setting (OBZOR_SOURCE_FOLDERS); give an http(s) URL"
    )


def _code(value: str | None, name: str, what: str, size: int) -> str | None:
    if value is None or not str(value).strip():
        return None
    code = str(value).strip().lower()
    if len(code) != size or not code.isalpha() or not code.isascii():
        raise SourceError(f"{name}: {what} {value!r} must be a {size}-letter code (ru, kz, ...)")
    return code
