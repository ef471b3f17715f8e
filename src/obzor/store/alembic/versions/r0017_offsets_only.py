"""Disk per article (issue 14, part 5): a quote's text and the sentence of a threat's or an
event's evidence are the article's own text at their offsets, so their rows keep only the
offsets (store/findings.py reads them back): `quotes.text` becomes nullable and is NULL where
it equals the article's text there; a threat's evidence items and an event's evidence lose
their "text" where it equals the article's text there. A value that differs is kept as it is,
so nothing is lost. The downgrade writes every text out again.
"""

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

BATCH = 2000  # articles per step


def _quotes_text(nullable: bool) -> None:
    with op.batch_alter_table("quotes") as batch:  # SQLite: the table is copied
        batch.alter_column("text", existing_type=sa.Text(), nullable=nullable)


def _rewrite(change: Callable[[dict[str, Any], str], dict[str, Any]]) -> None:
    """Apply change(evidence, article text) to every threat's evidence item and every event's
    evidence, writing back the rows it changed."""
    from obzor.store.packed import JsonText, PackedJson

    conn = op.get_bind()
    art = sa.table("articles", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    th = sa.table(
        "threats", sa.column("article_id", sa.Integer), sa.column("category", sa.Text),
        sa.column("evidence", JsonText()),
    )  # fmt: skip
    ev = sa.table(
        "events", sa.column("id", sa.Integer), sa.column("article_id", sa.Integer),
        sa.column("data", PackedJson()),
    )  # fmt: skip
    last = 0
    while True:
        ids = [
            int(i)
            for (i,) in conn.execute(
                sa.select(art.c.id).where(art.c.id > last).order_by(art.c.id).limit(BATCH)
            )
        ]
        if not ids:
            return
        lo, hi = ids[0], ids[-1]
        last = hi
        rows = conn.execute(
            sa.select(th.c.article_id, th.c.category, th.c.evidence, art.c.text)
            .join(art, art.c.id == th.c.article_id)
            .where(th.c.article_id.between(lo, hi))
        ).all()
        for aid, category, evidence, text in rows:
            items = json.loads(evidence)
            if not isinstance(items, list):
                continue
            new = [change(e, text) if isinstance(e, dict) else e for e in items]
            if new != items:  # a "text" key taken out or put back
                conn.execute(
                    sa.update(th)
                    .where(th.c.article_id == aid, th.c.category == category)
                    .values(evidence=json.dumps(new, ensure_ascii=False))
                )
        rows = conn.execute(
            sa.select(ev.c.id, ev.c.data, art.c.text)
            .join(art, art.c.id == ev.c.article_id)
            .where(ev.c.article_id.between(lo, hi))
        ).all()
        for event_id, data, text in rows:
            event = json.loads(data)
            evidence = event.get("evidence") if isinstance(event, dict) else None
            if not isinstance(evidence, dict):
                continue
            changed = change(evidence, text)
            if changed != evidence:
                event["evidence"] = changed
                conn.execute(
                    sa.update(ev)
                    .where(ev.c.id == event_id)
                    .values(data=json.dumps(event, ensure_ascii=False))
                )


def upgrade() -> None:
    """Keep only the offsets where the text is the article's."""
    from obzor.store.findings import slim_one

    _quotes_text(nullable=True)
    op.execute(
        "UPDATE quotes SET text = NULL WHERE text = (SELECT substr(a.text, quotes.start + 1,"
        ' quotes."end" - quotes.start) FROM articles AS a WHERE a.id = quotes.article_id)'
    )
    _rewrite(slim_one)


def downgrade() -> None:
    """Every text written out again."""
    from obzor.store.findings import full_one

    op.execute(
        "UPDATE quotes SET text = (SELECT substr(a.text, quotes.start + 1,"
        ' quotes."end" - quotes.start) FROM articles AS a WHERE a.id = quotes.article_id)'
        " WHERE text IS NULL"
    )
    _quotes_text(nullable=False)
    _rewrite(full_one)
