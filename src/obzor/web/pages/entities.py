"""Entity pages: `/entities` (search and browse by name, type, country, KB id: kb/find.py) and
`/entities/{name}` (the profile, mention timeline, co-mention graph, positions)."""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import MAX_OFFSET, store
from obzor.kb.find import entity_query, states
from obzor.kb.loader import load_kb
from obzor.web.forms import member
from obzor.web.render import error_page, page_language, render

router = APIRouter(include_in_schema=False)
PAGE = 50  # entities per browse page: a long list still fits a screen or two
TYPES = ("PER", "ORG", "LOC")
POSITIONS_SHOWN = 300  # newest statements on the entity page: each read once (~1 ms), then kept


@router.get("/entities")
def entities(
    request: Request,
    q: str = "",
    type: str = Query("", pattern="^(|PER|ORG|LOC)$"),
    country: str = "",
    kb: str = "",
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> Response:
    if (denied := member(request)) is not None:
        return denied
    names, ids = entity_query(q, country, kb)
    rows = store(request).find_entities(names, type=type or None, kb_ids=ids, limit=PAGE + 1,
                                        offset=offset)  # fmt: skip

    def link(**change: Any) -> str:
        params = {"q": q, "type": type, "country": country, "kb": kb, **change}
        return "/entities?" + urlencode({k: v for k, v in params.items() if v})

    return render(
        request, "entities.html", items=rows[:PAGE], more=len(rows) > PAGE, offset=offset,
        page=PAGE, link=link, q=q, type=type, country=country, kb=kb, types=TYPES,
        countries=states(load_kb(), page_language(request)),
    )  # fmt: skip


@router.get("/entities/{name}")
def entity(request: Request, name: str) -> Response:
    if (denied := member(request)) is not None:
        return denied
    profile = store(request).entity(name)
    if profile is None:
        return error_page(request, 404, f"no entity named {name}")
    series = {
        "series": [
            {
                "name": profile["name"],
                "points": [{"period": p["date"], "count": p["count"]} for p in profile["timeline"]],
            }
        ]
    }
    from obzor.positions.timeline import actor_positions

    return render(
        request,
        "entity.html",
        e=profile,
        positions=actor_positions(
            store(request), profile["id"] or profile["name"], limit=POSITIONS_SHOWN
        ),
        graph=_graph(profile["name"], profile["co_mentioned"]),
        timeline=json.dumps(series, ensure_ascii=False),
    )


def _graph(center: str, neighbours: list[dict[str, Any]]) -> dict[str, Any]:
    """A star graph laid out on a circle: the entity in the middle, co-mentions around it."""
    # px: a wide box, so the ring (radius 100) leaves ~170 px each side for the labels
    width, height, radius = 560, 280, 100
    mid, cy = width / 2, height / 2
    most = max((n["articles"] for n in neighbours), default=1)
    nodes = []
    for i, n in enumerate(neighbours):
        angle = 2 * math.pi * i / max(len(neighbours), 1) - math.pi / 2
        x, y = mid + radius * math.cos(angle), cy + radius * math.sin(angle)
        # Labels point away from the centre: left of nodes on the left, right on the right.
        anchor = "start" if x > mid + 1 else "end" if x < mid - 1 else "middle"
        dx = {"start": 9, "end": -9, "middle": 0}[anchor]
        dy = 4 if anchor != "middle" else (-10 if y < cy else 18)
        nodes.append(
            {
                **n,
                "x": round(x, 1),
                "y": round(y, 1),
                "lx": round(x + dx, 1),
                "ly": round(y + dy, 1),
                "anchor": anchor,
                "w": round(1 + 4 * n["articles"] / most, 1),
            }
        )
    return {
        "width": width,
        "height": height,
        "mid": mid,
        "cy": cy,
        "center": center,
        "nodes": nodes,
    }
