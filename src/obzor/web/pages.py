"""Server-rendered pages: dashboard, search, article, entity, story, briefing, login."""

from __future__ import annotations

import hmac
import json
import math
import secrets
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from obzor.api import queries
from obzor.api.deps import COOKIE, MAX_OFFSET, ArticleId, StoryId, current_user, store
from obzor.api.deps import search as run_search
from obzor.model import Article
from obzor.report.admiralty import UNGRADED, grade_stories, rank_key, report_ids
from obzor.store.base import QueryError
from obzor.taxonomy.threats import category_label
from obzor.web import highlight, i18n
from obzor.web.facts import entity_name, fact_text

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
# Templates show a threat category's human name in the page language, never its id.
templates.env.globals["threat_name"] = category_label
templates.env.globals["fact_text"] = fact_text
templates.env.globals["entity_name"] = entity_name
PAGE = 20  # results per page: one screen of snippets
LANG_COOKIE = "obzor_lang"
# Double-submit CSRF token: a random value in a SameSite=Strict cookie, repeated in a hidden
# field of every POST form; another site can neither read the cookie nor guess the value.
CSRF_COOKIE = "obzor_csrf"
TOP_SCAN = 50  # stories of the newest day ranked by size for the dashboard's top ten
BREAKING_SCAN = 100  # recent stories checked for the breaking flag: a few days of news
POSITIONS_SHOWN = 300  # newest statements on the entity page: each read once (~1 ms), then kept


