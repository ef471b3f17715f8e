"""Reading stories: lists with filters, one story in full, its members' texts for briefs."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from obzor.store.threats import MIN_SCORE
from obzor.stories.cluster import WINDOW_DAYS
from obzor.stories.features import DocFreq, Item, day_number
from obzor.stories.figures import disagreements
from obzor.stories.view import importance, representative, settle_roles

# A story is breaking when its last day brought at least this many reports ...
BREAKING_MIN = 3
# ... and at least this many times what a story usually gets per day in this store.
BREAKING_RATIO = 2.0
SORTS = ("time", "importance")
ALL = 1 << 62  # the LIMIT that lists every story (importance is ranked after building them)
TOP_ENTITIES = 8  # main entities shown per story: the cast, not every passing mention

_SEEN = "a.published"  # undated articles have no place on the timeline
_LIST = f"""
SELECT sa.story_id, MIN({_SEEN}) AS first_seen, MAX({_SEEN}) AS last_seen
FROM story_articles AS sa JOIN articles AS a ON a.id = sa.article_id{{near}}
GROUP BY sa.story_id
HAVING SUM(CASE WHEN sa.role != 'duplicate' THEN 1 ELSE 0 END) >= :min_size
   AND (:since IS NULL OR substr(MAX({_SEEN}), 1, 10) >= :since)
   AND (:until IS NULL OR substr(MIN({_SEEN}), 1, 10) <= :until)
   AND (:threat IS NULL OR EXISTS (
        SELECT 1 FROM story_articles AS x JOIN threats AS t ON t.article_id = x.article_id
        WHERE x.story_id = sa.story_id AND t.category = :threat AND t.score >= :min_score))
