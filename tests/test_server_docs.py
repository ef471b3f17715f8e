"""docs/server.md lists every path the server answers, with its methods and the module that
serves it, and no path it does not; each API role is the one the role matrix enforces. A new
endpoint or page cannot ship undocumented, nor a removed one stay in the docs (issue 15)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from starlette.routing import Mount

from obzor.api import create_app
from test_api_roles import ROUTES

DOC = Path(__file__).resolve().parents[1] / "docs" / "server.md"
METHOD = r"(?:GET|POST|PUT|PATCH|DELETE)"
# | GET, POST | `/api/users` | admin | `api/routers/users.py` | what |
ROW = re.compile(rf"^\| ({METHOD}(?:, {METHOD})*) \| `(/[^`]*)` \| (\w+) \| `([\w/.]+)` \|")
Served = set[tuple[str, str, str]]  # (method, path, module file under src/obzor)


def documented() -> dict[tuple[str, str], tuple[str, str]]:
    """(method, path) -> (role, module) from the tables of docs/server.md."""
    rows: dict[tuple[str, str], tuple[str, str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if found := ROW.match(line):
            methods, path, role, module = found.groups()
            for method in methods.split(", "):
                assert (method, path) not in rows, f"{method} {path} is listed twice"
                rows[method, path] = (role, module)
    return rows


def _routes(routes: Iterable[Any]) -> Iterator[Any]:
    for route in routes:
        inner = getattr(route, "original_router", None)  # an included router (FastAPI 0.16x)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def served() -> Served:
    """What the app answers: every (method, path) and the file of the function that answers."""
    app = create_app("sqlite:///:memory:")
    found: Served = set()
    for route in _routes(app.routes):
        if isinstance(route, Mount):  # the static files, mounted in api/app.py
            found.add(("GET", route.path + "/{path}", "api/app.py"))
            continue
        module = route.endpoint.__module__
        # FastAPI's own pages (the OpenAPI document, Swagger UI) are set up in api/app.py
        where = module.removeprefix("obzor.").replace(".", "/") + ".py"
        file = where if module.startswith("obzor.") else "api/app.py"
        for method in route.methods - {"HEAD"}:
            found.add((method, route.path, file))
    return found


def test_the_docs_list_every_path_and_no_other() -> None:
    docs = {(m, p, module) for (m, p), (_, module) in documented().items()}
    answered = served()
    assert sorted(answered - docs) == [], "served but not in docs/server.md"
    assert sorted(docs - answered) == [], "in docs/server.md but not served (or by another module)"


def test_the_docs_give_each_api_path_its_role() -> None:
    for (method, path), (role, _) in documented().items():
        if path.startswith("/api/"):
            least = ROUTES[method, path][0] if (method, path) in ROUTES else "anyone"
            assert role == least, f"{method} {path}: docs/server.md says {role}, it is {least}"
