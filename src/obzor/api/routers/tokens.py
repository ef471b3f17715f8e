"""A user's API tokens (admin): GET /api/users/{name}/tokens lists them, DELETE
/api/tokens/{id} revokes one. Only their SHA-256 is stored (store/team.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from obzor.api.deps import ApiError, etag_json, require, store
from obzor.store.base import StoreError

router = APIRouter(prefix="/api")


@router.get(
    "/users/{name}/tokens",
    dependencies=[Depends(require("admin"))],
    summary="A user's token ids and creation times (admin)",
)
def tokens(request: Request, name: str) -> Response:
    try:
        return etag_json(request, {"items": store(request).tokens(name)})
    except StoreError as e:
        raise ApiError(404, "not_found", str(e)) from e


@router.delete(
    "/tokens/{token_id}",
    dependencies=[Depends(require("admin"))],
    summary="Revoke a token by id (admin)",
)
def revoke(request: Request, token_id: int) -> Response:
    if not store(request).revoke_token(token_id):
        raise ApiError(404, "not_found", f"no token {token_id}")
    return etag_json(request, {"id": token_id, "revoked": True})
