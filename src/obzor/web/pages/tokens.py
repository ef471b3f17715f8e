"""The admin page's token form (admin): revoke a token by id."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.web.forms import back, posted
from obzor.web.pages.admin import admin_page

router = APIRouter(include_in_schema=False)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke(request: Request, token_id: int, csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    if not store(request).revoke_token(token_id):
        return admin_page(request, 404, f"no token {token_id}")
    return back("/admin")
