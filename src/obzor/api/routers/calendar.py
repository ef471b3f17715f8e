"""The forward calendar over HTTP: GET /api/calendar (JSON pages) and /api/calendar.ics."""

from __future__ import annotations

from typing import Annotated, Any

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
from obzor.calendar.entries import STATUSES

router = APIRouter(prefix="/api")
# An .ics export holds every entry in range up to this many (a calendar client reads it whole).
ICS_LIMIT = 5000
Since = Annotated[str | None, Query(pattern=DAY, description="Events reaching this date or later.")]
Until = Annotated[str | None, Query(pattern=DAY, description="Events beginning by this date.")]
Status = Annotated[str | None, Query(description="One of: " + ", ".join(STATUSES) + ".")]
AsOf = Annotated[str | None, Query(pattern=DAY, description="Decide overdue on this day.")]


def _entries(
    request: Request, since: str | None, until: str | None, status: str | None,
    as_of: str | None, limit: int,
) -> list[dict[str, Any]]:  # fmt: skip
    if status is not None and status not in STATUSES:
        raise ApiError(422, "bad_status", f"unknown status {status!r}; one of: "
                       + ", ".join(STATUSES))  # fmt: skip
    try:
        return store(request).calendar(since, until, status, as_of=as_of, limit=limit)
    except ValueError as exc:  # a well-formed but impossible date: 2024-13
        raise ApiError(422, "bad_date", str(exc)) from None


@router.get("/calendar", dependencies=VIEWER, summary="The forward calendar, earliest first")
def calendar(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    since: Since = None,
    until: Until = None,
    status: Status = None,
    as_of: AsOf = None,
) -> Response:
    known_parameters(request, "limit", "offset", "since", "until", "status", "as_of")
    check_page(limit, offset)
    rows = _entries(request, since, until, status, as_of, offset + limit + 1)
    return listing(request, rows, limit, offset)


@router.get(
    "/calendar.ics", dependencies=VIEWER, summary="The forward calendar as iCalendar (RFC 5545)"
)
def calendar_ics(
    request: Request,
    since: Since = None,
    until: Until = None,
    status: Status = None,
    as_of: AsOf = None,
) -> Response:
    from obzor.calendar.ical import ics

    known_parameters(request, "since", "until", "status", "as_of")
    rows = _entries(request, since, until, status, as_of, ICS_LIMIT)
    return Response(
        ics(rows),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="obzor-calendar.ics"'},
    )
