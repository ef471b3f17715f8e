"""Copy a base from one store to another (sqlite -> postgresql): articles, then team rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from obzor.model import Article

# Commit every this many articles: the same batch size as ingest (flat memory, cheap commits).
BATCH = 200


def copy_store(
    src: Any, dst: Any, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Copy every article and the users, token hashes, saved searches and notes; counts."""
    ids = src.article_ids()
    new_ids: dict[int, int] = {}
    for n, old in enumerate(ids, 1):
        if not dst.db.in_transaction:  # one write transaction per batch, not per article
            dst.begin_write()
        data = src.get(old)
        if data is not None:
            new_ids[old] = dst.add(Article.from_json(data))
        if n % BATCH == 0:
            dst.commit()
        if progress:
            progress(n, len(ids))
    dst.commit()
    counts = {"articles": len(new_ids), **_copy_team(src, dst, new_ids)}
    dst.db.execute("ANALYZE")  # fresh planner statistics (both SQLite and PostgreSQL have it)
    return counts


def _copy_team(src: Any, dst: Any, new_ids: dict[int, int]) -> dict[str, int]:
    users: dict[int, int] = {}
    for uid, name, role, created in src._rows("SELECT id, name, role, created_at FROM users"):
        have = dst._rows("SELECT id FROM users WHERE name = ?", (name,))
        if not have:
            have = dst._write(
                "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?) RETURNING id",
                (name, role, created),
            )
        users[int(uid)] = int(have[0][0])
    for uid, digest, created in src._rows("SELECT user_id, hash, created_at FROM tokens"):
        if not dst._rows("SELECT id FROM tokens WHERE hash = ?", (digest,)):
            dst._write(
                "INSERT INTO tokens (user_id, hash, created_at) VALUES (?, ?, ?)",
                (users[int(uid)], digest, created),
            )
    for uid, name, query, filters, _ in src._rows(
        "SELECT user_id, name, query, filters, created_at FROM saved_searches"
    ):
        dst.save_search(users[int(uid)], name, query, filters)
    notes = 0
    for uid, aid, note in src._rows("SELECT user_id, article_id, note FROM annotations"):
        if int(aid) not in new_ids:
            continue
        target = (users[int(uid)], new_ids[int(aid)], note)
        if not dst._rows(  # copying twice does not duplicate a note
            "SELECT id FROM annotations WHERE user_id = ? AND article_id = ? AND note = ?", target
        ):
            dst.annotate(*target)
        notes += 1
    return {"users": len(users), "annotations": notes}
