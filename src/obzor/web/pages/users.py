"""The admin page's user forms (admin): add a user (the token shown once), remove one (never
oneself), issue another token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.store.base import StoreError
from obzor.web.forms import back, posted
from obzor.web.pages.admin import admin_page

router = APIRouter(include_in_schema=False)


@router.post("/admin/users")
def add_user(request: Request, name: str = Form(""), role: str = Form(""),
             csrf: str = Form("")) -> Response:  # fmt: skip
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    try:
        token = store(request).add_user(name, role)
    except StoreError as e:
        return admin_page(request, 400, str(e))
    return admin_page(request, 201, issued={"name": name.strip(), "token": token})


@router.post("/admin/users/remove")
def remove_user(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    me: dict[str, Any] = request.state.user
    if me["name"] == name:  # the last admin could lock everyone out
        return admin_page(request, 400, "you cannot remove yourself; another admin can")
    try:
        store(request).remove_user(name)
    except StoreError as e:
        return admin_page(request, 404, str(e))
    return back("/admin")


@router.post("/admin/users/token")
def new_token(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    try:
        token = store(request).issue_token(name)
    except StoreError as e:
        return admin_page(request, 404, str(e))
    return admin_page(request, 201, issued={"name": name, "token": token})
