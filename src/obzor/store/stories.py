"""Stories in SQLite: the schema (migration 5) and grouping each article as it is stored."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from obzor.model import Article, Mention
from obzor.store import story_views

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

_WINDOW_ROWS = (
    "SELECT sa.article_id, sa.story_id, s.thread_id, sa.role, sa.original_id, sa.score,"
    " sa.features FROM story_articles AS sa JOIN stories AS s ON s.id = sa.story_id"
)
_NEWER_ROWS = (
    "SELECT sa.article_id, sa.story_id, s.thread_id, sa.role, sa.original_id, sa.score,"
    " sa.features, sa.day FROM story_articles AS sa JOIN stories AS s ON s.id = sa.story_id"
    " WHERE sa.article_id > ? ORDER BY sa.article_id"
)
_TERM = (
    "INSERT INTO story_terms (term, docs) VALUES (?, 1)"
    " ON CONFLICT (term) DO UPDATE SET docs = docs + 1"
)


def schema() -> tuple[str, ...]:
    """The statements of migration m005_stories."""
    return SCHEMA


class StoriesMixin:
    """Grouping on add: each stored article joins a story (or opens one) in the same transaction."""

    db: sqlite3.Connection
    _grouper: Grouper | None = None
    _empty_days: set[int]
    _seen_id: int = 0  # the newest story_articles row this process's grouper has taken in
    begin_write: Callable[[], None]  # the store's (sqlite.py)
    in_transaction: Callable[[], bool]
    commit: Callable[[], None]

    def _group(self, article_id: int, article: Article) -> Decision:
        """Group one just-inserted article and record its story row."""
        from obzor.stories.features import item_from_article

        item = item_from_article(article_id, article)
        return self._record(self._load_grouper(), item)

    def group_pending(self) -> int:
        """Group stored articles that have no story yet (stored before grouping existed)."""
        # Every add groups its article, so ungrouped ones are those stored before grouping
        # existed (ids below the first grouped one) or after (an old writer): two index
        # lookups decide, and the scan of every article runs only when one is there.
        low, high = self.db.execute(
            "SELECT (SELECT MIN(article_id) FROM story_articles),"  # two lookups, not a scan
            " (SELECT MAX(article_id) FROM story_articles)"
        ).fetchone()
        if (
            low is not None
            and not self.db.execute(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE id < ?)"
                " OR EXISTS (SELECT 1 FROM articles WHERE id > ?)",
                (low, high),
            ).fetchone()[0]
        ):
            return 0
        rows = self.db.execute(
            "SELECT a.id, a.title, a.text, a.published, a.language, o.name"
            " FROM articles AS a LEFT JOIN outlets AS o ON o.id = a.outlet_id"
            " WHERE a.id NOT IN (SELECT article_id FROM story_articles) ORDER BY a.id"
        ).fetchall()
        if not rows:
            return 0
        if not self.in_transaction():
            self.begin_write()
        for article_id, title, text, published, language, outlet in rows:
            credits = [
                n
                for (n,) in self.db.execute(
                    "SELECT name FROM credits WHERE article_id = ? ORDER BY rowid", (article_id,)
                )
            ]
            kb = self.db.execute(
                "SELECT DISTINCT e.kb_id FROM mentions AS m JOIN entities AS e"
                " ON e.id = m.entity_id WHERE m.article_id = ? AND e.kb_id IS NOT NULL",
                (article_id,),
            )
            article = Article(
                source="",
                text=text,
                title=title,
                published=published,
                language=language,
                outlet=outlet,
                credited_sources=credits,
                entities=[Mention("", "", 0, 0, "", kb_id) for (kb_id,) in kb],
            )
            self._group(article_id, article)
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
            self.db, since, until, threat, limit, members, min_size, sort
        )

    def story(self, story_id: int) -> dict[str, Any] | None:
        """One story with its members and thread, or None."""
        return story_views.get_story(self.db, story_id)

    def story_of(self, article_id: int) -> int | None:
        """The story of an article when it holds other reports (duplicates not counted)."""
        row = self.db.execute(
            "SELECT sa.story_id FROM story_articles AS sa WHERE sa.article_id = ?"
            " AND (SELECT COUNT(*) FROM story_articles AS x"
            "      WHERE x.story_id = sa.story_id AND x.role != 'duplicate') > 1",
            (article_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def _record(self, grouper: Grouper, item: Item) -> Decision:
        self._catch_up(grouper)
        self._ensure_window(grouper, item.day)
        decision = grouper.add(item)
        if item.day is not None:
            self._empty_days.discard(item.day)
        if decision.role == "first":
            self.db.execute(
                "INSERT INTO stories (id, thread_id) VALUES (?, ?)",
                (decision.story_id, decision.thread_id),
            )
        self.db.execute(
            "INSERT INTO story_articles (article_id, story_id, role, original_id, score, day,"
            " features) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                item.id,
                decision.story_id,
                decision.role,
                decision.original_id,
                round(decision.score, 4),
                item.day,
                json.dumps(item.to_json(), ensure_ascii=False),
            ),
        )
        self.db.executemany(_TERM, [(term,) for term in item.terms()])
        self._seen_id = max(self._seen_id, item.id)
        return decision

    def _catch_up(self, grouper: Grouper) -> None:
        """Take in what other processes grouped since this one last looked (many writers, one
        base): their terms count in the document frequencies, and those of days already in
        the window join it (other days load with the window). Run inside the write
        transaction, so grouping sees every article stored before this one."""
        from obzor.stories.cluster import Decision
        from obzor.stories.features import Item

        rows = self.db.execute(_NEWER_ROWS, (self._seen_id,)).fetchall()
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
            counts = dict(self.db.execute("SELECT term, docs FROM story_terms"))
            docs, seen = self.db.execute(
                "SELECT COUNT(*), COALESCE(MAX(article_id), 0) FROM story_articles"
            ).fetchone()
            docs, self._seen_id = int(docs), int(seen)
            self._grouper = Grouper(DocFreq(counts, docs))
            self._empty_days = set()
            undated = self.db.execute(
                _WINDOW_ROWS + " WHERE sa.day IS NULL ORDER BY sa.article_id DESC LIMIT ?",
                (MAX_UNDATED,),
            ).fetchall()
            self._remember(self._grouper, reversed(undated))
        return self._grouper

    def _ensure_window(self, grouper: Grouper, day: int | None) -> None:
        """Load from the database the stored articles of the days this one is compared with."""
        if day is None:
            row = self.db.execute("SELECT MAX(day) FROM story_articles").fetchone()
            if row[0] is None:
                return
            day = int(row[0])
        span = grouper.thread_days
        missing = [
            d
            for d in range(day - span, day + grouper.window_days + 1)
            if d not in grouper.by_day and d not in self._empty_days
        ]
        if not missing:
            return
        marks = ",".join("?" * len(missing))
        rows = self.db.execute(
            _WINDOW_ROWS + f" WHERE sa.day IN ({marks}) ORDER BY sa.article_id", missing
        ).fetchall()
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
