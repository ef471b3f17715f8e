"""`GET /export`: the download behind the export buttons of the search, story and entity pages
(the same writers and streaming as GET /api/export; render.export_link makes the links)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import store
from obzor.api.routers.exports import export_response
from obzor.export import FORMATS, KINDS
from obzor.store.base import QueryError
from obzor.store.exports import NARROW
from obzor.web.forms import member
from obzor.web.render import error_page

router = APIRouter(include_in_schema=False)


@router.get("/export")
def export(
    request: Request,
    format: str = Query(pattern="^(" + "|".join(FORMATS) + ")$"),
    kind: str = Query("articles", pattern="^(" + "|".join(KINDS) + ")$"),
    q: str = "",
    exact: bool = False,
) -> Response:
    """The download behind the export buttons of the search, story and entity pages."""
    if (denied := member(request)) is not None:
        return denied
    raw = {k: request.query_params.get(k) for k in ("threat", "entity", "date_from", *NARROW)}
    story = raw.pop("story", None)
    try:
        filters = queries.clean_filters(raw)
        narrow = {k: v for k, v in filters.items() if k in NARROW}
        if story:
            narrow["story"] = str(int(story))
        return export_response(
            store(request), format, kind, q.strip() or None, filters.get("threat"),
            filters.get("entity"), filters.get("date_from"), exact, narrow,
        )  # fmt: skip
    except (QueryError, ValueError) as e:
        return error_page(request, 400, str(e))
