"""The records that flow through obzor: Document -> Article, and Failure.

An Article holds typed findings: Mentions, Quotes, Events (with Participants) and Threats, each
with its Evidence in the text. Dicts appear only at the JSON edge: to_json() / from_json().
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from obzor.text import fold

if TYPE_CHECKING:  # the calendar's own type; its module needs this one
    from obzor.calendar.reports import Report


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mention:
        return cls(
            data["text"],
            data["type"],
            int(data["start"]),
            int(data["end"]),
            data["name"],
            data.get("id"),
            data.get("resolved_by"),
        )


@dataclass(slots=True)
class Evidence:
    """The stretch of Article.text that supports a finding; text == Article.text[start:end]."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Evidence:
        return cls(int(data["start"]), int(data["end"]), str(data.get("text", "")))


@dataclass(slots=True)
class Quote:
    """A quote and its speaker (None: an unnamed source); offsets index Article.text."""

    text: str
    start: int
    end: int
    direct: bool
    speaker: str | None = None
    speaker_id: str | None = None  # the speaker's knowledge-base id

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "direct": self.direct,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        return cls(
            data["text"],
            int(data["start"]),
            int(data["end"]),
            bool(data["direct"]),
            data.get("speaker"),
            data.get("speaker_id"),
        )


@dataclass(slots=True)
class Participant:
    """An entity taking part in an event: its normalized name and knowledge-base id."""

    name: str
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "id": self.id}


# The fields every event has in its JSON form; anything else is a type's own (Event.extra).
_EVENT_KEYS = frozenset(
    {"type", "name", "date", "date_end", "date_precision", "place", "participants", "evidence"}
)


@dataclass(slots=True)
class Event:
    """A typed event; dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD) or None, never invented."""

    type: str
    name: str
    evidence: Evidence  # the sentence that reports it
    date: str | None = None
    date_end: str | None = None
    date_precision: str | None = None  # "day", "month", "year", ...; None when undated
    place: str | None = None
    participants: list[Participant] = field(default_factory=list)
    # A type's own fields, as docs/events.md lists them: aid {amount, recipient}, chairmanship
    # {chair, organization}, a statistic's figure {value, counts}.
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "date": self.date,
            "date_end": self.date_end,
            "date_precision": self.date_precision,
            "place": self.place,
            "participants": [p.to_json() for p in self.participants],
            "evidence": self.evidence.to_json(),
            **self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        return cls(
            data["type"],
            data["name"],
            Evidence.from_json(data["evidence"]),
            data.get("date"),
            data.get("date_end"),
            data.get("date_precision"),
            data.get("place"),
            [Participant(p["name"], p.get("id")) for p in data.get("participants") or []],
            {k: v for k, v in data.items() if k not in _EVENT_KEYS},
        )


@dataclass(slots=True)
class Threat:
    """A threat category of the taxonomy with its score (0-1) and best supporting sentences."""

    category: str
    score: float
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "score": self.score,
            "evidence": [e.to_json() for e in self.evidence],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Threat:
        evidence = [Evidence.from_json(e) for e in data.get("evidence") or []]
        return cls(data["category"], float(data["score"]), evidence)


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
    quotes: list[Quote] = field(default_factory=list)
    threats: list[Threat] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    lemmas: str = ""  # space-joined lemmas of the body, for the search index
    title_lemmas: str = ""  # the same of the title
    # What the article says of calendar events (the calendar stage); the store files them.
    calendar: list[Report] = field(default_factory=list)

    def index_lemmas(self) -> tuple[str, str]:
        """The title's and the body's lemma text for the search index: the lemmas stage's,
        or made now (Kazakh-aware, as that stage does) for an article stored unanalysed."""
        title, body = self.title_lemmas, self.lemmas
        if not body or (self.title and not title):
            from obzor.nlp.morph import lemmatize

            title = title or lemmatize(self.title or "", self.language)
            body = body or lemmatize(self.text, self.language)
        return title, body

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
            "quotes": [q.to_json() for q in self.quotes],
            "threats": [t.to_json() for t in self.threats],
            "events": [e.to_json() for e in self.events],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        """The Article of a to_json() answer (a store's get() too: its extra keys are ignored)."""
        return cls(
            source=data["source"],
            text=data["text"],
            title=data.get("title"),
            published=data.get("published"),
            outlet=data.get("outlet"),
            url=data.get("url"),
            ext_id=data.get("ext_id"),
            credited_sources=list(data.get("credited_sources") or []),
            dateline=data.get("dateline"),
            language=data.get("language"),
            entities=[Mention.from_json(m) for m in data.get("entities") or []],
            quotes=[Quote.from_json(q) for q in data.get("quotes") or []],
            threats=[Threat.from_json(t) for t in data.get("threats") or []],
            events=[Event.from_json(e) for e in data.get("events") or []],
        )


_SPACE = re.compile(r"\s+")


def content_hash(title: str, text: str) -> str:
    """SHA-256 over title and text with whitespace collapsed, case folded and ё as е."""
    norm = fold(_SPACE.sub(" ", f"{title}\n{text}").strip())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
