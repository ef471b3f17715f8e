"""An article's findings read from their rows: quotes, threats and events as Article.to_json()
writes them.

The rows are the one copy (Alembic revision 0016 dropped the `analysis` JSON column that
repeated them): `get()`, the story views and the brief read them here, in batches of ids.
Quotes and events come in the order they were added (their ids); threats by score, highest
first, then category, the order the threats stage gives them.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, select

from obzor.model import Quote
from obzor.store.dialect import id_set, id_values
from obzor.store.schema import events as ev
from obzor.store.schema import quotes as qt
from obzor.store.schema import threats as th

Findings = dict[str, list[dict[str, Any]]]  # {"quotes": [...], "threats": [...], "events": [...]}


def empty() -> Findings:
    return {"quotes": [], "threats": [], "events": []}


def findings(conn: Connection, article_ids: Collection[int]) -> dict[int, Findings]:
    """Each article's quotes, threats and events as JSON-ready dicts (every id has an entry)."""
    found = {int(i): empty() for i in article_ids}
    if not found:
        return found
    params = id_values(conn, found)
    ids = id_set(conn.dialect.name).scalar_subquery()
    quotes = (
        select(qt.c.article_id, qt.c.text, qt.c.start, qt.c.end, qt.c.direct, qt.c.speaker,
               qt.c.speaker_id)
        .where(qt.c.article_id.in_(ids))
        .order_by(qt.c.article_id, qt.c.id)
    )  # fmt: skip
    for aid, text, start, end, direct, speaker, speaker_id in conn.execute(quotes, params):
        quote = Quote(text, int(start), int(end), bool(direct), speaker, speaker_id)
        found[int(aid)]["quotes"].append(quote.to_json())
    threats = (
        select(th.c.article_id, th.c.category, th.c.score, th.c.evidence)
        .where(th.c.article_id.in_(ids))
        .order_by(th.c.article_id, th.c.score.desc(), th.c.category)
    )
    for aid, category, score, evidence in conn.execute(threats, params):
        found[int(aid)]["threats"].append(
            {"category": category, "score": float(score), "evidence": json.loads(evidence)}
        )
    events = (
        select(ev.c.article_id, ev.c.data)
        .where(ev.c.article_id.in_(ids))
        .order_by(ev.c.article_id, ev.c.id)
    )
    for aid, data in conn.execute(events, params):
        found[int(aid)]["events"].append(json.loads(data))
    return found
