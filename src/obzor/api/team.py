"""Team endpoints: who am I, users (admin), saved searches and annotations (analyst), ingest."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from obzor.api.deps import (
    Analyst,
    ApiError,
    ArticleId,
    Viewer,
    etag_json,
    require,
    store,
)
from obzor.store.base import StoreError
from obzor.store.team import ROLES

router = APIRouter(prefix="/api")


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: str = Field(pattern="^(" + "|".join(ROLES) + ")$")


class SavedSearch(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    q: str = Field(min_length=1, max_length=2000)
    filters: dict[str, str] = Field(default_factory=dict)


class Note(BaseModel):
    note: str = Field(min_length=1, max_length=10_000)


class NewArticle(BaseModel):
    text: str = Field(min_length=1, max_length=5_000_000)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None


@router.get("/me", summary="The user a token belongs to")
def me(request: Request, user: Viewer) -> Response:
    return etag_json(request, {"name": user["name"], "role": user["role"]})


@router.get("/users", dependencies=[Depends(require("admin"))], summary="Users (admin)")
def users(request: Request) -> Response:
    return etag_json(request, {"items": store(request).users()})


@router.post(
    "/users",
    dependencies=[Depends(require("admin"))],
    status_code=201,
    summary="Create a user; the token is in the answer, once (admin)",
)
def add_user(request: Request, body: NewUser) -> Response:
    try:
        token = store(request).add_user(body.name, body.role)
    except StoreError as e:
        raise ApiError(409, "conflict", str(e)) from e
    return etag_json(request, {"name": body.name, "role": body.role, "token": token}, status=201)


@router.delete(
    "/users/{name}",
    dependencies=[Depends(require("admin"))],
    summary="Remove a user: tokens revoked, saved searches deleted, notes kept (admin)",
)
def remove_user(request: Request, name: str) -> Response:
    try:
        done = store(request).remove_user(name)
    except StoreError as e:
        raise ApiError(404, "not_found", str(e)) from e
    return etag_json(request, {"name": name, "removed": True, **done})


@router.get(
    "/users/{name}/tokens",
    dependencies=[Depends(require("admin"))],
    summary="A user's token ids and creation times (admin)",
)
def tokens(request: Request, name: str) -> Response:
    try:
        return etag_json(request, {"items": store(request).tokens(name)})
    except StoreError as e:
        raise ApiError(404, "not_found", str(e)) from e


@router.delete(
    "/tokens/{token_id}",
    dependencies=[Depends(require("admin"))],
    summary="Revoke a token by id (admin)",
)
def revoke(request: Request, token_id: int) -> Response:
    if not store(request).revoke_token(token_id):
        raise ApiError(404, "not_found", f"no token {token_id}")
    return etag_json(request, {"id": token_id, "revoked": True})


@router.get("/saved-searches", summary="My saved searches (analyst)")
def saved(request: Request, user: Analyst) -> Response:
    items = store(request).saved_searches(user["id"])
    for item in items:
        item["filters"] = json.loads(item["filters"])
    return etag_json(request, {"items": items})


@router.post("/saved-searches", status_code=201, summary="Save a search by name (analyst)")
def save(request: Request, body: SavedSearch, user: Analyst) -> Response:
    filters = json.dumps(body.filters, ensure_ascii=False)
    new_id = store(request).save_search(user["id"], body.name, body.q, filters)
    return etag_json(request, {"id": new_id, "name": body.name, "q": body.q}, status=201)


@router.delete("/saved-searches/{search_id}", summary="Remove one of my saved searches (analyst)")
def unsave(request: Request, search_id: int, user: Analyst) -> Response:
    if not store(request).remove_saved_search(user["id"], search_id):
        raise ApiError(404, "not_found", f"no saved search {search_id} of yours")
    return etag_json(request, {"id": search_id, "removed": True})


@router.get(
    "/articles/{article_id}/annotations",
    dependencies=[Depends(require("viewer"))],
    summary="Notes on an article",
)
def notes(request: Request, article_id: ArticleId) -> Response:
    return etag_json(request, {"items": store(request).annotations(article_id)})


@router.post(
    "/articles/{article_id}/annotations",
    status_code=201,
    summary="Add a note to an article (analyst)",
)
def annotate(
    request: Request,
    article_id: ArticleId,
    body: Note,
    user: Analyst,
) -> Response:
    try:
        new_id = store(request).annotate(user["id"], article_id, body.note)
    except StoreError as e:
        raise ApiError(404, "not_found", str(e)) from e
    return etag_json(request, {"id": new_id, "article_id": article_id}, status=201)


@router.post(
    "/ingest",
    dependencies=[Depends(require("admin"))],
    status_code=201,
    summary="Analyze and store one article (admin); an article already stored answers 200",
)
def ingest(request: Request, body: NewArticle) -> Response:
    from obzor.analysis import shared_pipeline
    from obzor.flow import Stored, process
    from obzor.model import Document, Failure

    fields = {k: v for k, v in body.model_dump().items() if k != "text" and v}
    # Without a title field the text is read like a scraped page: headline first.
    kind = "record" if body.title else "text"
    db = store(request)
    outcome = process(Document("api", kind, body.text, fields), db, shared_pipeline())
    if isinstance(outcome, Failure):
        if outcome.stage == "analyze":  # the text is fine; the server's analysis broke
            raise ApiError(500, "analysis_failed", outcome.reason)
        raise ApiError(422, "no_text", outcome.reason)
    db.commit()
    new = isinstance(outcome, Stored)
    answer = {"id": outcome.id, "title": outcome.article.title, "duplicate": not new}
    return etag_json(request, answer, status=201 if new else 200)
