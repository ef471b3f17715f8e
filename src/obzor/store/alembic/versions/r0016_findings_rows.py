"""Disk per article (issue 14, part 5): an article's quotes, threats and events are kept once,
in their rows; the `analysis` JSON column that repeated them is dropped (store/findings.py
reads them back as `get()` gave them).

Before the column goes, any article whose JSON holds findings that have no rows gets them
(a base made before migrations m003/m004 kept its findings only in the JSON): nothing is lost.
Where an article has rows of a kind, the rows are the record (store.add wrote both from the
same analysis). The freed pages are reused by new rows; `VACUUM` (sqlite3 BASE 'VACUUM')
returns them to the file system. The downgrade writes the JSON back from the rows.
"""

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BATCH = 2000  # articles read per step (flat memory on a base of any size)


def _as_dict(value: Any) -> dict[str, Any]:
    """The JSON of one article's analysis: packed bytes (SQLite, revision 0015), text, or
    what PostgreSQL's json type gave."""
    from obzor.store.packed import unpack

    if value is None:
        return {}
    if isinstance(value, (bytes, memoryview)):
        value = unpack(bytes(value))
    loaded = json.loads(value) if isinstance(value, str) else value
    return loaded if isinstance(loaded, dict) else {}


def _batches(conn: sa.Connection, query: Callable[[int], sa.Select[Any]]) -> Any:
    last = 0
    while True:
        rows = conn.execute(query(last)).all()
        if not rows:
            return
        yield rows
        last = int(rows[-1][0])


def upgrade() -> None:
    """Give rows to findings only the JSON holds, then drop the JSON column."""
    from obzor.model import Event, Quote, Threat
    from obzor.store.events import _event_row
    from obzor.store.schema import events, quotes, threats
    from obzor.text import name_key

    conn = op.get_bind()
    raw = sa.table("articles", sa.column("id", sa.Integer), sa.column("analysis"))

    def page(last: int) -> sa.Select[Any]:
        return (
            sa.select(raw.c.id, raw.c.analysis)
            .where(raw.c.id > last)
            .order_by(raw.c.id)
            .limit(BATCH)
        )

    for rows in _batches(conn, page):
        lo, hi = int(rows[0][0]), int(rows[-1][0])
        have = {
            name: {
                int(i)
                for (i,) in conn.execute(
                    sa.select(t.c.article_id.distinct()).where(t.c.article_id.between(lo, hi))
                )
            }
            for name, t in (("quotes", quotes), ("threats", threats), ("events", events))
        }
        for article_id, value in rows:
            aid = int(article_id)
            data = _as_dict(value)
            found_q = [Quote.from_json(q) for q in data.get("quotes") or []]
            found_t = [Threat.from_json(t) for t in data.get("threats") or []]
            found_e = [Event.from_json(e) for e in data.get("events") or []]
            if found_q and aid not in have["quotes"]:
                conn.execute(
                    sa.insert(quotes),
                    [
                        {"article_id": aid, "speaker": q.speaker,
                         "speaker_key": name_key(q.speaker or ""), "speaker_id": q.speaker_id,
                         "direct": int(q.direct), "start": q.start, "end": q.end, "text": q.text}
                        for q in found_q
                    ],
                )  # fmt: skip
            if found_t and aid not in have["threats"]:
                by_category = {t.category: t for t in found_t}  # one row per category
                conn.execute(
                    sa.insert(threats),
                    [
                        {"article_id": aid, "category": t.category, "score": t.score,
                         "evidence": json.dumps([e.to_json() for e in t.evidence],
                                                ensure_ascii=False)}
                        for t in by_category.values()
                    ],
                )  # fmt: skip
            if found_e and aid not in have["events"]:
                conn.execute(sa.insert(events), [_event_row(aid, e) for e in found_e])
    op.drop_column("articles", "analysis")


def downgrade() -> None:
    """The JSON column again, written from the rows."""
    from obzor.store.findings import findings
    from obzor.store.packed import PackedJson

    op.add_column("articles", sa.Column("analysis", sa.Text(), server_default="{}", nullable=False))
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.execute("ALTER TABLE articles ALTER COLUMN analysis DROP DEFAULT")
        op.execute("ALTER TABLE articles ALTER COLUMN analysis TYPE json USING analysis::json")
        op.execute("ALTER TABLE articles ALTER COLUMN analysis SET DEFAULT '{}'")
    typed = sa.table("articles", sa.column("id", sa.Integer), sa.column("analysis", PackedJson()))
    ids = sa.table("articles", sa.column("id", sa.Integer))

    def page(last: int) -> sa.Select[Any]:
        return sa.select(ids.c.id).where(ids.c.id > last).order_by(ids.c.id).limit(BATCH)

    for rows in _batches(conn, page):
        found = findings(conn, [int(r[0]) for r in rows])
        for aid, extra in found.items():
            conn.execute(
                sa.update(typed)
                .where(typed.c.id == aid)
                .values(analysis=json.dumps(extra, ensure_ascii=False))
            )
