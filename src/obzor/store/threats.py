"""Threat rows per article (migration m003) and the threat / entity / date search filters."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    bindparam,
    func,
    literal,
    or_,
    select,
)

from obzor.model import Article
from obzor.store.dialect import upsert
from obzor.store.findings import slim
from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.schema import threats as th
from obzor.taxonomy.threats import CATEGORY_IDS
from obzor.text import name_key

# A search filtered by threat keeps articles whose category score reaches this: the level at
# which obzor.nlp.threats counts a category as present (negated or historical asides score
# below it). Kept equal to obzor.nlp.threats.THRESHOLD, which a test checks.
MIN_SCORE = 0.5
_SINCE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def schema() -> list[str]:
    """The threats table: one row per article and category, indexed by category and score."""
    return [
        """CREATE TABLE threats (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',  -- JSON: [{"start", "end", "text"}]
            PRIMARY KEY (article_id, category)
        )""",
        "CREATE INDEX threats_category ON threats(category, score)",
    ]


def normalize_since(value: str) -> str:
    """ "2024", "2024-03" or "2024-03-05" as the first day it names; ValueError otherwise."""
    match = _SINCE.match(value.strip())
    if match is None:
        raise ValueError(f"--since must look like 2024-01-01 (or 2024-01, 2024), got {value!r}")
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError as e:
        raise ValueError(f"--since {value!r} is not a real date: {e}") from e


def has_threat(
    category: str | BindParameter[str], article: ColumnElement[Any] = art.c.id
) -> ColumnElement[bool]:
    """The one definition of "the article is about a threat category": every filter, facet,
    trend and count (CLI, API, web, stories, brief) reads the threats table at MIN_SCORE
    through it. The article is articles.id by default."""
    about = select(th.c.article_id).where(th.c.category == category, th.c.score >= MIN_SCORE)
    return article.in_(about)


class ThreatsMixin:
    """Store verbs for threats; the host class provides `conn`."""

    conn: Connection

    def _add_threats(self, article_id: int, article: Article) -> None:
        """Write the article's threat categories as rows (inside the add savepoint)."""
        if not article.threats:
            return
        new = upsert(self.conn, th)
        self.conn.execute(
            new.on_conflict_do_update(
                index_elements=[th.c.article_id, th.c.category],
                set_={"score": new.excluded.score, "evidence": new.excluded.evidence},
            ),
            [
                {
                    "article_id": article_id,
                    "category": t.category,
                    "score": t.score,
                    "evidence": json.dumps(
                        slim([e.to_json() for e in t.evidence], article.text), ensure_ascii=False
                    ),
                }
                for t in article.threats
            ],
        )

    def threat_counts(self) -> dict[str, int]:
        """Articles per threat category (score at least MIN_SCORE), most frequent first
        (counted at write time, store/tallies.py)."""
        from obzor.store import tallies

        return tallies.read(self.conn, "threat")

    def entity_ids(self, entity: str) -> list[int]:
        """Entities a KB id or alias names (store.entities.find), or whose name has the words."""
        from obzor.store.entities import find

        words = name_key(entity)
        if not words:
            return []
        linked = find(self.conn, entity)
        found = {linked} if linked is not None else set()
        # The words, in order, inside an entity's name key (revision 0019): matched in SQL.
        spaced = literal(" ") + ent.c.name_key + literal(" ")
        named = or_(ent.c.kb_id == entity.strip(), spaced.contains(f" {words} ", autoescape=True))
        found.update(int(i) for (i,) in self.conn.execute(select(ent.c.id).where(named)))
        return sorted(found)

    def _filters(
        self, threat: str | None, entity: str | None, since: str | None
    ) -> list[ColumnElement[bool]]:
        """Conditions on articles (schema.articles) for a search's threat, entity and since."""
        values = self._filter_values(threat, entity, since)
        return [c.params(values) for c in filter_clauses(tuple(values))]

    def _filter_values(
        self, threat: str | None, entity: str | None, since: str | None
    ) -> dict[str, Any]:
        """The bound values of filter_clauses: a known threat category, the entity ids an
        entity names, a first date (ValueError for an unknown threat or a bad date)."""
        values: dict[str, Any] = {}
        if threat is not None:
            if threat not in CATEGORY_IDS:
                raise ValueError(f"unknown threat {threat!r}; one of: {', '.join(CATEGORY_IDS)}")
            values["threat"] = threat
        if entity is not None:
            values["entity"] = self.entity_ids(entity)
        if since is not None:
            values["since"] = normalize_since(since)
        return values


def filter_clauses(names: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """The search's filters as conditions on articles over bound parameters named as the
    filters ("threat", "entity": entity ids, "since"), for the filters named."""
    found: list[ColumnElement[bool]] = []
    if "threat" in names:
        found.append(has_threat(bindparam("threat")))
    if "entity" in names:
        # Tested per article through its mentions (the article index): a search tests only
        # the matches it walks, not the set of every article naming the entity. "+ 0" keeps
        # SQLite on the article's index: with a list of ids it would walk the entity's every
        # mention for each article (minutes on a common name).
        ids: BindParameter[list[int]] = bindparam("entity", expanding=True)
        naming = select(men.c.article_id).where(
            men.c.article_id == art.c.id, (men.c.entity_id + 0).in_(ids)
        )
        found.append(naming.exists())
    if "since" in names:
        found.append(func.substr(art.c.published, 1, 10) >= bindparam("since"))
    return found
