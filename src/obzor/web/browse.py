"""Entity search and browse (by name, type, country, KB id) and the pages' export downloads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import MAX_OFFSET, store
from obzor.api.exports import export_response
from obzor.export import FORMATS, KINDS
from obzor.kb.loader import KB, load_kb
from obzor.store.base import QueryError
from obzor.store.exports import NARROW
from obzor.web.forms import member
from obzor.web.pages import error_page, render, templates

router = APIRouter(include_in_schema=False)
PAGE = 50  # entities per browse page: a long list still fits a screen or two
TYPES = ("PER", "ORG", "LOC")


def states(kb: KB) -> list[tuple[str, str]]:
    """(id, Russian name) of every state in the KB, by name: the country filter's choices."""
    found = [(e.id, e.names.get("ru") or e.name) for e in kb.entries
             if e.facts.get("kind") == "state"]  # fmt: skip
    return sorted(found, key=lambda s: s[1])


def of_country(kb: KB, state: str) -> list[str]:
    """KB ids that belong to a state: the state, its agencies and places (state, part_of,
    capital_of) and the people holding or having held one of its offices."""
    found = {state}
    for e in kb.entries:
        links = (e.facts.get("state"), e.facts.get("part_of"), e.facts.get("capital_of"))
        if state in links or any(r.of == state for r in e.roles):
            found.add(e.id)
    return sorted(found)


def spellings(kb: KB, text: str) -> list[str]:
    """What to look for in entity names and keys: the text as typed, capitalized and
    casefolded (LIKE folds case in ASCII only), and the KB ids whose names or aliases
    contain it (Tokayev finds Касым-Жомарт Токаев)."""
    text = text.strip()
    if not text:
        return []
    folded = text.casefold()
    found = {text, text[:1].upper() + text[1:], folded}
    for e in kb.entries:
        if any(folded in s.casefold() for s in e.spellings()):
            found.add(e.id)
    return sorted(found)


@router.get("/entities")
def entities(
    request: Request,
    q: str = "",
    type: str = Query("", pattern="^(|PER|ORG|LOC)$"),
    country: str = "",
    kb: str = "",
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Response:
    if (denied := member(request)) is not None:
        return denied
    base = load_kb()
    ids: list[str] | None = None
    if country:
        ids = of_country(base, country)
    if kb.strip():
        ids = [i for i in (ids if ids is not None else [kb.strip()]) if i == kb.strip()]
    rows = store(request).find_entities(spellings(base, q) or None, type=type or None,
                                        kb_ids=ids, limit=PAGE + 1, offset=offset)  # fmt: skip

    def link(**change: Any) -> str:
        params = {"q": q, "type": type, "country": country, "kb": kb, **change}
        return "/entities?" + urlencode({k: v for k, v in params.items() if v})

    return render(
        request, "entities.html", items=rows[:PAGE], more=len(rows) > PAGE, offset=offset,
        page=PAGE, link=link, q=q, type=type, country=country, kb=kb, types=TYPES,
        countries=states(base),
    )  # fmt: skip


@router.get("/export")
def export(
    request: Request,
    format: str = Query(pattern="^(" + "|".join(FORMATS) + ")$"),
    kind: str = Query("articles", pattern="^(" + "|".join(KINDS) + ")$"),
    q: str = "",
    exact: bool = False,
) -> Response:
    """The download behind the export buttons of the search, story and entity pages."""
    if (denied := member(request)) is not None:
        return denied
    raw = {k: request.query_params.get(k) for k in ("threat", "entity", "date_from", *NARROW)}
    story = raw.pop("story", None)
    try:
        filters = queries.clean_filters(raw)
        narrow = {k: v for k, v in filters.items() if k in NARROW}
        if story:
            narrow["story"] = str(int(story))
        return export_response(
            store(request), format, kind, q.strip() or None, filters.get("threat"),
            filters.get("entity"), filters.get("date_from"), exact, narrow,
        )  # fmt: skip
    except (QueryError, ValueError) as e:
        return error_page(request, 400, str(e))


def export_link(fmt: str, q: str = "", **filters: Any) -> str:
    """The URL of an export button: the page's query and filters in one format."""
    params = {"format": fmt, "q": q, **filters}
    return "/export?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


templates.env.globals["export_link"] = export_link
