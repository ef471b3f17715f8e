"""GET /api/articles (newest first, with filters) and GET /api/articles/{id}."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from obzor.api.deps import (
    LIMIT,
    OFFSET,
    VIEWER,
    ApiError,
    ArticleId,
    Filters,
    check_page,
    etag_json,
    page,
    store,
)

router = APIRouter(prefix="/api", dependencies=VIEWER)


@router.get("/articles", summary="List articles, newest first, with filters")
def list_articles(
    request: Request,
    f: Filters,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> Response:
    check_page(limit, offset)
    items, total = store(request).list_articles(limit, offset, **f)
    return etag_json(request, page(items, total, limit, offset))


@router.get("/articles/{article_id}", summary="One article with entities, quotes, threats, events")
def get_article(request: Request, article_id: ArticleId) -> Response:
    article = store(request).get(article_id)
    if article is None:
        raise ApiError(404, "not_found", f"no article {article_id}")
    return etag_json(request, article)
