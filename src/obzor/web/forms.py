"""What the web forms share: the role check of a page and the CSRF check of a POST."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from obzor.api.deps import current_user
from obzor.store.team import ROLES
from obzor.web.render import csrf_ok, error_page, forged

GUEST = {"id": 0, "name": "guest", "role": "viewer"}  # an open server's reader (--open-web)


def member(request: Request, role: str = "viewer") -> Response | None:
    """None when the visitor holds at least `role`; else the login redirect (no user) or a 403
    page, as the API answers 401 and 403. An open server lets a guest read, never write."""
    user = current_user(request)
    if user is None and request.app.state.open_web and role == "viewer":
        request.state.user = GUEST
        return None
    if user is None:
        return RedirectResponse("/login", status_code=303)
    if ROLES.index(user["role"]) < ROLES.index(role):
        return error_page(request, 403, f"this needs the {role} role; you are {user['role']}")
    return None


def posted(request: Request, csrf: str, role: str) -> Response | None:
    """None when a form POST carries the visitor's CSRF token and the visitor holds `role`."""
    if not csrf_ok(request, csrf):
        return forged(request)
    return member(request, role)


def user_id(request: Request) -> int:
    """The id of the user member() let through."""
    user: dict[str, Any] = request.state.user
    return int(user["id"])


def back(url: str) -> Response:
    """The answer to a form that worked: see the page it changed (POST-redirect-GET)."""
    return RedirectResponse(url, status_code=303)
