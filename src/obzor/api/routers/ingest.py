"""POST /api/ingest (admin): one article through obzor.flow.process, as `obzor ingest` runs it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from obzor.api.deps import ApiError, etag_json, require, store

router = APIRouter(prefix="/api")


class NewArticle(BaseModel):
    text: str = Field(min_length=1, max_length=5_000_000)
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None


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
