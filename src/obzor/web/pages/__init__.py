"""The web UI: one router of server-rendered pages per noun (paths outside /api, none in the
OpenAPI document); api/app.py mounts PAGES. What they share is web/render.py (templates,
language, error pages, CSRF) and web/forms.py (the role check of a page, a POST's checks)."""

from fastapi import APIRouter

from obzor.web.pages import (
    admin,
    alerts,
    articles,
    briefing,
    calendar,
    dashboard,
    entities,
    exports,
    login,
    notes,
    saved_searches,
    search,
    sources,
    stories,
    tokens,
    users,
)

PAGES: tuple[APIRouter, ...] = tuple(
    noun.router
    for noun in (
        login, dashboard, search, articles, stories, entities, briefing, saved_searches, alerts,
        notes, exports, admin, users, tokens, sources, calendar,
    )
)  # fmt: skip
