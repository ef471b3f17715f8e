"""GET /api/briefings/{day}: `obzor brief` for one day as data (api/queries.py)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import VIEWER, ApiError, etag_json, store

router = APIRouter(prefix="/api")


@router.get("/briefings/{day}", dependencies=VIEWER, summary="The briefing for a day")
def briefing(request: Request, day: str) -> Response:
    try:
        when = date.fromisoformat(day).isoformat()
    except ValueError:
        raise ApiError(400, "bad_date", f"day must be YYYY-MM-DD, got {day!r}") from None
    return etag_json(request, jsonable_encoder(queries.briefing(store(request), when)))
