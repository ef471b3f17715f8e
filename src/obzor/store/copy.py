"""Copy a base from one store to another (sqlite -> postgresql): articles, then team rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select

from obzor.model import Article
from obzor.store import schema

u, t, s, n = (schema.users.c, schema.tokens.c, schema.saved_searches.c, schema.annotations.c)

# Commit every this many articles: the same batch size as ingest (flat memory, cheap commits).
BATCH = 200


def copy_store(
    src: Any, dst: Any, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Copy every article and the users, token hashes, saved searches and notes; counts."""
    ids = src.article_ids()
    new_ids: dict[int, int] = {}
    for n, old in enumerate(ids, 1):
        if not dst.in_transaction():  # one write transaction per batch, not per article
            dst.begin_write()
        data = src.get(old)
        if data is not None:
            article = Article.from_json(data)
            article.calendar = src.calendar_reports(old)  # as filed: no text read anew
            new_ids[old] = dst.add(article)
            dst.group(new_ids[old], article)  # its story, built in the target
        if n % BATCH == 0:
            dst.commit()
        if progress:
            progress(n, len(ids))
    dst.commit()
    counts = {"articles": len(new_ids), **_copy_team(src, dst, new_ids)}
    dst.conn.exec_driver_sql(
        "ANALYZE"
    )  # fresh planner statistics (both SQLite and PostgreSQL have it)
    return counts


def _copy_team(src: Any, dst: Any, new_ids: dict[int, int]) -> dict[str, int]:
    users: dict[int, int] = {}
    for uid, name, role, created in src._all(select(u.id, u.name, u.role, u.created_at)):
        have = dst._all(select(u.id).where(u.name == name))
        if not have:
            have = dst._do(
                insert(schema.users)
                .values(name=name, role=role, created_at=created)
                .returning(u.id)
            )
        users[int(uid)] = int(have[0].id)
    for uid, digest, created in src._all(select(t.user_id, t.hash, t.created_at)):
        if not dst._all(select(t.id).where(t.hash == digest)):
            dst._do(
                insert(schema.tokens).values(
                    user_id=users[int(uid)], hash=digest, created_at=created
                )
            )
    for uid, name, query, filters in src._all(select(s.user_id, s.name, s.query, s.filters)):
        dst.save_search(users[int(uid)], name, query, filters)
    notes = 0
    for uid, aid, note in src._all(select(n.user_id, n.article_id, n.note)):
        if int(aid) not in new_ids:
            continue
        user_id, article_id = users[int(uid)], new_ids[int(aid)]
        same = (n.user_id == user_id, n.article_id == article_id, n.note == note)
        if not dst._all(select(n.id).where(*same)):  # copying twice does not duplicate a note
            dst.annotate(user_id, article_id, note)
        notes += 1
    return {"users": len(users), "annotations": notes}
