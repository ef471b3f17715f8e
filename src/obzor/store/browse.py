"""Browsing verbs for SQLite and PostgreSQL: filtered listing, facets, profiles, trends."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select

from obzor.store import tallies
from obzor.store.dialect import candidates, id_set, id_values
from obzor.store.portable import Rows
from obzor.store.schema import articles as art
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.schema import outlets
from obzor.store.schema import story_articles as sa
from obzor.store.schema import threats as th
from obzor.store.threats import MIN_SCORE, has_threat

FILTERS = ("language", "outlet", "entity", "country", "threat", "date_from", "date_to")
# Facet lists longer than this stop helping a reader narrow a search.
FACET_SIZE = 10
# Reports of one event share its place and actors: three shared entities (e.g. ОДКБ, Минск,
# Лукашенко) tie them together, while two often only means the same region.
SHARED_ENTITIES = 3


def _naming(name: str, loc: bool = False) -> ColumnElement[bool]:
    """articles.id is an article naming an entity of that name (a place, if loc)."""
    named = (
        select(men.c.article_id).join(ent, ent.c.id == men.c.entity_id).where(ent.c.name == name)
    )
    return art.c.id.in_(named.where(ent.c.type == "LOC") if loc else named)


def article_filters(filters: dict[str, Any]) -> list[ColumnElement[bool]]:
    """Conditions on articles (schema.articles) for the search page's filters."""
    found: list[ColumnElement[bool]] = []
    if filters.get("language"):
        found.append(art.c.language == filters["language"])
    if filters.get("outlet"):
        found.append(
            art.c.outlet_id.in_(select(outlets.c.id).where(outlets.c.name == filters["outlet"]))
        )
    if filters.get("entity"):
        found.append(_naming(filters["entity"]))
    if filters.get("country"):
        found.append(_naming(filters["country"], loc=True))
    if filters.get("threat"):
        found.append(has_threat(filters["threat"]))
    if filters.get("date_from"):
        found.append(func.substr(art.c.published, 1, 10) >= str(filters["date_from"]))
    if filters.get("date_to"):
        found.append(func.substr(art.c.published, 1, 10) <= str(filters["date_to"]))
    if filters.get("story"):
        story = select(sa.c.article_id).where(sa.c.story_id == int(filters["story"]))
        found.append(art.c.id.in_(story))
    return found


def summary_rows() -> Select[Any]:
    """id, title, published, outlet, language of articles (schema.articles) with their outlet."""
    return select(
        art.c.id, art.c.title, art.c.published, outlets.c.name.label("outlet"), art.c.language
    ).outerjoin(outlets, outlets.c.id == art.c.outlet_id)


