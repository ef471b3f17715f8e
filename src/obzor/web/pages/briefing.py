"""The briefing page `/briefing?day=`: `obzor brief` for one day (the newest in the base by
default)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import store
from obzor.web.forms import member
from obzor.web.render import error_page, named_series, page_language, render

router = APIRouter(include_in_schema=False)


@router.get("/briefing")
def briefing(request: Request, day: str = "") -> Response:
    if (denied := member(request)) is not None:
        return denied
    if not day:  # the newest day in the base, as on the dashboard
        newest = store(request).list_articles(1, 0)[0]
        day = str(newest[0]["published"] or "")[:10] if newest else ""
    try:
        when = date.fromisoformat(day) if day else datetime.now(UTC).date()
    except ValueError:
        return error_page(request, 400, f"day must be YYYY-MM-DD, got {day}")
    brief = queries.briefing(store(request), when.isoformat())
    trend = named_series(queries.trend_series(brief["trend"]), page_language(request))
    return render(
        request,
        "briefing.html",
        day=when.isoformat(),
        brief=brief,
        trend=json.dumps(trend, ensure_ascii=False),
    )
