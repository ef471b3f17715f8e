"""Structured records (JSON Lines): declared fields first, the text's own evidence after."""

from __future__ import annotations

from obzor.clean.boilerplate import strip_furniture
from obzor.clean.dates import parse_date
from obzor.clean.language import detect_language
from obzor.clean.metadata import text_metadata
from obzor.clean.text import join_paragraphs, normalize_line, paragraphs
from obzor.model import Article, Document


def clean_record(doc: Document) -> Article:
    """An Article from a record: declared title, url, published, outlet, language and id win."""
    fields = doc.fields
    paras = strip_furniture(paragraphs(doc.content))
    declared_outlet = _field(fields, "outlet")
    found = text_metadata(paras)
    text = join_paragraphs(paras)
    published = _field(fields, "published")
    return Article(
        source=doc.source,
        text=text,
        title=_field(fields, "title"),
        published=parse_date(published) if published else None,
        outlet=declared_outlet or found.outlet,
        url=_field(fields, "url"),
        ext_id=_field(fields, "id"),
        credited_sources=_credits(_field(fields, "forwarded_from"), found.credited),
        dateline=found.dateline,
        language=_field(fields, "language") or detect_language(text),
    )


def _field(fields: dict[str, str], name: str) -> str | None:
    value = normalize_line(fields.get(name) or "")
    return value or None


def _credits(forwarded_from: str | None, found: list[str]) -> list[str]:
    """A forwarded post (Telegram) is a reprint: the channel it came from is credited first."""
    if not forwarded_from:
        return found
    return [forwarded_from, *(name for name in found if name != forwarded_from)]
