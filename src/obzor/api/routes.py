"""REST endpoints over the store's read verbs: articles, search, entities, trends, stats."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import (
    MAX_OFFSET,
    ApiError,
    ArticleId,
    check_page,
    etag_json,
    page,
    require,
    store,
)
from obzor.api.deps import search as run_search

router = APIRouter(prefix="/api", dependencies=[Depends(require("viewer"))])
LIMIT = Query(20, description="Items per page (1-100).")
OFFSET = Query(0, le=MAX_OFFSET, description="Items to skip (at most 10^9).")


def filters(
    language: str | None = Query(None, description="Language code: ru, kk, en."),
    outlet: str | None = Query(None, description="Source (outlet) name."),
    entity: str | None = Query(None, description="An entity name, as in /api/entities."),
    country: str | None = Query(None, description="A country or place (LOC entity) name."),
    threat: str | None = Query(None, description="A threat category."),
    date_from: str | None = Query(None, description="Published on or after (YYYY-MM-DD)."),
    date_to: str | None = Query(None, description="Published on or before (YYYY-MM-DD)."),
) -> dict[str, Any]:
    """The filter parameters every listing takes, checked."""
    try:
        return queries.clean_filters(locals())
    except ValueError as e:
        raise ApiError(400, "bad_filter", str(e)) from e


Filters = Annotated[dict[str, Any], Depends(filters)]


@router.get("/articles", summary="List articles, newest first, with filters")
def list_articles(
    request: Request,
    f: Filters,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Response:
    check_page(limit, offset)
    items, total = store(request).list_articles(limit, offset, **f)
    return etag_json(request, page(items, total, limit, offset))


@router.get("/articles/{article_id}", summary="One article with entities, quotes, threats, events")
def get_article(request: Request, article_id: ArticleId) -> Response:
    article = store(request).get(article_id)
    if article is None:
        raise ApiError(404, "not_found", f"no article {article_id}")
    return etag_json(request, article)


@router.get("/search", summary="Full-text search (Russian lemmas) with filters and facets")
def search(
    request: Request,
    f: Filters,
    q: str = Query(..., description='Query: words, "phrases", AND/OR/NOT, ( ), prefix*.'),
    limit: int = LIMIT,
    offset: int = OFFSET,
    exact: bool = Query(False, description="Words only: CSTO does not also find ОДКБ."),
    sort: str = Query("relevance", pattern="^(relevance|date)$",
                      description="relevance (best match first) or date (newest first)."),
) -> Response:  # fmt: skip
    check_page(limit, offset)
    result = run_search(request, q, f, limit, offset, exact, sort)  # QueryError: 400
    body = page(result["items"], result["total"], limit, offset)
    answer = {**body, "query": q, "sort": sort, "filters": f, "facets": result["facets"]}
    return etag_json(request, answer)


@router.get("/entities", summary="Entities by the number of articles naming them; search them")
def entities(
    request: Request,
    type: str | None = Query(None, description="PER, ORG or LOC."),
    q: str = Query("", description="A name, any part, any KB name or alias (Tokayev)."),
    country: str = Query("", description="A KB state id (Q232): its people, bodies, places."),
    kb: str = Query("", description="A KB id (per:tokayev)."),
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Response:
    check_page(limit, offset)
    if q.strip() or country.strip() or kb.strip():
        from obzor.kb.find import entity_query

        names, ids = entity_query(q, country, kb)
        rows = store(request).find_entities(names, type=type, kb_ids=ids,
                                            limit=limit + 1, offset=offset)  # fmt: skip
        total = offset + len(rows)
        return etag_json(request, page(rows[:limit], total, limit, offset))
    rows = store(request).entities(type, limit=offset + limit + 1)
    items = rows[offset : offset + limit]
    total = offset + len(rows[offset:])
    return etag_json(request, page(items, total, limit, offset))


@router.get("/entities/similar", summary="Entity names like a (misspelt) name")
def similar(request: Request, name: str = Query(..., min_length=1), limit: int = LIMIT) -> Response:
    check_page(limit, 0)
    return etag_json(request, {"items": store(request).similar_entities(name, limit)})


@router.get("/entities/{name}", summary="Entity profile: KB facts, timeline, co-mentions, quotes")
def entity(request: Request, name: str) -> Response:
    profile = store(request).entity(name)
    if profile is None:
        raise ApiError(404, "not_found", f"no entity named {name!r}")
    return etag_json(request, profile)


@router.get("/trends", summary="Article counts per day or week per threat, entity or country")
def trends(
    request: Request,
    by: str = Query("entity", pattern="^(entity|country|threat)$"),
    interval: str = Query("day", pattern="^(day|week)$"),
    top: int = Query(5, ge=1, le=20),
) -> Response:
    return etag_json(request, store(request).trends(by, interval, top))


@router.get("/stats", summary="Counts by language and outlet, entities, mentions")
def stats(request: Request) -> Response:
    return etag_json(request, store(request).stats())
