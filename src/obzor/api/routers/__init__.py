"""One APIRouter per noun of the REST API, each with its paths under /api; api/app.py mounts
ROUTERS, and what they share (the store, roles, paging, filters, ETags) is in api/deps.py."""

from fastapi import APIRouter

from obzor.api.routers import (
    alerts,
    annotations,
    articles,
    briefings,
    calendar,
    entities,
    events,
    exports,
    ingest,
    positions,
    quotes,
    saved_searches,
    search,
    sources,
    stories,
    tokens,
    trends,
    users,
)

# Mounted in this order, which is the order of the OpenAPI document's paths.
ROUTERS: tuple[APIRouter, ...] = tuple(
    noun.router
    for noun in (
        users, tokens, saved_searches, annotations, ingest, articles, search, entities, trends,
        stories, events, quotes, sources, briefings, exports, alerts, positions, calendar,
    )
)  # fmt: skip
