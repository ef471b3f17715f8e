"""The role matrix over every API route: anonymous and bad tokens get 401, a role below the
route's gets 403, the others never 401/403/5xx. A route missing from the table fails the test,
so a new endpoint cannot ship without its role (issue 18)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.store import open_store

IDENTITIES = ("anonymous", "bad token", "viewer", "analyst", "admin")
ORDER = ("viewer", "analyst", "admin")
# (method, path template) -> (least role, query string, JSON body); bodies valid for the route.
ROUTES: dict[tuple[str, str], tuple[str, str, dict[str, Any] | None]] = {
    ("GET", "/api/me"): ("viewer", "", None),
    ("GET", "/api/users"): ("admin", "", None),
    ("POST", "/api/users"): ("admin", "", {"name": "new-{who}", "role": "viewer"}),
    ("GET", "/api/saved-searches"): ("analyst", "", None),
    ("POST", "/api/saved-searches"): ("analyst", "", {"name": "s", "q": "ОДКБ"}),
    ("DELETE", "/api/saved-searches/{search_id}"): ("analyst", "", None),
    ("GET", "/api/articles/{article_id}/annotations"): ("viewer", "", None),
    ("POST", "/api/articles/{article_id}/annotations"): ("analyst", "", {"note": "проверить"}),
    ("POST", "/api/ingest"): ("admin", "", {"title": "Учения", "text": "Учения ОДКБ {who}."}),
    ("GET", "/api/articles"): ("viewer", "", None),
    ("GET", "/api/articles/{article_id}"): ("viewer", "", None),
    ("GET", "/api/search"): ("viewer", "q=ОДКБ", None),
    ("GET", "/api/entities"): ("viewer", "", None),
    ("GET", "/api/entities/similar"): ("viewer", "name=Токаев", None),
    ("GET", "/api/entities/{name}"): ("viewer", "", None),
    ("GET", "/api/entities/{name}/positions"): ("viewer", "", None),
    ("GET", "/api/trends"): ("viewer", "", None),
    ("GET", "/api/stats"): ("viewer", "", None),
    ("GET", "/api/stories"): ("viewer", "", None),
    ("GET", "/api/stories/{story_id}"): ("viewer", "", None),
    ("GET", "/api/events"): ("viewer", "", None),
    ("GET", "/api/quotes"): ("viewer", "", None),
    ("GET", "/api/calendar"): ("viewer", "", None),
    ("GET", "/api/calendar.ics"): ("viewer", "", None),
    ("GET", "/api/sources"): ("viewer", "", None),
    (
        "POST",
        "/api/sources",
    ): ("admin", "", {"name": "src-{who}", "url": "https://example.org/rss", "kind": "rss"}),
    ("GET", "/api/briefings/{day}"): ("viewer", "", None),
    ("GET", "/api/export"): ("viewer", "format=csv", None),
    ("GET", "/api/alerts"): ("analyst", "", None),
    ("POST", "/api/alerts"): ("analyst", "", {"name": "a-{who}", "q": "ОДКБ"}),
    ("DELETE", "/api/alerts/{name}"): ("analyst", "", None),
    ("GET", "/api/alerts/{name}/feed"): ("viewer", "", None),
    ("DELETE", "/api/users/{name}"): ("admin", "", None),
    ("GET", "/api/users/{name}/tokens"): ("admin", "", None),
    ("DELETE", "/api/tokens/{token_id}"): ("admin", "", None),
}
PARAMS = {
    "article_id": "1", "story_id": "1", "name": "ОДКБ", "day": "2025-09-16", "token_id": "999999",
    "search_id": "999999",
}  # fmt: skip


@pytest.fixture(scope="module")
def api(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("roles") / "r.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        tokens = {role: store.add_user(f"{role}-user", role) for role in ORDER}
    tokens["bad token"] = "not-a-token"
    with TestClient(create_app(url), raise_server_exceptions=False) as client:
        client.tokens = tokens  # type: ignore[attr-defined]
        yield client


def test_every_route_is_in_the_matrix(api: Any) -> None:
    routes = {
        (m.upper(), p)
        for p, ops in api.get("/api/openapi.json").json()["paths"].items()
        for m in ops
    }
    assert routes == set(ROUTES)


@pytest.mark.parametrize("who", IDENTITIES)
@pytest.mark.parametrize("route", sorted(ROUTES), ids=[f"{m} {p}" for m, p in sorted(ROUTES)])
def test_role_matrix(api: Any, route: tuple[str, str], who: str) -> None:
    method, template = route
    least, query, body = ROUTES[route]
    path = template.format(**PARAMS) + (f"?{query}" if query else "")
    headers = {} if who == "anonymous" else {"Authorization": f"Bearer {api.tokens[who]}"}
    data = (
        None
        if body is None
        else {k: v.format(who=who) if isinstance(v, str) else v for k, v in body.items()}
    )
    r = api.request(method, path, headers=headers, json=data)
    if who in ("anonymous", "bad token"):
        assert r.status_code == 401, r.text
    elif ORDER.index(who) < ORDER.index(least):
        assert r.status_code == 403, r.text
    else:
        assert r.status_code < 400 or r.status_code in (404, 409), r.text
