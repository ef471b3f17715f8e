"""Endpoints over stories, events, quotes, sources and briefings: each calls one store verb."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import (
    LIMIT,
    OFFSET,
    ApiError,
    StoryId,
    check_page,
    etag_json,
    known_parameters,
    page,
    require,
    store,
)
from obzor.nlp.event_types import event_type_ids
from obzor.sources.registry import check_remote_location

router = APIRouter(prefix="/api")
VIEWER = [Depends(require("viewer"))]
SINCE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD, as the CLI's --since


def _listing(request: Request, rows: list[dict[str, Any]], limit: int, offset: int) -> Response:
    """A page of rows fetched with limit offset + limit + 1 (one more says there is a next)."""
    return etag_json(
        request, page(jsonable_encoder(rows[offset : offset + limit]), len(rows), limit, offset)
    )


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
    return _listing(request, rows, limit, offset)


@router.get("/stories/{story_id}", dependencies=VIEWER, summary="One story and its reports")
def story(request: Request, story_id: StoryId) -> Response:
    found = store(request).story(story_id)
    if found is None:
        raise ApiError(404, "not_found", f"no story {story_id}")
    return etag_json(request, jsonable_encoder(found))


@router.get("/events", dependencies=VIEWER, summary="Typed events found in the articles")
def events(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    type: Annotated[str | None, Query(description="An event type, as obzor events --type.")] = None,
    since: Annotated[str | None, Query(pattern=SINCE, description="On or after this date.")] = None,
) -> Response:
    known_parameters(request, "limit", "offset", "type", "since")
    check_page(limit, offset)
    if type is not None and type not in event_type_ids():
        raise ApiError(422, "bad_type", f"unknown event type {type!r}; one of: "
                       + ", ".join(event_type_ids()))  # fmt: skip
    rows = store(request).events(type, since=since, limit=offset + limit + 1)
    return _listing(request, rows, limit, offset)


@router.get("/quotes", dependencies=VIEWER, summary="Quotes with their speakers")
def quotes(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    speaker: Annotated[str | None, Query(description="Part of the name, or a KB id.")] = None,
    since: Annotated[str | None, Query(pattern=SINCE, description="Published on or after.")] = None,
) -> Response:
    known_parameters(request, "limit", "offset", "speaker", "since")
    check_page(limit, offset)
    rows = store(request).quotes(speaker, limit=offset + limit + 1, since=since)
    return _listing(request, rows, limit, offset)


@router.get("/sources", dependencies=VIEWER, summary="The source registry")
def sources(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> Response:
    check_page(limit, offset)
    return _listing(request, store(request).list_sources(limit=offset + limit + 1), limit, offset)


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


@router.get("/briefings/{day}", dependencies=VIEWER, summary="The briefing for a day")
def briefing(request: Request, day: str) -> Response:
    try:
        when = date.fromisoformat(day).isoformat()
    except ValueError:
        raise ApiError(400, "bad_date", f"day must be YYYY-MM-DD, got {day!r}") from None
    return etag_json(request, jsonable_encoder(queries.briefing(store(request), when)))
