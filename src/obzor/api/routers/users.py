"""GET /api/me (any user), and the users an admin lists, adds and removes. A user's tokens are
api/routers/tokens.py."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from obzor.api.deps import ApiError, Viewer, etag_json, require, store
from obzor.store.base import StoreError
from obzor.store.team import ROLES

router = APIRouter(prefix="/api")


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: str = Field(pattern="^(" + "|".join(ROLES) + ")$")


@router.get("/me", summary="The user a token belongs to")
def me(request: Request, user: Viewer) -> Response:
    return etag_json(request, {"name": user["name"], "role": user["role"]})


@router.get("/users", dependencies=[Depends(require("admin"))], summary="Users (admin)")
def users(request: Request) -> Response:
    return etag_json(request, {"items": store(request).users()})


@router.post(
    "/users",
    dependencies=[Depends(require("admin"))],
    status_code=201,
    summary="Create a user; the token is in the answer, once (admin)",
)
def add_user(request: Request, body: NewUser) -> Response:
    try:
        token = store(request).add_user(body.name, body.role)
    except StoreError as e:
        raise ApiError(409, "conflict", str(e)) from e
    return etag_json(request, {"name": body.name, "role": body.role, "token": token}, status=201)


@router.delete(
    "/users/{name}",
    dependencies=[Depends(require("admin"))],
    summary="Remove a user: tokens revoked, saved searches deleted, notes kept (admin)",
)
def remove_user(request: Request, name: str) -> Response:
    try:
        done = store(request).remove_user(name)
    except StoreError as e:
        raise ApiError(404, "not_found", str(e)) from e
    return etag_json(request, {"name": name, "removed": True, **done})
