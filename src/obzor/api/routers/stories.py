"""GET /api/stories (same-event groups, newest first) and GET /api/stories/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from obzor.api.deps import (
    LIMIT,
    OFFSET,
    VIEWER,
    ApiError,
    StoryId,
    check_page,
    etag_json,
    listing,
    store,
)

router = APIRouter(prefix="/api")


@router.get("/stories", dependencies=VIEWER, summary="Stories (same-event groups), newest first")
def stories(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    min_size: Annotated[int, Query(ge=1, description="Only stories with this many reports")] = 1,
    sort: Annotated[str, Query(pattern="^(time|importance)$")] = "time",
) -> Response:
    check_page(limit, offset)
    rows = store(request).stories(limit=offset + limit + 1, min_size=min_size, sort=sort)
    return listing(request, rows, limit, offset)


@router.get("/stories/{story_id}", dependencies=VIEWER, summary="One story and its reports")
def story(request: Request, story_id: StoryId) -> Response:
    found = store(request).story(story_id)
    if found is None:
        raise ApiError(404, "not_found", f"no story {story_id}")
    return etag_json(request, jsonable_encoder(found))
