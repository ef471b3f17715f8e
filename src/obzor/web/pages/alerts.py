"""Alerts (analyst): `/alerts` lists them and adds one, POST /alerts/remove removes one,
`/alerts/test` shows the stored articles one matches (nothing is queued or sent)."""

from __future__ import annotations

from collections import deque
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.store.alerts import DIGESTS
from obzor.store.alerts import FILTERS as ALERT_FILTERS
from obzor.store.base import QueryError, StoreError
from obzor.taxonomy.threats import CATEGORY_IDS
from obzor.web.forms import back, member, posted
from obzor.web.render import render

router = APIRouter(include_in_schema=False)
TEST_SHOWN = 10  # newest stored matches an alert's test shows: enough to judge it, one screen


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