@lru_cache(maxsize=2)
def _facet_statements(dialect: str) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The facets' counts over the articles whose ids are bound as "ids" (dialect.id_set):
    (language, outlet, month, n), (entity name, type, articles) most first, (category, n).
    Built once per dialect, so each search only binds its ids."""
    hits = id_set(dialect).cte("hits")
    month = func.substr(art.c.published, 1, 7)
    by_article = (
        select(art.c.language, outlets.c.name, month, func.count())
        .select_from(hits.join(art, art.c.id == hits.c.value)
                     .outerjoin(outlets, outlets.c.id == art.c.outlet_id))
        .group_by(art.c.language, outlets.c.name, month)
    )  # fmt: skip
    n = func.count(men.c.article_id.distinct()).label("n")
    by_entity = (
        select(ent.c.name, ent.c.type, n)
        .select_from(hits.join(men, men.c.article_id == hits.c.value)
                     .join(ent, ent.c.id == men.c.entity_id))
        .group_by(ent.c.name, ent.c.type)
        .order_by(n.desc(), ent.c.name)
    )  # fmt: skip
    by_threat = select(th.c.category, func.count()).where(th.c.score >= MIN_SCORE)
    if dialect == "postgresql":
        # The ids as a set (each is bound once: id_values): PostgreSQL then looks each up in
        # threats' key; joined to them, it read every row of threats into a hash instead
        # (100,000 articles, 500 ids: 7.4 -> 0.7 ms, EXPLAIN ANALYZE; docs/scale.md).
        by_threat = by_threat.where(th.c.article_id.in_(select(hits.c.value)))
    else:
        by_threat = by_threat.select_from(hits.join(th, th.c.article_id == hits.c.value))
    return by_article, by_entity, by_threat.group_by(th.c.category)


class BrowseMixin(Rows):
    """Listing, filtering, facets, entity profiles and trends over the stored rows."""

    def list_articles(
        self, limit: int = 20, offset: int = 0, **filters: Any
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of article summaries (newest first, undated last) matching filters, and the
        total. Without filters the total is the count kept at write time (tallies), and the
        dated articles are read newest first down the index on `published` (its order,
        DESC, with NULLS LAST in one ORDER BY, is one the index does not give in
        PostgreSQL: it sorted every article, 120 ms at 100,000), then the undated ones."""
        where = article_filters(filters)
        count = select(func.count()).select_from(art)
        if where:
            total = int(self.conn.execute(count.where(*where)).scalar_one())
        else:
            total = sum(tallies.read(self.conn, "articles").values())
        dated = (
            summary_rows()
            .where(*where, art.c.published.is_not(None))
            .order_by(art.c.published.desc(), art.c.id.desc())
        )
        rows = list(self._all(dated.limit(limit).offset(offset)))
        if len(rows) < limit:  # the page reaches the undated articles
            undated = summary_rows().where(*where, art.c.published.is_(None))
            none = int(
                self.conn.execute(count.where(*where, art.c.published.is_(None))).scalar_one()
            )
            skip = max(0, offset - (total - none))
            rows += self._all(
                undated.order_by(art.c.id.desc()).limit(limit - len(rows)).offset(skip)
            )
        return [dict(r._mapping) for r in rows], total

    def filter_ids(self, ids: list[int], **filters: Any) -> set[int]:
        """The subset of article ids that pass every filter."""
        if not ids:
            return set()
        hits = id_set(self.conn.dialect.name)
        query = select(art.c.id).where(art.c.id.in_(hits), *article_filters(filters))
        return {int(r.id) for r in self.conn.execute(query, id_values(self.conn, ids))}

    def facets(self, ids: list[int]) -> dict[str, list[dict[str, Any]]]:
        """Counts of articles by language, outlet, entity, country, threat and month."""
        if not ids:
            return {k: [] for k in ("language", "outlet", "entity", "country", "threat", "month")}
        by_article, by_entity, by_threat = _facet_statements(self.conn.dialect.name)
        values = id_values(self.conn, ids)
        arts = self.conn.execute(by_article, values).all()
        ents = self.conn.execute(by_entity, values).all()
        threats = Counter({str(c): int(k) for c, k in self.conn.execute(by_threat, values)})

        def top(counter: Counter[Any]) -> list[dict[str, Any]]:
            items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
            return [{"value": v, "count": n} for v, n in items[:FACET_SIZE] if v is not None]

        def by(column: int) -> Counter[Any]:
            counts: Counter[Any] = Counter()
            for row in arts:
                counts[row[column]] += int(row[3])
            return counts

        return {
            "language": top(by(0)),
            "outlet": top(by(1)),
            "month": top(by(2)),
            "threat": top(threats),
            "entity": top(Counter({n: c for n, t, c in ents if t != "LOC"})),
            "country": top(Counter({n: c for n, t, c in ents if t == "LOC"})),
        }

    def related(self, article_id: int, min_shared: int = SHARED_ENTITIES) -> list[dict[str, Any]]:
        """The article and those naming at least min_shared of the same entities."""
        m1, m2 = men.alias("m1"), men.alias("m2")
        rows = self._all(
            select(m2.c.article_id)
            .select_from(
                m1.join(
                    m2, (m2.c.entity_id == m1.c.entity_id) & (m2.c.article_id != m1.c.article_id)
                )
            )
            .where(m1.c.article_id == article_id)
            .group_by(m2.c.article_id)
            .having(func.count(m2.c.entity_id.distinct()) >= min_shared)
        )
        ids = [article_id, *(int(r.article_id) for r in rows)]
        return [dict(r._mapping) for r in self._all(summary_rows().where(art.c.id.in_(ids)))]

    def summaries(self, ids: list[int]) -> list[dict[str, Any]]:
        """Article summaries (id, title, published, outlet, language) for ids, oldest first."""
        if not ids:
            return []
        rows = self._all(
            summary_rows()
            .where(art.c.id.in_(ids))
            .order_by(art.c.published.asc().nulls_first(), art.c.id)
        )
        return [dict(r._mapping) for r in rows]

    def countries(self, limit: int = 12) -> list[dict[str, Any]]:
        """States (KB kind "state": not cities, regions, Европа or СССР) by articles naming them."""
        from obzor.kb.loader import load_kb

        states = [e.id for e in load_kb().entries if e.facts.get("kind") == "state"]
        rows = self._all(  # the articles naming each, counted at write time (tallies.py)
            select(ent.c.name, ent.c.kb_id, ent.c.articles)
            .where(ent.c.kb_id.in_(states), ent.c.articles > 0)
            .order_by(ent.c.articles.desc(), ent.c.name)
            .limit(limit)
        )
        return [{"name": name, "kb_id": k, "articles": int(c)} for name, k, c in rows]

    def article_ids(self) -> list[int]:
        """Every stored article id, oldest first (for copying a base)."""
        return [int(r.id) for r in self._all(select(art.c.id).order_by(art.c.id))]

    def similar_entities(self, name: str, limit: int = 10) -> list[dict[str, Any]]:
        """Entity names like name (a typo or another transliteration), most similar first."""
        rows = self._all(
            select(ent.c.name, ent.c.type).distinct().where(*candidates(self.conn, name))
        )
        return similar([(str(n), str(t)) for n, t in rows], name, limit)

    def trends(self, by: str = "entity", interval: str = "day", top: int = 5) -> dict[str, Any]:
        """Article counts per day or ISO week for the top entities, countries or threats."""
        if by not in ("entity", "country", "threat") or interval not in ("day", "week"):
            raise ValueError("trends: by is entity|country|threat, interval is day|week")
        # Counted at write time (store/tallies.py): the leaders' totals, then their days.
        leaders = list(tallies.read(self.conn, f"trend:{by}", limit=top))
        series: dict[str, Counter[str]] = {n: Counter() for n in leaders}
        for name, day, n in tallies.days(self.conn, by, leaders):
            series[name][_bucket(day, interval)] += n
        return {
            "by": by,
            "interval": interval,
            "series": [
                {"name": n, "points": [{"period": p, "count": c} for p, c in sorted(s.items())]}
                for n, s in series.items()
            ],
        }


