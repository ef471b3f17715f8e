"""Endpoints over other issues' verbs (stories, events, quotes, sources, briefings); 501 until."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from obzor.api.deps import ApiError, check_page, etag_json, page, require, store
from obzor.api.queries import briefing as briefing_of
from obzor.api.queries import call, verb
from obzor.api.routes import LIMIT, OFFSET
from obzor.sources.registry import check_remote_location

router = APIRouter(prefix="/api")
VIEWER = [Depends(require("viewer"))]


def _need(request: Request, what: str, *names: str) -> Any:
    fn = verb(store(request), *names)
    if fn is None:
        raise ApiError(501, "not_implemented", f"{what} are not available in this obzor yet")
    return fn


def _listing(
    request: Request, what: str, names: tuple[str, ...], limit: int, offset: int, **options: Any
) -> Any:
    check_page(limit, offset)
    fn = _need(request, what, *names)
    rows = jsonable_encoder(call(fn, limit=offset + limit + 1, **options))
    rows = list(rows)
    return etag_json(request, page(rows[offset : offset + limit], len(rows), limit, offset))


@router.get("/stories", dependencies=VIEWER, summary="Stories (same-event groups), newest first")
def stories(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    min_size: Annotated[int, Query(ge=1, description="Only stories with this many reports")] = 1,
    sort: Annotated[str, Query(pattern="^(time|importance)$")] = "time",
) -> Response:
    return _listing(  # type: ignore[no-any-return]
        request, "stories", ("stories",), limit, offset, min_size=min_size, sort=sort
    )


@router.get("/stories/{story_id}", dependencies=VIEWER, summary="One story and its reports")
def story(request: Request, story_id: int) -> Response:
    found = _need(request, "stories", "story")(story_id)
    if found is None:
        raise ApiError(404, "not_found", f"no story {story_id}")
    return etag_json(request, jsonable_encoder(found))


@router.get("/events", dependencies=VIEWER, summary="Typed events found in the articles")
def events(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> Response:
    return _listing(request, "events", ("events",), limit, offset)  # type: ignore[no-any-return]


@router.get("/quotes", dependencies=VIEWER, summary="Quotes with their speakers")
def quotes(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> Response:
    return _listing(request, "quotes", ("quotes",), limit, offset)  # type: ignore[no-any-return]


@router.get("/sources", dependencies=VIEWER, summary="The source registry")
def sources(request: Request, limit: int = LIMIT, offset: int = OFFSET) -> Response:
    names = ("sources", "list_sources")
    return _listing(request, "sources", names, limit, offset)  # type: ignore[no-any-return]


@router.post(
    "/sources",
    dependencies=[Depends(require("admin"))],
    status_code=201,
    summary="Register a source (admin)",
)
def add_source(request: Request, source: Annotated[dict[str, Any], Body()]) -> Response:
    fn = _need(request, "sources", "add_source")
    location = source.get("url") or source.get("path")
    try:
        if location:
            check_remote_location(str(location), request.app.state.settings.source_folders)
        result = fn(source)
    except (TypeError, ValueError) as e:
        raise ApiError(400, "bad_source", str(e)) from e
    return etag_json(request, jsonable_encoder({"source": result}), status=201)


@router.get("/briefings/{day}", dependencies=VIEWER, summary="The briefing for a day")
def briefing(request: Request, day: str) -> Response:
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise ApiError(400, "bad_date", f"day must be YYYY-MM-DD, got {day!r}") from None
    found = briefing_of(store(request), when.isoformat())
    if found is None:
        raise ApiError(501, "not_implemented", "briefings are not available in this obzor yet")
    return etag_json(request, jsonable_encoder(found))
