"""What every page shares: the templates and their globals, the page language, rendering with
the shared context (strings, language, user, CSRF token), error pages and the CSRF check."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from obzor.taxonomy.threats import category_label
from obzor.web import i18n
from obzor.web.facts import entity_name, fact_text

LANG_COOKIE = "obzor_lang"
# Double-submit CSRF token: a random value in a SameSite=Strict cookie, repeated in a hidden
# field of every POST form; another site can neither read the cookie nor guess the value.
CSRF_COOKIE = "obzor_csrf"


def export_link(fmt: str, q: str = "", **filters: Any) -> str:
    """The URL of an export button: the page's query and filters in one format."""
    params = {"format": fmt, "q": q, **filters}
    return "/export?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
# Templates show a threat category's human name in the page language, never its id.
templates.env.globals["threat_name"] = category_label
templates.env.globals["fact_text"] = fact_text
templates.env.globals["entity_name"] = entity_name
templates.env.globals["export_link"] = export_link


def page_language(request: Request) -> str:
    """The page language: ?lang=, else the cookie, else Russian."""
    return i18n.pick(request.query_params.get("lang") or request.cookies.get(LANG_COOKIE))


def named_series(trend: dict[str, Any], lang: str) -> dict[str, Any]:
    """A threat trend whose series carry the categories' human names (the API keeps ids)."""
    series = [{**s, "name": category_label(s["name"], lang)} for s in trend.get("series", [])]
    return {**trend, "series": series}


def render(request: Request, name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
    """A template with the shared context (strings t, lang, user) in the chosen language."""
    lang = page_language(request)
    user = getattr(request.state, "user", None)
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    context = {"t": i18n.messages()[lang], "lang": lang, "user": user, "csrf": csrf, **ctx}
    response = templates.TemplateResponse(request, name, context, status_code=code)
    if request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 86400)
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a page (the API answers JSON instead)."""
    if status == 401:
        return RedirectResponse("/login", status_code=303)  # type: ignore[return-value]
    return render(request, "error.html", status, status=status, message=message)


def csrf_ok(request: Request, sent: str) -> bool:
    """Whether a form's CSRF field matches the visitor's CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


def forged(request: Request) -> Response:
    """The 403 page of a form whose CSRF field does not match."""
    message = "the form has expired or came from another site; reload the page and try again"
    return render(request, "error.html", 403, status=403, message=message)
