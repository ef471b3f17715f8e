"""Reading stories: lists with filters, one story in full, its members' texts for briefs.

The story rules (obzor.stories, which loads numpy) are imported by the verbs that use them,
not with the store: a search or `obzor stats` starts without them."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, Text, bindparam, case, cast, func, select

from obzor.store.findings import Findings, findings
from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.schema import outlets, story_terms
from obzor.store.schema import stories as stories_t
from obzor.store.schema import story_articles as sa
from obzor.store.threats import MIN_SCORE, has_threat

# A story is breaking when its last day brought at least this many reports ...
BREAKING_MIN = 3
# ... and at least this many times what a story usually gets per day in this store.
BREAKING_RATIO = 2.0
SORTS = ("time", "importance")
# The last day a day window can name (the day index is an ordinal; int4 in PostgreSQL).
LAST_DAY = (1 << 31) - 1
TOP_ENTITIES = 8  # main entities shown per story: the cast, not every passing mention

TERM_BATCH = 500  # terms per query: under SQLite's variable limit on every build
_SEEN = art.c.published  # undated articles have no place on the timeline
_COUNTED = sa.c.role != "duplicate"
# A list by time (newest first) looks for its stories in the last week, month, year of reports
# before the whole window or base: enough found there are exactly the newest.
LOOK_BACK = (7, 31, 366)
# What a story usually gets per day, over the last USUAL_DAYS days of reports (the day index):
# recent enough to describe the feed as it is, and bounded on any base.
USUAL_DAYS = 90
# Run for every story list and page: built once, so SQLAlchemy reuses their cache key and
# compiled form (building a statement costs more than SQLite takes to answer it here).
_OTHER, _NEAR = sa.alias("x"), sa.alias("near")  # built once: an alias copies the columns
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_MEMBERS = (
    select(sa.c.story_id, stories_t.c.thread_id, art.c.id, art.c.title, _SEEN, outlets.c.name,
           art.c.url, sa.c.role, sa.c.original_id, sa.c.score, sa.c.day)
    .select_from(
        sa.join(stories_t, stories_t.c.id == sa.c.story_id)
        .join(art, art.c.id == sa.c.article_id)
        .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
    )
    .where(sa.c.story_id.in_(_IDS))
    .order_by(_SEEN.is_(None), _SEEN, art.c.id)
)  # fmt: skip
_N = func.count(men.c.article_id.distinct()).label("n")
_CAST = (
    select(sa.c.story_id, ent.c.name, ent.c.type, _N)
    .select_from(
        sa.join(men, men.c.article_id == sa.c.article_id).join(ent, ent.c.id == men.c.entity_id)
    )
    .where(sa.c.story_id.in_(_IDS), _COUNTED)
    .group_by(sa.c.story_id, ent.c.id, ent.c.name, ent.c.type)
    .order_by(sa.c.story_id, _N.desc(), ent.c.name)
)
_STORY_DAY = cast(sa.c.story_id, Text).concat(":").concat(cast(sa.c.day, Text))
_USUAL = select(func.count(), func.count(_STORY_DAY.distinct())).where(
    _COUNTED, sa.c.day >= select(func.max(sa.c.day)).scalar_subquery() - USUAL_DAYS
)
_THREADS = (
    select(stories_t.c.thread_id, stories_t.c.id)
    .where(stories_t.c.thread_id.in_(bindparam("threads", expanding=True)))
    .order_by(stories_t.c.id)
)
_SIZES = select(sa.c.story_id, func.count()).where(sa.c.story_id.in_(_IDS)).group_by(sa.c.story_id)
_FEATURES = select(sa.c.article_id, sa.c.features).where(sa.c.article_id.in_(_IDS))
_STORY_FEATURES = select(sa.c.article_id, sa.c.features).where(sa.c.story_id.in_(_IDS), _COUNTED)
_DOCS = select(func.count()).select_from(sa)
_TERMS = select(story_terms.c.term, story_terms.c.docs).where(
    story_terms.c.term.in_(bindparam("terms", expanding=True))
)


def list_stories(
    db: Connection,
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
    query = list_query(since, until, threat, min_size)
    # importance is ranked after building every story: no LIMIT then
    ids = _list(db, query.limit(None if everything else limit), since, until, everything, limit)
    if not everything:
        return build(db, ids, members)
    ranked = sorted(build(db, ids, members), key=lambda s: (-s["importance"], s["id"]))
    return ranked[:limit]


def grouped(db: Connection, scan: int, show: int) -> tuple[int, list[dict[str, Any]]]:
    """Of the newest `scan` stories with a report in the last year of reports (LOOK_BACK's
    longest), how many hold more than one article (copies included), and the newest `show`
    of those, built: what `summary` prints, bounded by the window whatever the base's size,
    and without building the `scan` stories (1.4 s for 1,000 at 100,000 articles on
    PostgreSQL). A base with no dated report is read whole."""
    query = list_query(None, None, None, 1).limit(scan)
    newest: int | None = db.execute(select(func.max(sa.c.day))).scalar()
    ids: list[int] = []
    if newest is None:
        ids = _ids(db, query, None, LAST_DAY)
    else:
        for days in LOOK_BACK:
            ids = _ids(db, query, int(newest) - days, LAST_DAY)
            if len(ids) >= scan:
                break
    sizes = {int(i): int(n) for i, n in db.execute(_SIZES, {"ids": ids})} if ids else {}
    several = [i for i in ids if sizes.get(i, 0) > 1]
    return len(several), build(db, several[:show])


def list_query(
    since: str | None, until: str | None, threat: str | None, min_size: int
) -> Select[Any]:
    """Every story seen in [since, until] with at least min_size reports (and the threat),
    newest first: story_id, first_seen, last_seen. list_stories reads it near the window."""
    last_seen = func.max(_SEEN).label("last_seen")
    query = (
        select(sa.c.story_id, func.min(_SEEN).label("first_seen"), last_seen)
        .join(art, art.c.id == sa.c.article_id)
        .group_by(sa.c.story_id)
        .having(func.sum(case((_COUNTED, 1), else_=0)) >= min_size)
    )
    if since is not None:
        query = query.having(func.substr(func.max(_SEEN), 1, 10) >= since)
    if until is not None:
        query = query.having(func.substr(func.min(_SEEN), 1, 10) <= until)
    if threat is not None:
        x = _OTHER
        about = select(x.c.article_id).where(
            x.c.story_id == sa.c.story_id, has_threat(threat, x.c.article_id)
        )
        query = query.having(about.exists())
    return query.order_by(last_seen.desc().nulls_last(), sa.c.story_id.desc())


def _near(query: Select[Any], lo: int, hi: int) -> Select[Any]:
    """Only the stories with a report dated in [lo, hi] (the day index): a story joins only
    reports within WINDOW_DAYS of one of its own (stories/cluster.py), so the dates of its
    reports have no gap wider than that, and a story seen in [since, until] has a report in
    [since - WINDOW_DAYS, until + WINDOW_DAYS]. The list then costs what the window holds."""
    x = _NEAR
    return query.where(sa.c.story_id.in_(select(x.c.story_id).where(x.c.day.between(lo, hi))))


def _list(
    db: Connection,
    query: Select[Any],
    since: str | None,
    until: str | None,
    everything: bool,
    limit: int,
) -> list[int]:
    """The story ids query selects, reading only the stories near the window where it can."""
    from obzor.stories.cluster import WINDOW_DAYS
    from obzor.stories.features import day_number

    lo, hi = day_number(since), day_number(until)
    bottom = None if lo is None else lo - WINDOW_DAYS  # every story seen since lo reaches it
    top = LAST_DAY if hi is None else hi + WINDOW_DAYS
    if lo is not None and hi is not None and hi - lo <= LOOK_BACK[0]:
        return _ids(db, query, bottom, top)  # a short window: read it whole
    newest = db.execute(select(func.max(sa.c.day))).scalar()
    if not everything and newest is not None:
        for days in LOOK_BACK:
            start = int(newest) - days
            if bottom is not None and start <= bottom:
                break
            ids = _ids(db, query, start, top)
            if len(ids) >= limit:  # every story not read ends before these
                return ids
    return _ids(db, query, bottom, top)


def _ids(db: Connection, query: Select[Any], lo: int | None, hi: int) -> list[int]:
    """The story ids of query with a report dated in [lo, hi] (every story when lo is None)."""
    near = query if lo is None else _near(query, lo, hi)
    return [int(r[0]) for r in db.execute(near).all()]


def get_story(db: Connection, story_id: int) -> dict[str, Any] | None:
    """One story with its members (role, original, score), its thread (the stories linked to
    it over days, oldest first: id, title, first_seen, size) and the figures its reports give
    differently (stories.figures.disagreements), or None."""
    return get_stories(db, [story_id]).get(story_id)


def get_stories(db: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """get_story() of each of ids (those that are stories), in a few statements for all of
    them: the brief reads its ten stories so (246 statements for one day's brief before)."""
    from obzor.stories.features import Item
    from obzor.stories.figures import disagreements

    found = build(db, ids, members=True)
    if not found:
        return {}
    threads: dict[int, list[int]] = defaultdict(list)
    for thread, linked in db.execute(
        _THREADS, {"threads": sorted({s["thread_id"] for s in found})}
    ):
        threads[int(thread)].append(int(linked))
    shown = build(db, sorted({i for t in threads.values() for i in t}))
    brief = {s["id"]: {k: s[k] for k in ("id", "title", "first_seen", "size")} for s in shown}
    counted = [m["id"] for s in found for m in s["members"] if m["role"] != "duplicate"]
    features = {int(i): str(f) for i, f in db.execute(_FEATURES, {"ids": counted})}
    for story in found:
        story["thread"] = sorted(
            (brief[i] for i in threads[int(story["thread_id"])] if i in brief),
            key=lambda s: (s["first_seen"] is None, s["first_seen"] or "", s["id"]),
        )
        mine = [m["id"] for m in story["members"] if m["role"] != "duplicate"]
        story["figures"] = disagreements(
            (i, list(Item.from_json(i, json.loads(features[i])).figures))
            for i in mine
            if i in features
        )
    return {int(s["id"]): s for s in found}


def build(db: Connection, ids: list[int], members: bool = False) -> list[dict[str, Any]]:
    """The story records for ids, in that order."""
    if not ids:
        return []
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in db.execute(_MEMBERS, {"ids": ids}).all():  # fetchall, not row by row
        rows[int(row[0])].append(tuple(row))
    entities: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for story_id, name, type_, k in db.execute(_CAST, {"ids": ids}).all():
        if len(entities[story_id]) < TOP_ENTITIES:
            entities[story_id].append({"name": name, "type": type_, "articles": k})
    total, story_days = db.execute(_USUAL).one()
    usual = total / story_days if story_days else 1.0
    titles = _representatives(db, {i: r for i, r in rows.items() if len(r) > 2})
    found = findings(db, [r[2] for story_rows in rows.values() for r in story_rows])
    stories = []
    for story_id in ids:
        if rows.get(story_id):
            story = _story(story_id, rows[story_id], entities[story_id], usual, found)
            title = titles.get(story_id)
            if title is not None:
                story["title"] = title
            if not members:
                del story["members"]
            stories.append(story)
    return stories


def _story(
    story_id: int,
    rows: list[tuple[Any, ...]],
    entities: list[dict[str, Any]],
    usual: float,
    found: dict[int, Findings],
) -> dict[str, Any]:
    from obzor.stories.view import importance, settle_roles

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
            "analysis": found[int(article_id)],
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


def _representatives(db: Connection, rows: dict[int, list[tuple[Any, ...]]]) -> dict[int, str]:
    """The headline of the report closest to each story's centroid, for stories of three or
    more reports (of two, both are equally close: the first report's headline stays)."""
    from obzor.stories.features import DocFreq, Item
    from obzor.stories.view import representative

    if not rows:
        return {}
    found = db.execute(_STORY_FEATURES, {"ids": list(rows)}).all()
    items = {int(i): Item.from_json(int(i), json.loads(f)) for i, f in found}
    terms = sorted({t for item in items.values() for t in item.terms()})
    docs = int(db.execute(_DOCS).scalar_one())
    counts: dict[str, int] = {}
    for start in range(0, len(terms), TERM_BATCH):
        batch = terms[start : start + TERM_BATCH]
        df_rows = db.execute(_TERMS, {"terms": batch})
        counts.update({str(t): int(k) for t, k in df_rows})
    df = DocFreq(counts, docs)
    titles = {}
    for story_id, story_rows in rows.items():
        members = [items[r[2]] for r in story_rows if r[2] in items and r[3]]  # publication order
        best = representative(members, df)
        if best is not None:
            titles[story_id] = next(str(r[3]) for r in story_rows if r[2] == best)
    return titles
