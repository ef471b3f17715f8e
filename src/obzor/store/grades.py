"""Which registered source vouches for an article, and its Admiralty grade (the brief's and
the story page's "B2")."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select

from obzor.nlp.translit import skeleton
from obzor.store.portable import Rows
from obzor.store.schema import articles as art
from obzor.store.schema import outlets, source_items, sources

CHUNK = 500  # ids per query: well under SQLite's bound-parameter limit
# Hosts that serve many unrelated sources: an article's host there says nothing about which.
SHARED_HOSTS = frozenset({"t.me", "telegram.me", "news.google.com"})


def host(url: str | None) -> str:
    """The host of a URL without "www." ("" when there is none)."""
    if not url:
        return ""
    name = (urlsplit(url).hostname or "").casefold()
    return name.removeprefix("www.")


def _named(by_name: dict[str, str], outlet: str | None) -> str | None:
    """The grade of the source an outlet is named for, in any script and case: "ТАСС" is the
    source "tass", "РИА Новости" the source "ria" (its first word)."""
    if not outlet:
        return None
    name = skeleton(outlet)
    return by_name.get(name) or by_name.get(name.split(" ", 1)[0])


class GradesMixin(Rows):
    """The store verb behind source reliability in stories, the brief and the dashboard."""

    def source_grades(self, article_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Each article's outlet and the reliability (A-F) of the registered source it comes
        from: the source it was watched from, else the source named as its outlet (in any
        script: ТАСС is tass), else the one whose feed is on its URL's host; reliability None
        when no source vouches for it."""
        registry = self._all(select(sources.c.name, sources.c.location, sources.c.reliability))
        by_name = {skeleton(str(n)): r for n, _, r in registry}
        by_host = {host(loc): r for _, loc, r in registry if host(loc) not in SHARED_HOSTS}
        by_host.pop("", None)
        found: dict[int, dict[str, Any]] = {}
        ids = sorted(set(article_ids))
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            watched_from = (
                select(func.min(sources.c.reliability))
                .select_from(source_items.join(sources, sources.c.id == source_items.c.source_id))
                .where(source_items.c.article_id == art.c.id)
                .scalar_subquery()
            )
            rows = self._all(
                select(art.c.id, art.c.url, outlets.c.name, watched_from)
                .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
                .where(art.c.id.in_(part))
            )
            for article_id, url, outlet, watched in rows:
                letter = watched or _named(by_name, outlet) or by_host.get(host(url))
                found[int(article_id)] = {"outlet": outlet, "reliability": letter}
        return found
