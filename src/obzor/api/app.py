"""The ASGI app: REST API under /api (OpenAPI at /api/openapi.json) and the web pages."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from obzor.api.deps import ApiError, Stores
from obzor.api.headers import SecurityHeaders
from obzor.api.routers import ROUTERS
from obzor.api.searchpool import SearchPool
from obzor.api.shedding import Shedding
from obzor.settings import Settings
from obzor.store.base import QueryError, StoreError, db_fault

log = logging.getLogger("obzor.api")
STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
# A write lock is held for one batch (well under a second to a few seconds).
RETRY_AFTER_S = 2
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_request",
    503: "busy",
    501: "not_implemented",
}


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """The one JSON error shape: {"error": {"status", "code", "message"}}."""
    body = {"error": {"status": status, "code": code, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def create_app(db_url: str, open_web: bool = False, settings: Settings | None = None) -> FastAPI:
    """The team server over the store at db_url; open_web serves pages without a login."""
    conf = settings or Settings.load(db=db_url)
    stores = Stores(db_url, conf.search_deadline_ms)
    workers, deadline_s = conf.search_workers, conf.search_deadline_ms / 1000
    pool = SearchPool(db_url, workers, deadline_s) if workers > 0 else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()
        if pool is not None:
            pool.close()

    app = FastAPI(
        title="obzor",
        version="0.1.0",
        description="Regional-security news: articles, search, entities, trends, stories. "
        "Send `Authorization: Bearer <token>` (see `obzor users add`).",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.stores = stores
    app.state.open_web = open_web
    app.state.settings = conf
    app.state.search_pool = pool
    from obzor.web.pages import PAGES  # the pages import the API's modules

    for router in (*ROUTERS, *PAGES):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _handlers(app)
    app.add_middleware(
        Shedding,
        concurrency=conf.search_concurrency,
        wait_s=conf.search_wait_ms / 1000,
        deadline_s=conf.search_deadline_ms / 1000,
    )
    app.add_middleware(SecurityHeaders)  # outermost: the 503 of Shedding gets them too

    return app


def _handlers(app: FastAPI) -> None:
    from obzor.web.render import error_page

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = exc.code if isinstance(exc, ApiError) else CODES.get(exc.status_code, "error")
        if wants_html(request):
            return error_page(request, exc.status_code, str(exc.detail))
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return error(exc.status_code, code, str(exc.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}"
        if wants_html(request):
            return error_page(request, 422, message)
        return error(422, "invalid_request", message)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return error(400, "bad_query", str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error: %s", exc)
        return error(503, "store_unavailable", "the database is not available")

    @app.exception_handler(OverflowError)
    async def overflow(request: Request, exc: OverflowError) -> Response:
        return error(422, "invalid_request", "a number in the request is too large")

    @app.exception_handler(sqlite3.OperationalError)
    async def busy(request: Request, exc: sqlite3.OperationalError) -> Response:
        return _database_error(exc)

    @app.exception_handler(DBAPIError)
    async def wrapped(request: Request, exc: DBAPIError) -> Response:
        return _database_error(exc.orig or exc)  # a SQLAlchemy Core verb's driver error

    try:
        import psycopg
    except ImportError:  # pragma: no cover - depends on the installed extras
        return

    @app.exception_handler(psycopg.Error)
    async def postgres(request: Request, exc: psycopg.Error) -> Response:
        return _database_error(exc)


# PostgreSQL states that pass with time: lock not available, serialization failure, deadlock,
# too many connections, server starting; class 08 is a lost connection.
PG_BUSY = ("55P03", "40001", "40P01", "53300", "57P03")
PG_TIMEOUT = "57014"  # query_canceled: statement_timeout (api/deps.py) ended it


def _database_error(exc: BaseException) -> Response:
    """A database error as the API answers it: 503 with Retry-After for what passes with time
    (a deadline, a lock, a busy server), 503 for a base that cannot be written, else 500."""
    log.error("database error: %s", exc)
    retry = {"Retry-After": str(RETRY_AFTER_S)}
    state = str(getattr(exc, "sqlstate", None) or "")
    if "interrupted" in str(exc) or state == PG_TIMEOUT:  # the request's deadline passed
        return error(503, "timeout", "the query took too long; narrow it or retry", retry)
    if state in PG_BUSY or state.startswith("08"):
        return error(503, "busy", "the database is busy; retry shortly", retry)
    fault = db_fault(exc)
    if fault is None:
        return error(500, "internal", "internal error (logged)")
    if fault[0] == "locked":  # a writer (ingest, watch) holds it: a moment later works
        return error(503, "busy", "the database is busy; retry shortly", retry)
    return error(503, "store_unavailable", f"the database cannot be written: {fault[0]}")
