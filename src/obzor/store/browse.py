"""Browsing verbs for SQLite and PostgreSQL: filtered listing, facets, profiles, trends."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from obzor.store.portable import Rows
from obzor.store.threats import HAS_THREAT, MIN_SCORE

FILTERS = ("language", "outlet", "entity", "country", "threat", "date_from", "date_to")
# Facet lists longer than this stop helping a reader narrow a search.
FACET_SIZE = 10
# Reports of one event share its place and actors: three shared entities (e.g. ОДКБ, Минск,
# Лукашенко) tie them together, while two often only means the same region.
SHARED_ENTITIES = 3

_SUMMARY_FROM = " FROM articles AS a LEFT JOIN outlets AS o ON o.id = a.outlet_id"
_SUMMARY = "SELECT a.id, a.title, a.published, o.name, a.language" + _SUMMARY_FROM
_HAS_ENTITY = (
    "a.id IN (SELECT m.article_id FROM mentions AS m JOIN entities AS e ON e.id = m.entity_id"
    " WHERE e.name = ?{type})"
)


def article_filters(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """A WHERE clause (bound parameters) for the filters over articles AS a, outlets AS o."""
    clauses, params = ["1 = 1"], []
    if filters.get("language"):
        clauses.append("a.language = ?")
        params.append(filters["language"])
    if filters.get("outlet"):
        clauses.append("o.name = ?")
        params.append(filters["outlet"])
    if filters.get("entity"):
        clauses.append(_HAS_ENTITY.format(type=""))
        params.append(filters["entity"])
    if filters.get("country"):
        clauses.append(_HAS_ENTITY.format(type=" AND e.type = 'LOC'"))
        params.append(filters["country"])
    if filters.get("threat"):
        clauses.append(HAS_THREAT)
        params += [filters["threat"], MIN_SCORE]
    if filters.get("date_from"):
        clauses.append("substr(a.published, 1, 10) >= ?")
        params.append(str(filters["date_from"]))
    if filters.get("date_to"):
        clauses.append("substr(a.published, 1, 10) <= ?")
        params.append(str(filters["date_to"]))
    if filters.get("story"):
        clauses.append(
            "a.id IN (SELECT x.article_id FROM story_articles AS x WHERE x.story_id = ?)"
        )
        params.append(int(filters["story"]))
    return " AND ".join(clauses), params


def _summary(row: tuple[Any, ...]) -> dict[str, Any]:
    keys = ("id", "title", "published", "outlet", "language")
    return dict(zip(keys, row, strict=True))


class BrowseMixin(Rows):
    """Listing, filtering, facets, entity profiles and trends over the stored rows."""

    def list_articles(
        self, limit: int = 20, offset: int = 0, **filters: Any
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of article summaries (newest first) matching filters, and the total."""
        where, params = article_filters(filters)
        total = int(self._rows(f"SELECT COUNT(*){_SUMMARY_FROM} WHERE {where}", params)[0][0])
        rows = self._rows(
            f"{_SUMMARY} WHERE {where} ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_summary(r) for r in rows], total

    def filter_ids(self, ids: list[int], **filters: Any) -> set[int]:
        """The subset of article ids that pass every filter."""
        if not ids:
            return set()
        where, params = article_filters(filters)
        marks = ", ".join("?" for _ in ids)
        rows = self._rows(
            f"SELECT a.id{_SUMMARY_FROM} WHERE a.id IN ({marks}) AND {where}", [*ids, *params]
        )
        return {int(i) for (i,) in rows}

    def facets(self, ids: list[int]) -> dict[str, list[dict[str, Any]]]:
        """Counts of articles by language, outlet, entity, country, threat and month."""
        if not ids:
            return {k: [] for k in ("language", "outlet", "entity", "country", "threat", "month")}
        marks = ", ".join("?" for _ in ids)
        arts = self._rows(
            "SELECT a.language, o.name, substr(a.published, 1, 7) FROM articles AS a"
            f" LEFT JOIN outlets AS o ON o.id = a.outlet_id WHERE a.id IN ({marks})",
            ids,
        )
        ents = self._rows(
            "SELECT e.name, e.type, COUNT(DISTINCT m.article_id) AS n FROM mentions AS m"
            f" JOIN entities AS e ON e.id = m.entity_id WHERE m.article_id IN ({marks})"
            " GROUP BY e.name, e.type ORDER BY n DESC, e.name",
            ids,
        )
        threat_rows = self._rows(
            "SELECT category, COUNT(*) FROM threats"
            f" WHERE score >= ? AND article_id IN ({marks}) GROUP BY category",
            [MIN_SCORE, *ids],
        )
        threats = Counter({str(c): int(n) for c, n in threat_rows})

        def top(counter: Counter[Any]) -> list[dict[str, Any]]:
            items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
            return [{"value": v, "count": n} for v, n in items[:FACET_SIZE] if v is not None]

        return {
            "language": top(Counter(r[0] for r in arts)),
            "outlet": top(Counter(r[1] for r in arts)),
            "month": top(Counter(r[2] for r in arts)),
            "threat": top(threats),
            "entity": top(Counter({n: c for n, t, c in ents if t != "LOC"})),
            "country": top(Counter({n: c for n, t, c in ents if t == "LOC"})),
        }

    def related(self, article_id: int, min_shared: int = SHARED_ENTITIES) -> list[dict[str, Any]]:
        """The article and those naming at least min_shared of the same entities."""
        rows = self._rows(
            "SELECT m2.article_id FROM mentions AS m1 JOIN mentions AS m2"
            " ON m2.entity_id = m1.entity_id AND m2.article_id <> m1.article_id"
            " WHERE m1.article_id = ? GROUP BY m2.article_id"
            " HAVING COUNT(DISTINCT m2.entity_id) >= ?",
            (article_id, min_shared),
        )
        ids = [article_id, *(int(r[0]) for r in rows)]
        marks = ", ".join("?" for _ in ids)
        return [_summary(r) for r in self._rows(f"{_SUMMARY} WHERE a.id IN ({marks})", ids)]

    def summaries(self, ids: list[int]) -> list[dict[str, Any]]:
        """Article summaries (id, title, published, outlet, language) for ids, oldest first."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = self._rows(f"{_SUMMARY} WHERE a.id IN ({marks}) ORDER BY a.published, a.id", ids)
        return [_summary(r) for r in rows]

    def countries(self, limit: int = 12) -> list[dict[str, Any]]:
        """States (KB kind "state": not cities, regions, Европа or СССР) by articles naming them."""
        from obzor.kb.loader import load_kb

        states = [e.id for e in load_kb().entries if e.facts.get("kind") == "state"]
        rows = self._rows(
            "SELECT e.name, e.kb_id, COUNT(DISTINCT m.article_id) AS n"
            " FROM entities AS e JOIN mentions AS m ON m.entity_id = e.id"
            f" WHERE e.kb_id IN ({', '.join('?' * len(states))})"
            " GROUP BY e.id, e.name, e.kb_id ORDER BY n DESC, e.name LIMIT ?",
            (*states, limit),
        )
        return [{"name": n, "kb_id": k, "articles": int(c)} for n, k, c in rows]

    def article_ids(self) -> list[int]:
        """Every stored article id, oldest first (for copying a base)."""
        return [int(r[0]) for r in self._rows("SELECT id FROM articles ORDER BY id")]

    def similar_entities(self, name: str, limit: int = 10) -> list[dict[str, Any]]:
        """Entity names like name (a typo or another transliteration), most similar first."""
        rows = self._rows("SELECT DISTINCT name, type FROM entities")
        return similar([(str(n), str(t)) for n, t in rows], name, limit)

    def trends(self, by: str = "entity", interval: str = "day", top: int = 5) -> dict[str, Any]:
        """Article counts per day or ISO week for the top entities, countries or threats."""
        if by not in ("entity", "country", "threat") or interval not in ("day", "week"):
            raise ValueError("trends: by is entity|country|threat, interval is day|week")
        pairs: list[tuple[str, str]] = []
        if by == "threat":
            rows = self._rows(
                "SELECT a.published, t.category FROM threats AS t"
                " JOIN articles AS a ON a.id = t.article_id"
                " WHERE a.published IS NOT NULL AND t.score >= ?",
                (MIN_SCORE,),
            )
            pairs = [(str(published)[:10], str(category)) for published, category in rows]
        else:
            kind = "= 'LOC'" if by == "country" else "<> 'LOC'"
            rows = self._rows(
                "SELECT DISTINCT a.id, substr(a.published, 1, 10), e.name FROM articles AS a"
                " JOIN mentions AS m ON m.article_id = a.id JOIN entities AS e"
                f" ON e.id = m.entity_id WHERE a.published IS NOT NULL AND e.type {kind}"
            )
            pairs = [(str(day), str(name)) for _, day, name in rows]
        leaders = [n for n, _ in Counter(n for _, n in pairs).most_common(top)]
        series: dict[str, Counter[str]] = {n: Counter() for n in leaders}
        for day, name in pairs:
            if name in series:
                series[name][_bucket(day, interval)] += 1
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
