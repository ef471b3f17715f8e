"""GET /api/sources (the source registry) and POST /api/sources (admin registers one)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from obzor.api.deps import (
    LIMIT,
    OFFSET,
    VIEWER,
    ApiError,
    check_page,
    etag_json,
    listing,
    require,
    store,
)
from obzor.sources.registry import check_remote_location

router = APIRouter(prefix="/api")


@router.get("/sources", dependencies=VIEWER, summary="The source registry")
def sources(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> Response:
    check_page(limit, offset)
    return listing(request, store(request).list_sources(limit=offset + limit + 1), limit, offset)


@router.post(
    "/sources",
    dependencies=[Depends(require("admin"))],
    status_code=201,
    summary="Register a source (admin)",
)
def add_source(request: Request, source: Annotated[dict[str, Any], Body()]) -> Response:
    location = source.get("url") or source.get("path")
    try:
        if location:
            check_remote_location(str(location), request.app.state.settings.source_folders)
        result = store(request).add_source(source)
    except (TypeError, ValueError) as e:
        raise ApiError(400, "bad_source", str(e)) from e
    return etag_json(request, jsonable_encoder({"source": result}), status=201)
