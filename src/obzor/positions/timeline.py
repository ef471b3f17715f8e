"""An actor's positions: statements grouped by subject, each with a stance, and the changes.

`positions(found)` turns the store's statements verb answer into the timeline (pure but for
the models it reads). A change is a flip of polarity on one subject between two statements
of different days: supports on one side, opposes or concerned on the other. Concern and
opposition are the same side ("concerned about terrorism", "we must fight terrorism"), and
neutral statements state no position, so neither makes a change.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import Any

from obzor.positions.stance import NEUTRAL, stance
from obzor.positions.subjects import Named, Subject, subjects
from obzor.text import fold

POLARITY = {"supports": 1, "opposes": -1, "concerned": -1, NEUTRAL: 0}
# Statements whose stance and subjects are kept between requests: an entity page shows up to
# 300 (web/pages/entities.py: POSITIONS_SHOWN), so this holds the pages of a few dozen actors;
# each entry is a statement's text and a few short strings (~1 KB), a few MB in all.
READ_CACHE = 8192


def is_change(before: str, after: str) -> bool:
    """Whether a stance after another on the same subject is a change of position."""
    return POLARITY[before] * POLARITY[after] < 0


def own_ids(actor_id: str | None) -> set[str]:
    """The actor and the states it holds an office of: not subjects of its own statements."""
    if actor_id is None:
        return set()
    from obzor.kb import load_kb

    entry = load_kb().get(actor_id)
    found = {actor_id}
    if entry is not None:
        found |= {role.of for role in entry.roles if role.of}
    return found


def actor_positions(
    store: Any, actor: str, subject: str | None = None, limit: int | None = None
) -> dict[str, Any] | None:
    """The positions of an actor from a store's statements (CLI, API and web read this);
    None: the store holds no statement of it."""
    found = store.statements(actor) if limit is None else store.statements(actor, limit=limit)
    return None if found is None else positions(found, subject)


def positions(found: dict[str, Any], subject: str | None = None) -> dict[str, Any]:
    """The timeline: per subject (most statements first), its statements oldest first with
    their stance, and its changes, each citing both statements. subject: only subjects whose
    key or label contains it (casefolded)."""
    own = own_ids(found.get("id"))
    groups: dict[str, tuple[Subject, list[dict[str, Any]]]] = {}
    for row in found["statements"]:
        named = tuple(Named(n["name"], n["type"], n.get("id")) for n in row["named"])
        item = {k: row[k] for k in ("article_id", "title", "published", "direct", "text")}
        language = "en" if row.get("language") == "en" else "ru"  # category names: ru, en
        item["stance"], about = read_statement(row["text"], named, frozenset(own), language)
        for s in about:
            groups.setdefault(s.key, (s, []))[1].append(item)
    wanted = fold(subject).strip() if subject else None
    out: list[dict[str, Any]] = []
    for s, items in groups.values():
        if wanted and wanted not in fold(s.key) and wanted not in fold(s.label):
            continue
        out.append({"subject": s.to_json(), "statements": items, "changes": changes(items)})
    out.sort(key=lambda g: (-len(g["statements"]), g["subject"]["key"]))
    return {"id": found.get("id"), "name": found["name"], "subjects": out}


@lru_cache(maxsize=READ_CACHE)
def read_statement(
    text: str, named: tuple[Named, ...], own: frozenset[str], language: str
) -> tuple[str, tuple[Subject, ...]]:
    """A statement's stance and subjects, computed once per process for the same statement
    (both are pure functions of these arguments and the shipped model): the entity page and the
    API read an actor's statements on every request, and the stance model lemmatizes each."""
    return stance(text), tuple(subjects(text, named, own, language))


def changes(items: Collection[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where the stance flips: each statement against the last one with a position (not
    neutral) from an earlier day; undated statements take no part."""
    found: list[dict[str, Any]] = []
    last: dict[str, Any] | None = None
    for item in items:
        day = (item.get("published") or "")[:10]
        if not day or item["stance"] == NEUTRAL:
            continue
        earlier = last if last is not None and last["published"][:10] < day else None
        if earlier is not None and is_change(earlier["stance"], item["stance"]):
            found.append(_change(earlier, item))
        last = item
    return found


def _change(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {"from": before["stance"], "to": after["stance"], "before": before, "after": after}
