"""The source registry: what to follow (feeds, sitemaps, page lists, Telegram), and how often."""

from __future__ import annotations

from obzor.sources.kinds import KINDS, detect_kind
from obzor.sources.registry import AFFILIATIONS, GRADES, Source, SourceError, make_source
from obzor.sources.yamlfile import load_sources

__all__ = [
    "AFFILIATIONS",
    "GRADES",
    "KINDS",
    "Source",
    "SourceError",
    "detect_kind",
    "load_sources",
    "make_source",
]
