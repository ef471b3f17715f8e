"""Reading stories: lists with filters, one story in full, its members' texts for briefs."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from obzor.nlp import morph

# A story is breaking when its last day brought at least this many reports ...
BREAKING_MIN = 3
# ... and at least this many times what a story usually gets per day in this store.
BREAKING_RATIO = 2.0
TOP_ENTITIES = 8  # main entities shown per story: the cast, not every passing mention

_SEEN = "a.published"  # undated articles have no place on the timeline
_LIST = f"""
SELECT sa.story_id, MIN({_SEEN}) AS first_seen, MAX({_SEEN}) AS last_seen
FROM story_articles AS sa JOIN articles AS a ON a.id = sa.article_id
GROUP BY sa.story_id
HAVING (:since IS NULL OR substr(MAX({_SEEN}), 1, 10) >= :since)
   AND (:until IS NULL OR substr(MIN({_SEEN}), 1, 10) <= :until)
   AND (:threat IS NULL OR EXISTS (
        SELECT 1 FROM story_articles AS x JOIN articles AS y ON y.id = x.article_id,
        json_each(y.analysis, '$.threats') AS t
        WHERE x.story_id = sa.story_id AND json_extract(t.value, '$.category') = :threat))
ORDER BY last_seen DESC, sa.story_id DESC
LIMIT :limit
"""
_MEMBERS = f"""
SELECT sa.story_id, s.thread_id, a.id, a.title, {_SEEN}, o.name, a.url, sa.role,
       sa.original_id, sa.score, sa.day, a.analysis
FROM story_articles AS sa
JOIN stories AS s ON s.id = sa.story_id
JOIN articles AS a ON a.id = sa.article_id
LEFT JOIN outlets AS o ON o.id = a.outlet_id
WHERE sa.story_id IN (SELECT value FROM json_each(?))
ORDER BY {_SEEN} IS NULL, {_SEEN}, a.id
"""
_ENTITIES = """
SELECT sa.story_id, e.name, e.type, COUNT(DISTINCT m.article_id) AS n
FROM story_articles AS sa
JOIN mentions AS m ON m.article_id = sa.article_id
JOIN entities AS e ON e.id = m.entity_id
WHERE sa.story_id IN (SELECT value FROM json_each(?)) AND sa.role != 'duplicate'
GROUP BY sa.story_id, e.id
ORDER BY sa.story_id, n DESC, e.name
"""
_USUAL = """
SELECT COUNT(*), COUNT(DISTINCT story_id || ':' || COALESCE(day, ''))
FROM story_articles WHERE role != 'duplicate'
"""


def list_stories(
    db: sqlite3.Connection,
    since: str | None = None,
    until: str | None = None,
    threat: str | None = None,
    limit: int = 50,
    members: bool = False,
) -> list[dict[str, Any]]:
    """Stories seen in [since, until] (YYYY-MM-DD), newest first, optionally with one threat
    (and their members when asked)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    params = {"since": since, "until": until, "threat": threat, "limit": limit}
    ids = [int(r[0]) for r in db.execute(_LIST, params)]
    return build(db, ids, members)


def get_story(db: sqlite3.Connection, story_id: int) -> dict[str, Any] | None:
    """One story with its members (role, original, score) and its thread, or None."""
    found = build(db, [story_id], members=True)
    if not found:
        return None
    story = found[0]
    story["thread"] = [
        int(r[0])
        for r in db.execute(
            "SELECT id FROM stories WHERE thread_id = ? ORDER BY id", (story["thread_id"],)
        )
    ]
    return story


def build(db: sqlite3.Connection, ids: list[int], members: bool = False) -> list[dict[str, Any]]:
    """The story records for ids, in that order."""
    if not ids:
        return []
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in db.execute(_MEMBERS, (json.dumps(ids),)):
        rows[int(row[0])].append(row)
    entities: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for story_id, name, type_, n in db.execute(_ENTITIES, (json.dumps(ids),)):
        if len(entities[story_id]) < TOP_ENTITIES:
            entities[story_id].append({"name": name, "type": type_, "articles": n})
    total, story_days = db.execute(_USUAL).fetchone()
    usual = total / story_days if story_days else 1.0
    stories = []
    for story_id in ids:
        if rows.get(story_id):
            story = _story(story_id, rows[story_id], entities[story_id], usual)
            if not members:
                del story["members"]
            stories.append(story)
    return stories


def _story(
    story_id: int, rows: list[tuple[Any, ...]], entities: list[dict[str, Any]], usual: float
) -> dict[str, Any]:
    members = [
        {
            "id": article_id,
            "title": title,
            "seen": seen,
            "outlet": outlet,
            "url": url,
            "role": role,
            "original_id": original,
            "score": score,
            "day": day,
            "analysis": json.loads(analysis or "{}"),
        }
        for (
            _,
            _,
            article_id,
            title,
            seen,
            outlet,
            url,
            role,
            original,
            score,
            day,
            analysis,
        ) in rows
    ]
    counted = [m for m in members if m["role"] != "duplicate"]  # a copy is never counted twice
    first = counted[0] if counted else members[0]
    last_day = max((m["day"] for m in counted if m["day"] is not None), default=None)
    growth = sum(1 for m in counted if m["day"] == last_day) if last_day is not None else 0
    seen = [m["seen"] for m in members if m["seen"]]
    threats: Counter[str] = Counter()
    events: list[dict[str, Any]] = []
    for m in counted:
        for threat in m["analysis"].get("threats", []):
            if isinstance(threat, dict) and threat.get("category"):
                threats[str(threat["category"])] += 1
        events.extend(
            {**e, "article_id": m["id"]}
            for e in m["analysis"].get("events", [])
            if isinstance(e, dict)
        )
    return {
        "id": story_id,
        "thread_id": rows[0][1],
        "title": representative_title(counted or members),
        "articles": [m["id"] for m in members],
        "size": len(counted),
        "duplicates": len(members) - len(counted),
        "first_seen": min(seen, default=None),
        "last_seen": max(seen, default=None),
        "sources": list(dict.fromkeys(m["outlet"] for m in counted if m["outlet"])),
        "first_publication": {k: first[k] for k in ("id", "title", "outlet", "seen", "url")},
        "entities": entities,
        "threats": [name for name, _ in threats.most_common()],
        "events": events,
        "growth": growth,
        "breaking": growth >= BREAKING_MIN and growth >= BREAKING_RATIO * usual,
        "reprints": [
            {"id": m["id"], "original_id": m["original_id"], "role": m["role"]}
            for m in members
            if m["role"] in ("reprint", "duplicate")
        ],
        "members": members,
    }


def representative_title(members: list[dict[str, Any]]) -> str | None:
    """The headline whose words the other headlines share most (the earliest on a tie)."""
    titled = [(m["title"], set(morph.lemmatize(m["title"]).split())) for m in members if m["title"]]
    if not titled:
        return None

    def support(words: set[str]) -> float:
        return sum(len(words & other) / (len(words | other) or 1) for _, other in titled)

    best = max(range(len(titled)), key=lambda i: (support(titled[i][1]), -i))
    return str(titled[best][0])
