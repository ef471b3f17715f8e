"""GET /api/entities/{name}/positions: an actor's statements by subject, stances, changes."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from obzor.api.deps import ApiError, etag_json, require, store

router = APIRouter(prefix="/api", dependencies=[Depends(require("viewer"))])


@router.get(
    "/entities/{name}/positions",
    summary="An actor's statements grouped by subject, with stances and changes of position",
)
def positions(
    request: Request,
    name: str,
    subject: str | None = Query(None, description="Only subjects whose key or name has this."),
) -> Response:
    from obzor.positions.timeline import actor_positions

    try:
        found = actor_positions(store(request), name, subject)
    except ValueError as exc:
        raise ApiError(400, "bad_request", str(exc)) from None
    if found is None:
        raise ApiError(404, "not_found", f"no stored statements of {name!r}")
    return etag_json(request, found)
