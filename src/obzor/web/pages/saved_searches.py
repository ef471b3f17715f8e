"""Saved searches (analyst): `/saved` lists mine (run, remove, make an alert), POST /saved
keeps a search page's query and filters under a name."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import store
from obzor.store.browse import FILTERS
from obzor.web.forms import back, member, posted, user_id
from obzor.web.render import render

router = APIRouter(include_in_schema=False)


def search_link(q: str, filters: dict[str, Any]) -> str:
    """The search page URL of a query and its filters."""
    return "/search?" + urlencode({k: v for k, v in {"q": q, **filters}.items() if v})


def alert_link(name: str, q: str, filters: dict[str, Any]) -> str:
    """The alerts page with its form filled from a search (the filters an alert can hold)."""
    fields = {"name": name, "q": q, "threat": filters.get("threat"),
              "entity": filters.get("entity"), "since": filters.get("date_from")}  # fmt: skip
    return "/alerts?" + urlencode({k: v for k, v in fields.items() if v})


@router.get("/saved")
def saved_list(request: Request) -> Response:
    if (denied := member(request, "analyst")) is not None:
        return denied
    items = [
        {**s, "link": search_link(s["q"], s["filters"]),
         "alert": alert_link(s["name"], s["q"], s["filters"])}
        for s in _saved(request)
    ]  # fmt: skip
    return render(request, "saved.html", items=items)


def _saved(request: Request) -> list[dict[str, Any]]:
    rows = store(request).saved_searches(user_id(request))
    return [{"id": r["id"], "name": r["name"], "q": r["query"],
             "filters": json.loads(r["filters"])} for r in rows]  # fmt: skip


@router.post("/saved")
async def save_search(request: Request, name: str = Form(""), q: str = Form(""),
                      csrf: str = Form("")) -> Response:  # fmt: skip
    if (denied := posted(request, csrf, "analyst")) is not None:
        return denied
    form = await request.form()
    raw = {k: form.get(k) for k in FILTERS}
    try:
        filters = queries.clean_filters(raw)
    except ValueError as e:
        return render(request, "error.html", 400, status=400, message=str(e))
    if not name.strip() or not (q.strip() or filters):
        message = "a saved search needs a name and a query or a filter"
        return render(request, "error.html", 400, status=400, message=message)
    filters_json = json.dumps(filters, ensure_ascii=False)
    store(request).save_search(user_id(request), name.strip()[:200], q.strip(), filters_json)
    return back("/saved")


@router.post("/saved/{search_id}/remove")
def remove_search(request: Request, search_id: int, csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "analyst")) is not None:
        return denied
    if not store(request).remove_saved_search(user_id(request), search_id):
        message = f"no saved search {search_id}"
        return render(request, "error.html", 404, status=404, message=message)
    return back("/saved")
