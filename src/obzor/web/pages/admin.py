"""The admin page: users (add, remove, new token), tokens (revoke) and sources (add, remove)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.sources.kinds import KINDS
from obzor.sources.registry import check_remote_location
from obzor.store.base import StoreError
from obzor.store.team import ROLES
from obzor.web.forms import back, member, posted
from obzor.web.render import render

router = APIRouter(include_in_schema=False)
RELIABILITY = "ABCDEF"  # the Admiralty grades of a source, A (reliable) to F (cannot judge)


def _page(request: Request, code: int = 200, error: str | None = None,
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
    return _page(request)


@router.post("/admin/users")
def add_user(request: Request, name: str = Form(""), role: str = Form(""),
             csrf: str = Form("")) -> Response:  # fmt: skip
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    try:
        token = store(request).add_user(name, role)
    except StoreError as e:
        return _page(request, 400, str(e))
    return _page(request, 201, issued={"name": name.strip(), "token": token})


@router.post("/admin/users/remove")
def remove_user(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    me: dict[str, Any] = request.state.user
    if me["name"] == name:  # the last admin could lock everyone out
        return _page(request, 400, "you cannot remove yourself; another admin can")
    try:
        store(request).remove_user(name)
    except StoreError as e:
        return _page(request, 404, str(e))
    return back("/admin")


@router.post("/admin/users/token")
def new_token(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    try:
        token = store(request).issue_token(name)
    except StoreError as e:
        return _page(request, 404, str(e))
    return _page(request, 201, issued={"name": name, "token": token})


@router.post("/admin/tokens/{token_id}/revoke")
def revoke(request: Request, token_id: int, csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    if not store(request).revoke_token(token_id):
        return _page(request, 404, f"no token {token_id}")
    return back("/admin")


@router.post("/admin/sources")
def add_source(
    request: Request,
    name: str = Form(""),
    url: str = Form(""),
    kind: str = Form(""),
    reliability: str = Form("F"),
    country: str = Form(""),
    language: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    fields = {"name": name, "url": url, "kind": kind, "reliability": reliability,
              "country": country, "language": language}  # fmt: skip
    data = {k: v.strip() for k, v in fields.items() if v.strip()}
    try:
        if data.get("url"):
            check_remote_location(data["url"], request.app.state.settings.source_folders)
        store(request).add_source(data)
    except (TypeError, ValueError, StoreError) as e:
        return _page(request, 400, str(e))
    return back("/admin#sources")


@router.post("/admin/sources/remove")
def remove_source(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    if not store(request).unregister(name):
        return _page(request, 404, f"no source {name!r}")
    return back("/admin#sources")
