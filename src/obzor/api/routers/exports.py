"""GET /api/export: what a search finds as CSV, JSONL, STIX 2.1, GraphML or GEXF, as the CLI."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from obzor.api.deps import ApiError, known_parameters, require, store
from obzor.export import FORMATS, KINDS, MEDIA_TYPES, SUFFIXES, chunks
from obzor.store import Store
from obzor.store.base import QueryError
from obzor.store.exports import NARROW

router = APIRouter(prefix="/api", dependencies=[Depends(require("viewer"))])
ALLOWED = {"format", "kind", "q", "threat", "entity", "date_from", "exact", *NARROW}
# The export is written on the request's thread (the store's), spilling to disk past this.
SPOOL_BYTES = 1 << 20


@router.get("/export", summary="Export a search (all articles without q) in one format")
def export(
    request: Request,
    format: Annotated[str, Query(pattern="^(" + "|".join(FORMATS) + ")$")],
    kind: Annotated[str, Query(pattern="^(" + "|".join(KINDS) + ")$")] = "articles",
    q: Annotated[str | None, Query(description="Search query, as /api/search.")] = None,
    threat: Annotated[str | None, Query(description="A threat category.")] = None,
    entity: Annotated[str | None, Query(description="An entity (KB id or name).")] = None,
    date_from: Annotated[str | None, Query(description="Published on or after.")] = None,
    date_to: Annotated[str | None, Query(description="Published on or before.")] = None,
    language: Annotated[str | None, Query(description="Article language (ru, kk, en).")] = None,
    outlet: Annotated[str | None, Query(description="An outlet's name.")] = None,
    country: Annotated[str | None, Query(description="A place named in the article.")] = None,
    story: Annotated[int | None, Query(ge=1, description="Only this story's reports.")] = None,
    exact: Annotated[bool, Query(description="Words only, as /api/search.")] = False,
) -> StreamingResponse:
    known_parameters(request, *ALLOWED)
    narrow = {"date_to": date_to, "language": language, "outlet": outlet, "country": country,
              "story": story}  # fmt: skip
    try:
        return export_response(store(request), format, kind, q, threat, entity, date_from,
                               exact, narrow)  # fmt: skip
    except (QueryError, ValueError) as e:
        raise ApiError(400, "bad_export", str(e)) from e


def export_response(
    db: Store, format: str, kind: str, q: str | None, threat: str | None, entity: str | None,
    since: str | None, exact: bool = False, narrow: dict[str, Any] | None = None,
) -> StreamingResponse:  # fmt: skip
    """The export as a download (the API's and the web pages' buttons); QueryError or
    ValueError for a bad query or filter, before anything is sent."""
    spool = tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+b")  # noqa: SIM115
    kept = {k: str(v) for k, v in (narrow or {}).items() if v}
    try:
        rows = db.export_articles(q, threat=threat, entity=entity, since=since, exact=exact,
                                  narrow=kept)  # fmt: skip
        for part in chunks(format, rows, db, kind):
            spool.write(part.encode("utf-8"))
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    name = f"obzor-{kind if format in ('csv', 'jsonl') else 'articles'}.{SUFFIXES[format]}"
    return StreamingResponse(
        _read(spool),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _read(spool: IO[bytes]) -> Iterator[bytes]:
    with spool:
        while block := spool.read(1 << 16):
            yield block
