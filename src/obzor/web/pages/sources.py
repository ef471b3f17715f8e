"""The admin page's source forms (admin): register a source (local paths and private
addresses refused as in POST /api/sources), remove one."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.sources.registry import check_remote_location
from obzor.store.base import StoreError
from obzor.web.forms import back, posted
from obzor.web.pages.admin import admin_page

router = APIRouter(include_in_schema=False)


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
        return admin_page(request, 400, str(e))
    return back("/admin#sources")


@router.post("/admin/sources/remove")
def remove_source(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    if (denied := posted(request, csrf, "admin")) is not None:
        return denied
    if not store(request).unregister(name):
        return admin_page(request, 404, f"no source {name!r}")
    return back("/admin#sources")
