"""What every endpoint shares: the per-thread store, auth by token and role, JSON with ETags,
the paging and filter parameters."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from obzor.api import queries
from obzor.api.shedding import open_deadline_store
from obzor.store import Store
from obzor.store.team import ROLES

# Pages longer than this cost the server more than they help a client; clients page instead.
MAX_LIMIT = 100
COOKIE = "obzor_token"
# Row ids are SQLite/PostgreSQL 64-bit integers; a larger id in a URL is a 422, not an
# overflow deep in the driver (a 500).
MAX_ID = 2**63 - 1
# No listing has a billion rows; the bound keeps offset + limit inside 64 bits.
MAX_OFFSET = 1_000_000_000
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="An article id.")]
StoryId = Annotated[int, Path(ge=1, le=MAX_ID, description="A story id.")]
LIMIT = Query(20, description="Items per page (1-100).")
OFFSET = Query(0, le=MAX_OFFSET, description="Items to skip (at most 10^9).")
DAY = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD, as the CLI's --since, --until


class ApiError(HTTPException):
    """An error with a stable machine code, rendered as {"error": {status, code, message}}."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code


class Stores:
    """One store per server thread (SQLite connections must stay on their thread)."""

    def __init__(self, url: str, statement_timeout_ms: int = 0) -> None:
        self.url = url
        self.statement_timeout_ms = statement_timeout_ms
        self.local = threading.local()
        self.all: list[Store] = []
        self.lock = threading.Lock()

    def get(self) -> Store:
        """This thread's store, opened on first use."""
        store: Store | None = getattr(self.local, "store", None)
        if store is None:
            # Queries stop at the request's deadline (SQLite); in PostgreSQL no statement (a
            # search, a wait for the write lock) runs longer than a search may, and the API
            # answers one that does with 503 (api/app.py).
            store = open_deadline_store(self.url, self.statement_timeout_ms)
            self.local.store = store
            with self.lock:
                self.all.append(store)
        return store

    def close(self) -> None:
        """Close every store opened (at shutdown)."""
        with self.lock:
            for store in self.all:
                # A store from a finished thread may refuse to close: nothing is lost.
                with contextlib.suppress(Exception):
                    store.close()
            self.all.clear()


def store(request: Request) -> Store:
    """The request's store."""
    stores: Stores = request.app.state.stores
    return stores.get()


def search(
    request: Request, q: str, filters: dict[str, Any], limit: int, offset: int, exact: bool,
    sort: str = "relevance",
) -> dict[str, Any]:  # fmt: skip
    """queries.search, in the search worker processes when the server has them."""
    pool = request.app.state.search_pool
    if pool is not None:
        return pool.search(q, filters, limit, offset, exact, sort)  # type: ignore[no-any-return]
    return queries.search(store(request), q, filters, limit, offset, exact, sort)


def known_parameters(request: Request, *names: str) -> None:
    """422 for a query parameter the endpoint does not take: no filter is silently ignored."""
    unknown = sorted(set(request.query_params) - set(names))
    if unknown:
        raise ApiError(
            422, "unknown_parameter", f"unknown parameters: {', '.join(unknown)}; known: "
            + ", ".join(sorted(names)),
        )  # fmt: skip


def token_of(request: Request) -> str | None:
    """The bearer token of a request (Authorization header, else the web login cookie)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(COOKIE) or None


def current_user(request: Request) -> dict[str, Any] | None:
    """The authenticated user of a request, or None."""
    if not hasattr(request.state, "user"):
        token = token_of(request)
        request.state.user = store(request).authenticate(token) if token else None
    user: dict[str, Any] | None = request.state.user
    return user


def require(role: str) -> Callable[[Request], dict[str, Any]]:
    """A dependency that lets through users with at least this role (401 / 403 otherwise)."""

    def check(request: Request) -> dict[str, Any]:
        user = current_user(request)
        if user is None:
            raise ApiError(401, "unauthenticated", "send Authorization: Bearer <token>")
        if ROLES.index(user["role"]) < ROLES.index(role):
            raise ApiError(403, "forbidden", f"this needs the {role} role; you are {user['role']}")
        return user

    return check


def etag_json(request: Request, data: Any, status: int = 200) -> Response:
    """data as JSON with a strong ETag; 304 when the client already holds this version."""
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
    if status == 200 and tag in [
        t.strip() for t in request.headers.get("if-none-match", "").split(",")
    ]:
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The pagination envelope: items, total, limit, offset and the next offset (or None)."""
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": nxt}


def listing(request: Request, rows: list[dict[str, Any]], limit: int, offset: int) -> Response:
    """A page of rows fetched with limit offset + limit + 1 (one more says there is a next)."""
    return etag_json(
        request, page(jsonable_encoder(rows[offset : offset + limit]), len(rows), limit, offset)
    )


def check_page(limit: int, offset: int) -> None:
    """400 for a limit outside 1..MAX_LIMIT or a negative offset."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, "bad_limit", f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise ApiError(400, "bad_offset", "offset must be 0 or more")


def filter_params(
    language: str | None = Query(None, description="Language code: ru, kk, en."),
    outlet: str | None = Query(None, description="Source (outlet) name."),
    entity: str | None = Query(None, description="An entity name, as in /api/entities."),
    country: str | None = Query(None, description="A country or place (LOC entity) name."),
    threat: str | None = Query(None, description="A threat category."),
    date_from: str | None = Query(None, description="Published on or after (YYYY-MM-DD)."),
    date_to: str | None = Query(None, description="Published on or before (YYYY-MM-DD)."),
) -> dict[str, Any]:
    """The filter parameters the article listing and the search take, checked."""
    try:
        return queries.clean_filters(locals())
    except ValueError as e:
        raise ApiError(400, "bad_filter", str(e)) from e


Viewer = Annotated[dict[str, Any], Depends(require("viewer"))]
Analyst = Annotated[dict[str, Any], Depends(require("analyst"))]
Filters = Annotated[dict[str, Any], Depends(filter_params)]
VIEWER = [Depends(require("viewer"))]  # a router's or route's dependencies: any user
