"""Entity search and browse: entities by name, type and KB ids, most-reported first."""

from __future__ import annotations

import re
from typing import Any

from obzor.store.portable import Rows

# Rows one browse page reads at most: one more than shown tells whether a next page exists.
MAX_ROWS = 201


class EntityFindMixin(Rows):
    """The store verb behind the entity browser (web /entities, GET /api/entities/find)."""

    def find_entities(
        self,
        names: list[str] | None = None,
        *,
        type: str | None = None,
        kb_ids: list[str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Entities whose name or key contains one of `names` (as written: the caller passes
        the spellings to try, since LIKE folds case only in ASCII), of one type, among kb_ids
        (an empty list finds nothing), by articles naming them: name, type, kb_id, mentions,
        articles."""
        where, params = ["1 = 1"], []
        if names:
            like = "e.name LIKE ? ESCAPE '\\' OR e.key LIKE ? ESCAPE '\\'"
            where.append("(" + " OR ".join([like] * len(names)) + ")")
            for n in names:
                pattern = "%" + re.sub(r"([\\%_])", r"\\\1", n) + "%"
                params += [pattern, pattern]
        if type:
            where.append("e.type = ?")
            params.append(type)
        if kb_ids is not None:
            if not kb_ids:
                return []
            where.append(f"e.kb_id IN ({', '.join('?' * len(kb_ids))})")
            params += kb_ids
        rows = self._rows(
            "SELECT e.name, e.type, e.kb_id, COUNT(*) AS mentions,"
            " COUNT(DISTINCT m.article_id) AS articles"
            " FROM entities AS e JOIN mentions AS m ON m.entity_id = e.id"
            f" WHERE {' AND '.join(where)}"
            " GROUP BY e.id, e.name, e.type, e.kb_id"
            " ORDER BY articles DESC, mentions DESC, e.name LIMIT ? OFFSET ?",
            (*params, min(limit, MAX_ROWS), offset),
        )
        keys = ("name", "type", "kb_id", "mentions", "articles")
        return [dict(zip(keys, r, strict=True)) for r in rows]