def page_language(request: Request) -> str:
    """The page language: ?lang=, else the cookie, else Russian."""
    return i18n.pick(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


def named_series(trend: dict[str, Any], lang: str) -> dict[str, Any]:
    """A threat trend whose series carry the categories' human names (the API keeps ids)."""
    series = [{**s, "name": category_label(s["name"], lang)} for s in trend.get("series", [])]
    return {**trend, "series": series}


def render(request: Request, name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
    """A template with the shared context (strings t, lang, user) in the chosen language."""
    lang = page_language(request)
    user = getattr(request.state, "user", None)
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    context = {"t": i18n.messages()[lang], "lang": lang, "user": user, "csrf": csrf, **ctx}
    response = templates.TemplateResponse(request, name, context, status_code=code)
    if request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 86400)
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a page (the API answers JSON instead)."""
    if status == 401:
        return RedirectResponse("/login", status_code=303)  # type: ignore[return-value]
    return render(request, "error.html", status, status=status, message=message)


def _guard(request: Request) -> Response | None:
    """None when the visitor may read pages, else the redirect to the login page."""
    if request.app.state.open_web:  # a reader who logged in keeps their name and role
        if current_user(request) is None:
            request.state.user = {"id": 0, "name": "guest", "role": "viewer"}
        return None
    return None if current_user(request) else RedirectResponse("/login", status_code=303)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html", bad=False)


def csrf_ok(request: Request, sent: str) -> bool:
    """Whether a form's CSRF field matches the visitor's CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


def forged(request: Request) -> Response:
    message = "the form has expired or came from another site; reload the page and try again"
    return render(request, "error.html", 403, status=403, message=message)


@router.post("/login")
def login(request: Request, token: str = Form(""), csrf: str = Form("")) -> Response:
    if not csrf_ok(request, csrf):
        return forged(request)
    if not token.strip() or store(request).authenticate(token.strip()) is None:
        return render(request, "login.html", 401, bad=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    if not csrf_ok(request, csrf):
        return forged(request)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/")
def dashboard(
    request: Request, by: str = Query("entity", pattern="^(entity|country|threat)$")
) -> Response:
    if (denied := _guard(request)) is not None:
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


@router.get("/search")
def search(
    request: Request,
    q: str = "",
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    sort: str = Query("relevance", pattern="^(relevance|date)$"),
) -> Response:
    if (denied := _guard(request)) is not None:
        return denied
    raw = {
        k: request.query_params.get(k)
        for k in ("language", "outlet", "entity", "country", "threat", "date_from", "date_to")
    }
    try:
        filters = queries.clean_filters(raw)
        if q.strip():
            exact = request.query_params.get("exact") in ("1", "true", "on")
            result = run_search(request, q, filters, PAGE, offset, exact, sort)
        else:
            items, total = store(request).list_articles(PAGE, offset, **filters)
            result = {"items": items, "total": total, "facets": None}
    except (QueryError, ValueError) as e:
        return render(request, "search.html", 400, q=q, error=str(e), filters={}, result=None)

    def link(**change: Any) -> str:
        params = {"q": q, **filters, "sort": sort if sort != "relevance" else None, **change}
        return "/search?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    return render(
        request,
        "search.html",
        q=q,
        error=None,
        filters=filters,
        result=result,
        offset=offset,
        page=PAGE,
        link=link,
        sort=sort,
    )


@router.get("/articles/{article_id}")
def article(request: Request, article_id: ArticleId) -> Response:
    if (denied := _guard(request)) is not None:
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
    if (denied := _guard(request)) is not None:
        return denied
    db = store(request)
    found = db.get(article_id)
    if found is None:
        return error_page(request, 404, f"no article {article_id}")
    story = _story(found["title"], db.related(article_id))
    return render(request, "story.html", story={**story, "related": True})


@router.get("/stories")
def story_list(
    request: Request,
    min_size: int = Query(2, ge=1),
    sort: str = Query("importance", pattern="^(time|importance)$"),
) -> Response:
    if (denied := _guard(request)) is not None:
        return denied
    found = store(request).stories(limit=PAGE * 5, min_size=min_size, sort=sort)
    return render(request, "stories.html", stories=found, min_size=min_size, sort=sort)


@router.get("/stories/{story_id}")
def story(request: Request, story_id: StoryId) -> Response:
    if (denied := _guard(request)) is not None:
        return denied
    db = store(request)
    found = db.story(story_id)
    if found is None:
        return error_page(request, 404, f"no story {story_id}")
    ids = [i if isinstance(i, int) else i["id"] for i in found.get("articles", [])]
    shown = _story(found.get("title"), db.summaries(ids))
    roles = {m["id"]: m for m in found.get("members", [])}
    for report in shown["reports"]:
        member = roles.get(report.get("id"), {})
        report["role"], report["original_id"] = member.get("role"), member.get("original_id")
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


def _story(title: str | None, reports: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(reports, key=lambda r: (r.get("published") or "9999", r.get("id") or 0))
    outlets = sorted({r["outlet"] for r in ordered if r.get("outlet")})
    dated = [r for r in ordered if r.get("published")]
    return {
        "title": title,
        "reports": ordered,
        "sources": outlets,
        "first": dated[0] if dated else None,
    }


@router.get("/entities/{name}")
def entity(request: Request, name: str) -> Response:
    if (denied := _guard(request)) is not None:
        return denied
    profile = store(request).entity(name)
    if profile is None:
        return error_page(request, 404, f"no entity named {name}")
    series = {
        "series": [
            {
                "name": profile["name"],
                "points": [{"period": p["date"], "count": p["count"]} for p in profile["timeline"]],
            }
        ]
    }
    from obzor.positions.timeline import actor_positions

    return render(
        request,
        "entity.html",
        e=profile,
        positions=actor_positions(
            store(request), profile["id"] or profile["name"], limit=POSITIONS_SHOWN
        ),
        graph=_graph(profile["name"], profile["co_mentioned"]),
        timeline=json.dumps(series, ensure_ascii=False),
    )


def _graph(center: str, neighbours: list[dict[str, Any]]) -> dict[str, Any]:
    """A star graph laid out on a circle: the entity in the middle, co-mentions around it."""
    # px: a wide box, so the ring (radius 100) leaves ~170 px each side for the labels
    width, height, radius = 560, 280, 100
    mid, cy = width / 2, height / 2
    most = max((n["articles"] for n in neighbours), default=1)
    nodes = []
    for i, n in enumerate(neighbours):
        angle = 2 * math.pi * i / max(len(neighbours), 1) - math.pi / 2
        x, y = mid + radius * math.cos(angle), cy + radius * math.sin(angle)
        # Labels point away from the centre: left of nodes on the left, right on the right.
        anchor = "start" if x > mid + 1 else "end" if x < mid - 1 else "middle"
        dx = {"start": 9, "end": -9, "middle": 0}[anchor]
        dy = 4 if anchor != "middle" else (-10 if y < cy else 18)
        nodes.append(
            {
                **n,
                "x": round(x, 1),
                "y": round(y, 1),
                "lx": round(x + dx, 1),
                "ly": round(y + dy, 1),
                "anchor": anchor,
                "w": round(1 + 4 * n["articles"] / most, 1),
            }
        )
    return {
        "width": width,
        "height": height,
        "mid": mid,
        "cy": cy,
        "center": center,
        "nodes": nodes,
    }


@router.get("/briefing")
def briefing(request: Request, day: str = "") -> Response:
    if (denied := _guard(request)) is not None:
        return denied
    if not day:  # the newest day in the base, as on the dashboard
        newest = store(request).list_articles(1, 0)[0]
        day = str(newest[0]["published"] or "")[:10] if newest else ""
    try:
        when = date.fromisoformat(day) if day else datetime.now(UTC).date()
    except ValueError:
        return error_page(request, 400, f"day must be YYYY-MM-DD, got {day}")
    brief = queries.briefing(store(request), when.isoformat())
    trend = named_series(queries.trend_series(brief["trend"]), page_language(request))
    return render(
        request,
        "briefing.html",
        day=when.isoformat(),
        brief=brief,
        trend=json.dumps(trend, ensure_ascii=False),
    )
