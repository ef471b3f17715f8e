"""Notes on an article: GET /api/articles/{id}/annotations (any user), POST (analyst)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from obzor.api.deps import Analyst, ApiError, ArticleId, etag_json, require, store
from obzor.store.base import StoreError

router = APIRouter(prefix="/api")


class Note(BaseModel):
    note: str = Field(min_length=1, max_length=10_000)


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