ORDER BY last_seen DESC, sa.story_id DESC
LIMIT :limit
"""
# Only the stories with a report dated in [lo, hi] (the day index): a story joins only reports
# within WINDOW_DAYS of one of its own (stories/cluster.py), so the dates of its reports have
# no gap wider than that, and a story seen in [since, until] has a report in
# [since - WINDOW_DAYS, until + WINDOW_DAYS]. The list then costs what the window holds.
_NEAR = """
WHERE sa.story_id IN (SELECT story_id FROM story_articles WHERE day BETWEEN :lo AND :hi)"""
# A list by time (newest first) looks for its stories in the last week, month, year of reports
# before the whole window or base: enough found there are exactly the newest.
LOOK_BACK = (7, 31, 366)
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
_FEATURES = """
SELECT article_id, features FROM story_articles
WHERE story_id IN (SELECT value FROM json_each(?)) AND role != 'duplicate'
"""
_MEMBER_FEATURES = """
SELECT article_id, features FROM story_articles WHERE article_id IN (SELECT value FROM json_each(?))
"""
_TERMS = "SELECT term, docs FROM story_terms WHERE term IN ({marks})"
TERM_BATCH = 500  # placeholders per query: under SQLite's variable limit on every build
# What a story usually gets per day, over the last USUAL_DAYS days of reports (the day index):
# recent enough to describe the feed as it is, and bounded on any base.
USUAL_DAYS = 90
_USUAL = """
SELECT COUNT(*), COUNT(DISTINCT story_id || ':' || day)
FROM story_articles WHERE role != 'duplicate'
AND day >= (SELECT MAX(day) FROM story_articles) - ?
"""


def list_stories(
    db: sqlite3.Connection,
    since: str | None = None,
    until: str | None = None,
    threat: str | None = None,
    limit: int = 50,
    members: bool = False,
    min_size: int = 1,
    sort: str = "time",
) -> list[dict[str, Any]]:
    """Stories seen in [since, until] (YYYY-MM-DD) with at least min_size reports (copies not
    counted), optionally with one threat (and their members when asked); sort "time" lists
    the newest first, "importance" the most important first (the brief's ranking)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if min_size < 1:
        raise ValueError(f"min_size must be at least 1, got {min_size}")
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")
    everything = sort == "importance"  # ranked in Python: every matching story is built
    params = {
        "since": since,
        "until": until,
        "threat": threat,
        "min_score": MIN_SCORE,
        "limit": ALL if everything else limit,
        "min_size": min_size,
    }
    ids = _list(db, params, since, until, everything)
    if not everything:
        return build(db, ids, members)
    ranked = sorted(build(db, ids, members), key=lambda s: (-s["importance"], s["id"]))
    return ranked[:limit]


def _list(
    db: sqlite3.Connection,
    params: dict[str, Any],
    since: str | None,
    until: str | None,
    everything: bool,
) -> list[int]:
    """The ids _LIST selects, reading only the stories near the window where it can."""
    lo, hi = day_number(since), day_number(until)
    bottom = None if lo is None else lo - WINDOW_DAYS  # every story seen since lo reaches it
    top = (1 << 31) if hi is None else hi + WINDOW_DAYS
    if lo is not None and hi is not None and hi - lo <= LOOK_BACK[0]:
        return _ids(db, params, bottom, top)  # a short window: read it whole
    newest = db.execute("SELECT MAX(day) FROM story_articles").fetchone()[0]
    if not everything and newest is not None:
        for days in LOOK_BACK:
            start = int(newest) - days
            if bottom is not None and start <= bottom:
                break
            ids = _ids(db, params, start, top)
            if len(ids) >= params["limit"]:  # every story not read ends before these
                return ids
    return _ids(db, params, bottom, top) if bottom is not None else _ids(db, params, None, None)


def _ids(
    db: sqlite3.Connection, params: dict[str, Any], lo: int | None, hi: int | None
) -> list[int]:
    """_LIST over the stories with a report dated in [lo, hi] (all stories when lo is None)."""
    if lo is None:
        return [int(r[0]) for r in db.execute(_LIST.format(near=""), params)]
    near = {"lo": lo, "hi": hi if hi is not None else 1 << 31}
    return [int(r[0]) for r in db.execute(_LIST.format(near=_NEAR), {**params, **near})]


def get_story(db: sqlite3.Connection, story_id: int) -> dict[str, Any] | None:
    """One story with its members (role, original, score), its thread (the stories linked to
    it over days, oldest first: id, title, first_seen, size) and the figures its reports give
    differently (stories.figures.disagreements), or None."""
    found = build(db, [story_id], members=True)
    if not found:
        return None
    story = found[0]
    linked = [
        int(r[0])
        for r in db.execute(
            "SELECT id FROM stories WHERE thread_id = ? ORDER BY id", (story["thread_id"],)
        )
    ]
    story["thread"] = sorted(
        ({k: s[k] for k in ("id", "title", "first_seen", "size")} for s in build(db, linked)),
        key=lambda s: (s["first_seen"] is None, s["first_seen"] or "", s["id"]),
    )
    counted = [m["id"] for m in story["members"] if m["role"] != "duplicate"]
    features = dict(db.execute(_MEMBER_FEATURES, (json.dumps(counted),)).fetchall())
    story["figures"] = disagreements(
        (i, list(Item.from_json(i, json.loads(features[i])).figures))
        for i in counted
        if i in features
    )
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
    total, story_days = db.execute(_USUAL, (USUAL_DAYS,)).fetchone()
    usual = total / story_days if story_days else 1.0
    titles = _representatives(db, {i: r for i, r in rows.items() if len(r) > 2})
    stories = []
    for story_id in ids:
        if rows.get(story_id):
            story = _story(story_id, rows[story_id], entities[story_id], usual)
            title = titles.get(story_id)
            if title is not None:
                story["title"] = title
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
    members = settle_roles(members)
    counted = [m for m in members if m["role"] != "duplicate"]  # a copy is never counted twice
    first = next((m for m in members if m["role"] == "first"), members[0])
    last_day = max((m["day"] for m in counted if m["day"] is not None), default=None)
    growth = sum(1 for m in counted if m["day"] == last_day) if last_day is not None else 0
    seen = [m["seen"] for m in members if m["seen"]]
    threats: Counter[str] = Counter()
    threat_score = 0.0
    events: list[dict[str, Any]] = []
    for m in counted:
        for threat in m["analysis"].get("threats", []):
            if isinstance(threat, dict) and threat.get("category"):
                score = float(threat.get("score") or 0.0)
                threat_score = max(threat_score, score)
                if score >= MIN_SCORE:  # present: the threshold of every threat count
                    threats[str(threat["category"])] += 1
        events.extend(
            {**e, "article_id": m["id"]}
            for e in m["analysis"].get("events", [])
            if isinstance(e, dict)
        )
    sources = list(dict.fromkeys(m["outlet"] for m in counted if m["outlet"]))
    return {
        "id": story_id,
        "thread_id": rows[0][1],
        "title": first["title"],  # build() puts the most representative headline here
        "articles": [m["id"] for m in members],
        "size": len(counted),
        "duplicates": len(members) - len(counted),
        "first_seen": min(seen, default=None),
        "last_seen": max(seen, default=None),
        "sources": sources,
        "first_publication": {k: first[k] for k in ("id", "title", "outlet", "seen", "url")},
        "entities": entities,
        "threats": [name for name, _ in threats.most_common()],
        "events": events,
        "growth": growth,
        "breaking": growth >= BREAKING_MIN and growth >= BREAKING_RATIO * usual,
        "importance": importance(len(counted), growth, len(sources), threat_score),
        "reprints": [
            {"id": m["id"], "original_id": m["original_id"], "role": m["role"]}
            for m in members
            if m["role"] in ("reprint", "duplicate")
        ],
        "members": members,
    }


def _representatives(
    db: sqlite3.Connection, rows: dict[int, list[tuple[Any, ...]]]
) -> dict[int, str]:
    """The headline of the report closest to each story's centroid, for stories of three or
    more reports (of two, both are equally close: the first report's headline stays)."""
    if not rows:
        return {}
    found = db.execute(_FEATURES, (json.dumps(list(rows)),)).fetchall()
    items = {int(i): Item.from_json(int(i), json.loads(f)) for i, f in found}
    terms = sorted({t for item in items.values() for t in item.terms()})
    docs = int(db.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0])
    counts: dict[str, int] = {}
    for start in range(0, len(terms), TERM_BATCH):
        batch = terms[start : start + TERM_BATCH]
        counts.update(db.execute(_TERMS.format(marks=",".join("?" * len(batch))), batch))
    df = DocFreq(counts, docs)
    titles = {}
    for story_id, story_rows in rows.items():
        members = [items[r[2]] for r in story_rows if r[2] in items and r[3]]  # publication order
        best = representative(members, df)
        if best is not None:
            titles[story_id] = next(str(r[3]) for r in story_rows if r[2] == best)
    return titles
