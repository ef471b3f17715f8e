"""Story pages: `/stories` (same-event groups, most important first) and `/stories/{id}` (who
reported first, the sources and their grades, the timeline of reports)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import StoryId, store
from obzor.report.admiralty import UNGRADED, grade_stories
from obzor.web.forms import member
from obzor.web.render import error_page, render

router = APIRouter(include_in_schema=False)
LISTED = 100  # stories on the list page: a few days of a region's news


@router.get("/stories")
def story_list(
    request: Request,
    min_size: int = Query(2, ge=1),
    sort: str = Query("importance", pattern="^(time|importance)$"),
) -> Response:
    if (denied := member(request)) is not None:
        return denied
    found = store(request).stories(limit=LISTED, min_size=min_size, sort=sort)
    return render(request, "stories.html", stories=found, min_size=min_size, sort=sort)


@router.get("/stories/{story_id}")
def story(request: Request, story_id: StoryId) -> Response:
    if (denied := member(request)) is not None:
        return denied
    db = store(request)
    found = db.story(story_id)
    if found is None:
        return error_page(request, 404, f"no story {story_id}")
    ids = [i if isinstance(i, int) else i["id"] for i in found.get("articles", [])]
    shown = story_view(found.get("title"), db.summaries(ids))
    roles = {m["id"]: m for m in found.get("members", [])}
    for report in shown["reports"]:
        member_of = roles.get(report.get("id"), {})
        report["role"], report["original_id"] = member_of.get("role"), member_of.get("original_id")
    first = found.get("first_publication") or {}
    shown["first"] = next((r for r in shown["reports"] if r.get("id") == first.get("id")), None)
    shown["thread"] = [t for t in found.get("thread", []) if t.get("id") != story_id]
    shown["figures"] = found.get("figures", [])
    sources = db.source_grades(ids)
    grade_stories([found], sources)
    shown["admiralty"] = found["admiralty"]
    for report in shown["reports"]:
        report["grade"] = sources.get(report.get("id"), {}).get("reliability") or UNGRADED
    return render(request, "story.html", story=shown, story_id=story_id)


def story_view(title: str | None, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """What story.html shows of a title and its reports: oldest first, outlets, the first."""
    ordered = sorted(reports, key=lambda r: (r.get("published") or "9999", r.get("id") or 0))
    outlets = sorted({r["outlet"] for r in ordered if r.get("outlet")})
    dated = [r for r in ordered if r.get("published")]
    return {
        "title": title,
        "reports": ordered,
        "sources": outlets,
        "first": dated[0] if dated else None,
    }
