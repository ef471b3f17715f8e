"""An analyst's own saved searches: GET, POST /api/saved-searches, DELETE .../{id}."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from obzor.api.deps import Analyst, ApiError, etag_json, store

router = APIRouter(prefix="/api")


class SavedSearch(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    q: str = Field(min_length=1, max_length=2000)
    filters: dict[str, str] = Field(default_factory=dict)


@router.get("/saved-searches", summary="My saved searches (analyst)")
def saved(request: Request, user: Analyst) -> Response:
    items = store(request).saved_searches(user["id"])
    for item in items:
        item["filters"] = json.loads(item["filters"])
    return etag_json(request, {"items": items})


@router.post("/saved-searches", status_code=201, summary="Save a search by name (analyst)")
def save(request: Request, body: SavedSearch, user: Analyst) -> Response:
    filters = json.dumps(body.filters, ensure_ascii=False)
    new_id = store(request).save_search(user["id"], body.name, body.q, filters)
    return etag_json(request, {"id": new_id, "name": body.name, "q": body.q}, status=201)


@router.delete("/saved-searches/{search_id}", summary="Remove one of my saved searches (analyst)")
def unsave(request: Request, search_id: int, user: Analyst) -> Response:
    if not store(request).remove_saved_search(user["id"], search_id):
        raise ApiError(404, "not_found", f"no saved search {search_id} of yours")
    return etag_json(request, {"id": search_id, "removed": True})
