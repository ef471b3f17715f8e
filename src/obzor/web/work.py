"""The analyst's forms: saved searches, alerts (add, list, test, remove) and notes."""

from __future__ import annotations

import json
from collections import deque
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.deps import ArticleId, store
from obzor.store.alerts import DIGESTS
from obzor.store.alerts import FILTERS as ALERT_FILTERS
from obzor.store.base import QueryError, StoreError
from obzor.taxonomy.threats import CATEGORY_IDS
from obzor.web.forms import back, member, posted, user_id
from obzor.web.pages import render

router = APIRouter(include_in_schema=False)
SEARCH_FILTERS = ("language", "outlet", "entity", "country", "threat", "date_from", "date_to")
TEST_SHOWN = 10  # newest stored matches an alert's test shows: enough to judge it, one screen


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
    raw = {k: form.get(k) for k in SEARCH_FILTERS}
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


def _alerts_page(request: Request, code: int = 200, error: str | None = None,
                 form: dict[str, str] | None = None) -> Response:  # fmt: skip
    fields = ("name", "q", "webhook", "email", "digest", *ALERT_FILTERS)
    filled = form or {k: request.query_params.get(k, "") for k in fields}
    return render(request, "alerts.html", code, items=store(request).alerts(), error=error,
                  form=filled, categories=CATEGORY_IDS, digests=DIGESTS)  # fmt: skip


@router.get("/alerts")
def alerts_list(request: Request) -> Response:
    if (denied := member(request, "analyst")) is not None:
        return denied
    return _alerts_page(request)


@router.post("/alerts")
def add_alert(
    request: Request,
    name: str = Form(""),
    q: str = Form(""),
    threat: str = Form(""),
    entity: str = Form(""),
    since: str = Form(""),
    webhook: str = Form(""),
    secret: str = Form(""),
    email: str = Form(""),
    digest: str = Form("immediate"),
    csrf: str = Form(""),
) -> Response:
    if (denied := posted(request, csrf, "analyst")) is not None:
        return denied
    form = {"name": name, "q": q, "threat": threat, "entity": entity, "since": since,
            "webhook": webhook, "email": email, "digest": digest}  # fmt: skip
    clean = {k: v.strip() or None for k, v in form.items()}
    try:
        store(request).add_alert(
            clean["name"] or "", clean["q"], webhook=clean["webhook"],
            secret=secret.strip() or None, email=clean["email"],
            digest=clean["digest"] or "immediate", threat=clean["threat"],
            entity=clean["entity"], since=clean["since"],
        )  # fmt: skip
    except (StoreError, QueryError, ValueError) as e:
        return _alerts_page(request, 400, str(e), form)
    return back("/alerts")


@router.post("/alerts/remove")
def remove_alert(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "analyst")) is not None:
        return denied
    if not store(request).remove_alert(name):
        return render(request, "error.html", 404, status=404, message=f"no alert {name!r}")
    return back("/alerts")


@router.get("/alerts/test")
def test_alert(request: Request, name: str = "") -> Response:
    """The stored articles an alert matches, newest last (nothing is queued or sent)."""
    if (denied := member(request, "analyst")) is not None:
        return denied
    db = store(request)
    alert = db.alert(name)
    if alert is None:
        return render(request, "error.html", 404, status=404, message=f"no alert {name!r}")
    f = alert["filters"]
    shown: deque[dict[str, Any]] = deque(maxlen=TEST_SHOWN)  # constant memory
    count = 0
    try:
        for row in db.export_articles(alert["query"], threat=f.get("threat"),
                                      entity=f.get("entity"), since=f.get("since")):  # fmt: skip
            shown.append(row)
            count += 1
    except (QueryError, ValueError) as e:
        return render(request, "error.html", 400, status=400, message=str(e))
    return render(request, "alert_test.html", alert=alert, count=count, items=list(shown))


@router.post("/articles/{article_id}/notes")
def add_note(request: Request, article_id: ArticleId, note: str = Form(""),
             csrf: str = Form("")) -> Response:  # fmt: skip
    if (denied := posted(request, csrf, "analyst")) is not None:
        return denied
    text = note.strip()
    if not text or len(text) > 10_000:
        message = "a note is 1 to 10,000 characters"
        return render(request, "error.html", 400, status=400, message=message)
    try:
        store(request).annotate(user_id(request), article_id, text)
    except StoreError as e:
        return render(request, "error.html", 404, status=404, message=str(e))
    return back(f"/articles/{article_id}#notes")
