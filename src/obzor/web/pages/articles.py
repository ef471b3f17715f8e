"""Article pages: `/articles/{id}` (the text with its findings marked, notes) and
`/articles/{id}/related` (reports naming at least three of its entities, as a story)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from obzor.api.deps import ArticleId, store
from obzor.model import Article
from obzor.web import highlight
from obzor.web.forms import member
from obzor.web.pages.stories import story_view
from obzor.web.render import error_page, page_language, render

router = APIRouter(include_in_schema=False)


@router.get("/articles/{article_id}")
def article(request: Request, article_id: ArticleId) -> Response:
    if (denied := member(request)) is not None:
        return denied
    db = store(request)
    found = db.get(article_id)
    if found is None:
        return error_page(request, 404, f"no article {article_id}")
    story_id = db.story_of(article_id)
    return render(
        request,
        "article.html",
        a=found,
        body=highlight.render(
            found["text"], highlight.spans(Article.from_json(found), page_language(request))
        ),
        story_id=story_id,
        ents=list(dict.fromkeys((e["name"], e["type"]) for e in found["entities"])),
        notes=db.annotations(article_id),
    )


@router.get("/articles/{article_id}/related")
def related(request: Request, article_id: ArticleId) -> Response:
    if (denied := member(request)) is not None:
        return denied
    db = store(request)
    found = db.get(article_id)
    if found is None:
        return error_page(request, 404, f"no article {article_id}")
    story = story_view(found["title"], db.related(article_id))
    return render(request, "story.html", story={**story, "related": True})
