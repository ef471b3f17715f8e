"""GET /api/events: typed events found in the articles, by type and date (as `obzor events`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import (
    DAY,
    LIMIT,
    OFFSET,
    VIEWER,
    ApiError,
    check_page,
    known_parameters,
    listing,
    store,
)
from obzor.nlp.event_types import event_type_ids

router = APIRouter(prefix="/api")


@router.get("/events", dependencies=VIEWER, summary="Typed events found in the articles")
def events(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    type: Annotated[str | None, Query(description="An event type, as obzor events --type.")] = None,
    since: Annotated[str | None, Query(pattern=DAY, description="On or after this date.")] = None,
) -> Response:
    known_parameters(request, "limit", "offset", "type", "since")
    check_page(limit, offset)
    if type is not None and type not in event_type_ids():
        raise ApiError(422, "bad_type", f"unknown event type {type!r}; one of: "
                       + ", ".join(event_type_ids()))  # fmt: skip
    rows = store(request).events(type, since=since, limit=offset + limit + 1)
    return listing(request, rows, limit, offset)