def _bucket(day: str, interval: str) -> str:
    if interval == "day":
        return day
    try:
        year, week, _ = date.fromisoformat(day).isocalendar()
    except ValueError:
        return day
    return f"{year}-W{week:02d}"


def similar(names: list[tuple[str, str]], name: str, limit: int) -> list[dict[str, Any]]:
    """Names like name (a typo, another case, script or transliteration), most similar first:
    difflib's ratio of script-free spellings (nlp.translit.skeleton), over the whole name and
    over its runs of as many words as name has ("Tokayev" is "Касым-Жомарт Токаев")."""
    from difflib import SequenceMatcher

    from obzor.nlp.translit import skeleton

    def words(text: str) -> list[str]:
        return skeleton(text).replace("-", " ").split()

    want = words(name)
    key = " ".join(sorted(want))  # word order does not matter: "Лукашенко Александр" matches
    matcher = SequenceMatcher(None, b=key)

    def score(candidate: str) -> float:
        have = words(candidate)
        runs = [have] + [have[i : i + len(want)] for i in range(len(have) - len(want) + 1)]
        best = 0.0
        for run in runs:
            matcher.set_seq1(" ".join(sorted(run)))
            best = max(best, matcher.ratio())
        return best

    scored = [(score(n), n, t) for n, t in names]
    # 0.6 is difflib's own "close match" cutoff (get_close_matches).
    best = sorted((s for s in scored if s[0] >= 0.6), key=lambda s: (-s[0], s[1]))
    return [{"name": n, "type": t, "score": round(s, 3)} for s, n, t in best[:limit]]
