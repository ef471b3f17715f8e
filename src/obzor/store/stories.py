"""Stories in SQLite: the schema (migration 5) and grouping each article as it is stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, exists, func, insert, select

from obzor.model import Article, Mention
from obzor.store import fts, story_views
from obzor.store.dialect import order, upsert
from obzor.store.schema import articles as art
from obzor.store.schema import credits, outlets, story_terms
from obzor.store.schema import entities as ent
from obzor.store.schema import mentions as men
from obzor.store.schema import stories as stories_t
from obzor.store.schema import story_articles as sa

if TYPE_CHECKING:  # grouping (and numpy) loads when an article is added, not for reading
    from obzor.stories.cluster import Decision, Grouper
    from obzor.stories.features import Item

SCHEMA = (
    # A story's id is the id of the article that opened it; its thread is a story id too.
    "CREATE TABLE stories (id INTEGER PRIMARY KEY, thread_id INTEGER NOT NULL)",
    "CREATE INDEX stories_thread ON stories(thread_id)",
    """CREATE TABLE story_articles (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        role TEXT NOT NULL,  -- first | member | reprint | duplicate
        original_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        score REAL NOT NULL,
        day INTEGER,  -- ordinal of the publication date; NULL when undated
        features TEXT NOT NULL  -- JSON of stories.features.Item, to rebuild the window
    )""",
    "CREATE INDEX story_articles_story ON story_articles(story_id)",
    "CREATE INDEX story_articles_day ON story_articles(day)",
    # Document frequencies of lemmas over grouped articles (TF-IDF for the pair model).
    "CREATE TABLE story_terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID",
)


def _window() -> Select[Any]:
    """Grouped articles as the grouper remembers them, with their story's thread."""
    return select(
        sa.c.article_id, sa.c.story_id, stories_t.c.thread_id, sa.c.role, sa.c.original_id,
        sa.c.score, sa.c.features,
    ).join(stories_t, stories_t.c.id == sa.c.story_id)  # fmt: skip


def schema() -> tuple[str, ...]:
    """The statements of migration m005_stories."""
    return SCHEMA


