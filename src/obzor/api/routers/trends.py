"""GET /api/trends (article counts per day or week) and GET /api/stats (the base's counts)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import VIEWER, etag_json, store

router = APIRouter(prefix="/api", dependencies=VIEWER)


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
