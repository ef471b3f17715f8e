"""Alert endpoints: list, add and remove alerts (analyst), and each alert's Atom feed."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from obzor.alerts import atom
from obzor.api.deps import DAY, VIEWER, ApiError, etag_json, require, store
from obzor.store.base import QueryError, StoreError

router = APIRouter(prefix="/api")
ANALYST = [Depends(require("analyst"))]


class NewAlert(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    q: str | None = Field(None, max_length=2000)
    threat: str | None = None
    entity: str | None = None
    since: str | None = Field(None, pattern=DAY)
    webhook: str | None = Field(None, max_length=2000)
    secret: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=2000)
    digest: str = Field("immediate", pattern="^(immediate|hourly|daily)$")


@router.get("/alerts", dependencies=ANALYST, summary="Alerts with matches and sent counts")
def alerts(request: Request) -> Response:
    return etag_json(request, {"items": store(request).alerts()})


@router.post("/alerts", dependencies=ANALYST, status_code=201, summary="Add an alert (analyst)")
def add_alert(request: Request, body: NewAlert) -> Response:
    try:
        alert_id = store(request).add_alert(
            body.name, body.q, webhook=body.webhook, secret=body.secret, email=body.email,
            digest=body.digest,
            threat=body.threat, entity=body.entity, since=body.since,
        )  # fmt: skip
    except (StoreError, QueryError, ValueError) as e:
        raise ApiError(400, "bad_alert", str(e)) from e
    return etag_json(request, {"id": alert_id, "name": body.name}, status=201)


@router.delete("/alerts/{name}", dependencies=ANALYST, summary="Remove an alert (analyst)")
def remove_alert(request: Request, name: str) -> Response:
    if not store(request).remove_alert(name):
        raise ApiError(404, "not_found", f"no alert {name!r}")
    return etag_json(request, {"name": name, "removed": True})


@router.get(
    "/alerts/{name}/feed",
    dependencies=VIEWER,
    summary="An alert's Atom feed: one entry per story it matched",
)
def feed(request: Request, name: str) -> Response:
    db = store(request)
    if db.alert(name) is None:
        raise ApiError(404, "not_found", f"no alert {name!r}")
    text = atom(name, db.alert_items(name))
    return Response(text, media_type="application/atom+xml; charset=utf-8")
