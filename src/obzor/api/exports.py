"""GET /api/export: what a search finds as CSV, JSONL, STIX 2.1, GraphML or GEXF, as the CLI."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from obzor.api.deps import ApiError, known_parameters, require, store
from obzor.export import FORMATS, KINDS, MEDIA_TYPES, SUFFIXES, chunks
from obzor.store.base import QueryError

router = APIRouter(prefix="/api", dependencies=[Depends(require("viewer"))])
ALLOWED = {"format", "kind", "q", "threat", "entity", "date_from", "exact"}
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
    exact: Annotated[bool, Query(description="Words only, as /api/search.")] = False,
) -> StreamingResponse:
    known_parameters(request, *ALLOWED)
    db = store(request)
    spool = tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+b")  # noqa: SIM115
    try:
        rows = db.export_articles(q, threat=threat, entity=entity, since=date_from, exact=exact)
        for part in chunks(format, rows, db, kind):
            spool.write(part.encode("utf-8"))
    except (QueryError, ValueError) as e:
        spool.close()
        raise ApiError(400, "bad_export", str(e)) from e
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
