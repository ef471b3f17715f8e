"""GET /api/entities (by article count; searched by name, country, KB id), /similar (fuzzy
names) and /{name} (the profile). An actor's positions are api/routers/positions.py."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import LIMIT, OFFSET, VIEWER, ApiError, check_page, etag_json, page, store

router = APIRouter(prefix="/api", dependencies=VIEWER)


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


# Before /entities/{name}: a route is matched in the order it is declared.
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
