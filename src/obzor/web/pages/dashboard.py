"""The dashboard `/`: counts, trends, top and breaking stories, countries, latest articles."""

from __future__ import annotations

import json

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.report.admiralty import grade_stories, rank_key, report_ids
from obzor.web.forms import member
from obzor.web.render import named_series, page_language, render

router = APIRouter(include_in_schema=False)
TOP_SCAN = 50  # stories of the newest day ranked by size for the dashboard's top ten
BREAKING_SCAN = 100  # recent stories checked for the breaking flag: a few days of news


@router.get("/")
def dashboard(
    request: Request, by: str = Query("entity", pattern="^(entity|country|threat)$")
) -> Response:
    if (denied := member(request)) is not None:
        return denied
    db = store(request)
    latest = db.list_articles(10, 0)[0]
    # "Today" is the newest day in the base: a base fed yesterday still shows its top stories.
    day = str(latest[0]["published"] or "")[:10] if latest else ""
    # Newest first, so the stories seen since `day` are a prefix of the newest ones.
    recent = db.stories(limit=max(TOP_SCAN, BREAKING_SCAN))
    since = [s for s in recent if not day or (s["last_seen"] or "")[:10] >= day]
    # Ranked as the brief ranks: importance, source reliability, independent outlets.
    scanned = since[:TOP_SCAN]
    grade_stories(scanned, db.source_grades([i for s in scanned for i in report_ids(s)]))
    top = sorted(scanned, key=lambda s: (-rank_key(s), str(s.get("title") or "")))[:10]
    # A story is "breaking" when its last day brought unusually many reports.
    breaking = [s for s in recent[:BREAKING_SCAN] if s.get("breaking")][:5]
    trends = db.trends(by, "week", 5)
    if by == "threat":
        trends = named_series(trends, page_language(request))
    return render(
        request,
        "dashboard.html",
        stats=db.stats(),
        by=by,
        trends=json.dumps(trends, ensure_ascii=False),
        countries=db.countries(limit=12),
        latest=latest,
        day=day,
        stories=top,
        breaking=breaking,
    )