class StoriesMixin:
    """Grouping on add: each stored article joins a story (or opens one) in the same transaction."""

    conn: Connection
    _grouper: Grouper | None = None
    _empty_days: set[int]
    _seen_id: int = 0  # the newest story_articles row this process's grouper has taken in
    begin_write: Callable[[], None]  # the store's (sqlite.py)
    in_transaction: Callable[[], bool]
    commit: Callable[[], None]

    def group(self, article_id: int, article: Article) -> Decision | None:
        """Group a just-added article into its story (a duplicate, reprint or report of the
        same event) and record it; None when it is grouped already (another writer raced).
        The writer's step after add(), in the same write() (flow.save, copy_store)."""
        from obzor.stories.features import item_from_article

        grouped = select(sa.c.article_id).where(sa.c.article_id == article_id)
        if self.conn.execute(grouped).first() is not None:
            return None
        item = item_from_article(article_id, article)
        return self._record(self._load_grouper(), item)

    def group_pending(self) -> int:
        """Group stored articles that have no story yet (stored before grouping existed)."""
        # Every add groups its article, so ungrouped ones are those stored before grouping
        # existed (ids below the first grouped one) or after (an old writer): two index
        # lookups decide, and the scan of every article runs only when one is there.
        low, high = self.conn.execute(
            select(select(func.min(sa.c.article_id)).scalar_subquery(),
                   select(func.max(sa.c.article_id)).scalar_subquery())
        ).one()  # fmt: skip
        if (
            low is not None
            and not self.conn.execute(
                select(exists().where(art.c.id < low) | exists().where(art.c.id > high))
            ).scalar()
        ):
            return 0
        rows = self.conn.execute(
            select(art.c.id, art.c.title, art.c.text, art.c.published, art.c.language,
                   outlets.c.name)
            .outerjoin(outlets, outlets.c.id == art.c.outlet_id)
            .where(art.c.id.not_in(select(sa.c.article_id)))
            .order_by(art.c.id)
        ).all()  # fmt: skip
        if not rows:
            return 0
        if not self.in_transaction():
            self.begin_write()
        for article_id, title, text, published, language, outlet in rows:
            names = self.conn.execute(
                select(credits.c.name)
                .where(credits.c.article_id == article_id)
                .order_by(order(self.conn, credits))
            )
            kb = self.conn.execute(
                select(ent.c.kb_id)
                .distinct()
                .select_from(men.join(ent, ent.c.id == men.c.entity_id))
                .where(men.c.article_id == article_id, ent.c.kb_id.is_not(None))
            )
            article = Article(
                source="",
                text=text,
                title=title,
                published=published,
                language=language,
                outlet=outlet,
                credited_sources=[n for (n,) in names],
                entities=[Mention("", "", 0, 0, "", kb_id) for (kb_id,) in kb],
            )
            self.group(article_id, article)
        self.commit()
        return len(rows)

    def stories(
        self,
        since: str | None = None,
        until: str | None = None,
        threat: str | None = None,
        limit: int = 50,
        members: bool = False,
        min_size: int = 1,
        sort: str = "time",
    ) -> list[dict[str, Any]]:
        """Stories seen in [since, until] (YYYY-MM-DD) with at least min_size reports, newest
        first (sort="importance": most important first); with members, each also lists its
        articles as story() does (see story_views)."""
        return story_views.list_stories(
            self.conn, since, until, threat, limit, members, min_size, sort
        )

    def grouped_stories(self, scan: int = 1000, show: int = 3) -> tuple[int, list[dict[str, Any]]]:
        """Of the newest `scan` stories, how many hold more than one article (copies
        included), and the newest `show` of those (as stories() gives them)."""
        return story_views.grouped(self.conn, scan, show)

    def story(self, story_id: int) -> dict[str, Any] | None:
        """One story with its members and thread, or None."""
        return story_views.get_story(self.conn, story_id)

    def stories_by_id(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """story() of each of ids that is a story, by id, read together."""
        return story_views.get_stories(self.conn, ids)

    def texts(self, article_ids: list[int]) -> dict[int, str]:
        """The text of each of the articles that exist, by id, in one statement."""
        if not article_ids:
            return {}
        found = self.conn.execute(select(art.c.id, art.c.text).where(art.c.id.in_(article_ids)))
        return {int(i): str(t) for i, t in found}

    def text_keys(self, article_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
        """The key of each word of the title and of the text (nlp.morph.lemmatize) as the
        search index holds them, for each of the articles that has them and is not in Kazakh
        (whose words the index keys by their Kazakh stems)."""
        if not article_ids:
            return {}
        kazakh = select(art.c.id).where(art.c.id.in_(article_ids), art.c.language == "kk")
        left_out = {int(i) for (i,) in self.conn.execute(kazakh)}
        found = fts.held_texts(self.conn, [i for i in article_ids if i not in left_out])
        return {i: (title.split(), body.split()) for i, (title, body) in found.items()}

    def story_of(self, article_id: int) -> int | None:
        """The story of an article when it holds other reports (duplicates not counted)."""
        x = sa.alias("x")
        others = (
            select(func.count())
            .where(x.c.story_id == sa.c.story_id, x.c.role != "duplicate")
            .scalar_subquery()
        )
        row = self.conn.execute(
            select(sa.c.story_id).where(sa.c.article_id == article_id, others > 1)
        ).first()
        return int(row.story_id) if row else None

    def _record(self, grouper: Grouper, item: Item) -> Decision:
        self._catch_up(grouper)
        self._ensure_window(grouper, item.day)
        decision = grouper.add(item)
        if item.day is not None:
            self._empty_days.discard(item.day)
        if decision.role == "first":
            self.conn.execute(
                insert(stories_t).values(id=decision.story_id, thread_id=decision.thread_id)
            )
        self.conn.execute(
            insert(sa).values(
                article_id=item.id,
                story_id=decision.story_id,
                role=decision.role,
                original_id=decision.original_id,
                score=round(decision.score, 4),
                day=item.day,
                features=json.dumps(item.to_json(), ensure_ascii=False),
            )
        )
        terms = [{"term": term, "docs": 1} for term in item.terms()]
        if terms:
            new = upsert(self.conn, story_terms)
            self.conn.execute(
                new.on_conflict_do_update(
                    index_elements=[story_terms.c.term], set_={"docs": story_terms.c.docs + 1}
                ),
                terms,
            )
        self._seen_id = max(self._seen_id, item.id)
        return decision

    def _catch_up(self, grouper: Grouper) -> None:
        """Take in what other processes grouped since this one last looked (many writers, one
        base): their terms count in the document frequencies, and those of days already in
        the window join it (other days load with the window). Run inside the write
        transaction, so grouping sees every article stored before this one."""
        from obzor.stories.cluster import Decision
        from obzor.stories.features import Item

        rows = self.conn.execute(
            _window().add_columns(sa.c.day).where(sa.c.article_id > self._seen_id)
            .order_by(sa.c.article_id)
        ).all()  # fmt: skip
        for article_id, story, thread, role, original, score, features, day in rows:
            self._seen_id = max(self._seen_id, article_id)
            if article_id in grouper.items:
                continue
            item = Item.from_json(article_id, json.loads(features))
            grouper.df.add(item)
            if day is None or day in grouper.by_day:
                grouper.remember(item, Decision(article_id, story, thread, role, original, score))

    def _load_grouper(self) -> Grouper:
        from obzor.stories.cluster import MAX_UNDATED, Grouper
        from obzor.stories.features import DocFreq

        if self._grouper is None:
            counts = {
                str(t): int(n)
                for t, n in self.conn.execute(select(story_terms.c.term, story_terms.c.docs))
            }
            docs, seen = self.conn.execute(
                select(func.count(), func.coalesce(func.max(sa.c.article_id), 0))
            ).one()
            docs, self._seen_id = int(docs), int(seen)
            self._grouper = Grouper(DocFreq(counts, docs))
            self._empty_days = set()
            undated = self.conn.execute(
                _window()
                .where(sa.c.day.is_(None))
                .order_by(sa.c.article_id.desc())
                .limit(MAX_UNDATED)
            ).all()
            self._remember(self._grouper, reversed(undated))
        return self._grouper

    def _ensure_window(self, grouper: Grouper, day: int | None) -> None:
        """Load from the database the stored articles of the days this one is compared with."""
        if day is None:
            last = self.conn.execute(select(func.max(sa.c.day))).scalar()
            if last is None:
                return
            day = int(last)
        span = grouper.thread_days
        missing = [
            d
            for d in range(day - span, day + grouper.window_days + 1)
            if d not in grouper.by_day and d not in self._empty_days
        ]
        if not missing:
            return
        rows = self.conn.execute(
            _window().where(sa.c.day.in_(missing)).order_by(sa.c.article_id)
        ).all()
        self._remember(grouper, rows)
        self._empty_days.update(d for d in missing if d not in grouper.by_day)

    @staticmethod
    def _remember(grouper: Grouper, rows: Any) -> None:
        from obzor.stories.cluster import Decision
        from obzor.stories.features import Item

        for article_id, story, thread, role, original, score, features in rows:
            if article_id in grouper.items:
                continue
            item = Item.from_json(article_id, json.loads(features))
            grouper.remember(item, Decision(article_id, story, thread, role, original, score))


__all__ = ["StoriesMixin", "schema"]
