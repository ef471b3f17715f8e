"""The admin page `/admin`: users with their tokens, and sources, each with its forms; the
forms post to web/pages/users.py, tokens.py and sources.py, which answer with this page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.sources.kinds import KINDS
from obzor.store.team import ROLES
from obzor.web.forms import member
from obzor.web.render import render

router = APIRouter(include_in_schema=False)
RELIABILITY = "ABCDEF"  # the Admiralty grades of a source, A (reliable) to F (cannot judge)


def admin_page(request: Request, code: int = 200, error: str | None = None,
               issued: dict[str, str] | None = None) -> Response:  # fmt: skip
    """The admin page; `issued` shows a new token once (only its hash is kept)."""
    db = store(request)
    users = [{**u, "tokens": db.tokens(u["name"])} for u in db.users()]
    return render(
        request, "admin.html", code, users=users, sources=db.list_sources(), roles=ROLES,
        grades=RELIABILITY, kinds=KINDS, error=error, issued=issued,
    )  # fmt: skip


@router.get("/admin")
def admin(request: Request) -> Response:
    if (denied := member(request, "admin")) is not None:
        return denied
    return admin_page(request)
