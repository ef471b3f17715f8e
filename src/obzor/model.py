"""The records that flow through obzor: Document -> Article (with Mentions), and Failure."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Document:
    """A raw input item as a reader produced it, before cleaning."""

    source: str
    kind: str  # "text" (scraped page text), "html", "record" (structured: jsonl)
    content: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Failure:
    """An input that could not be read; reported and counted, never fatal."""

    source: str
    reason: str
    # Where it failed: "read" (the file or record), "clean" (no text, a cleaner's error) or
    # "analyze" (a pipeline error: the input is fine, so a watch retries it next poll).
    stage: str = "read"


# What an entity can be: person, organization, place, event (exercise, operation), document.
ENTITY_TYPES = ("PER", "ORG", "LOC", "EVENT", "DOC")


@dataclass(slots=True)
class Mention:
    """One entity mention; offsets index Article.text."""

    text: str
    type: str
    start: int
    end: int
    name: str
    id: str | None = None
    # How a mention that NER did not produce was found: "gazetteer", "role", "pronoun"
    # or "anaphor"; None for plain NER mentions. Serialized only when set.
    resolved_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "id": self.id,
        }
        if self.resolved_by:
            data["resolved_by"] = self.resolved_by
        return data


@dataclass(slots=True)
class Article:
    """A cleaned and analyzed news item; to_json() is the public analyze contract."""

    source: str
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    ext_id: str | None = None
    credited_sources: list[str] = field(default_factory=list)
    dateline: str | None = None
    language: str | None = None
    entities: list[Mention] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    threats: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    lemmas: str = ""  # space-joined lemmas of the body, for the search index

    @property
    def content_hash(self) -> str:
        """Identity for idempotent ingest: hash of the normalized title and text."""
        return content_hash(self.title or "", self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "credited_sources": list(self.credited_sources),
            "dateline": self.dateline,
            "language": self.language,
            "url": self.url,
            "text": self.text,
            "entities": [m.to_json() for m in self.entities],
            "quotes": list(self.quotes),
            "threats": list(self.threats),
            "events": list(self.events),
        }


_SPACE = re.compile(r"\s+")


def content_hash(title: str, text: str) -> str:
    """SHA-256 over title and text with whitespace collapsed, case folded and ё as е."""
    norm = _SPACE.sub(" ", f"{title}\n{text}").strip().casefold().replace("ё", "е")
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
