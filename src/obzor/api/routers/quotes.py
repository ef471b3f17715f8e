"""GET /api/quotes: quotes with their speakers, by speaker and date (as `obzor quotes`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import (
    DAY,
    LIMIT,
    OFFSET,
    VIEWER,
    check_page,
    known_parameters,
    listing,
    store,
)

router = APIRouter(prefix="/api")


@router.get("/quotes", dependencies=VIEWER, summary="Quotes with their speakers")
def quotes(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    speaker: Annotated[str | None, Query(description="Part of the name, or a KB id.")] = None,
    since: Annotated[str | None, Query(pattern=DAY, description="Published on or after.")] = None,
) -> Response:
    known_parameters(request, "limit", "offset", "speaker", "since")
    check_page(limit, offset)
    rows = store(request).quotes(speaker, limit=offset + limit + 1, since=since)
    return listing(request, rows, limit, offset)
