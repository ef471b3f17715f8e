"""The login page (a token once, kept in an HttpOnly cookie) and the logout form."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from obzor.api.deps import COOKIE, store
from obzor.web.render import csrf_ok, forged, render

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html", bad=False)


@router.post("/login")
def login(request: Request, token: str = Form(""), csrf: str = Form("")) -> Response:
    if not csrf_ok(request, csrf):
        return forged(request)
    if not token.strip() or store(request).authenticate(token.strip()) is None:
        return render(request, "login.html", 401, bad=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    if not csrf_ok(request, csrf):
        return forged(request)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
