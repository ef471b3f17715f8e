"""Notes on an article (analyst): POST /articles/{id}/notes, shown on the article page."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api.deps import ArticleId, store
from obzor.store.base import StoreError
from obzor.web.forms import back, posted, user_id
from obzor.web.render import render

router = APIRouter(include_in_schema=False)


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
