"""Entity search and browse: entities by name, type and KB ids, most-reported first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from obzor.store.portable import Rows
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men

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
        mentions = func.count().label("mentions")
        articles = func.count(men.c.article_id.distinct()).label("articles")
        query = select(ent.c.name, ent.c.type, ent.c.kb_id, mentions, articles).join(
            men, men.c.entity_id == ent.c.id
        )
        if names:
            query = query.where(
                or_(
                    *(
                        c.contains(n, autoescape=True)
                        for n in names
                        for c in (ent.c.name, ent.c.key)
                    )
                )
            )
        if type:
            query = query.where(ent.c.type == type)
        if kb_ids is not None:
            if not kb_ids:
                return []
            query = query.where(ent.c.kb_id.in_(kb_ids))
        query = (
            query.group_by(ent.c.id, ent.c.name, ent.c.type, ent.c.kb_id)
            .order_by(articles.desc(), mentions.desc(), ent.c.name)
            .limit(min(limit, MAX_ROWS))
            .offset(offset)
        )
        return [dict(r._mapping) for r in self._all(query)]
