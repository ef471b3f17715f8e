"""What a base derives from its articles' text by a key, written anew after a key changes:
the search index's lemmas (nlp/morph.py's keys), the quotes' speaker keys and the entities'
name keys (obzor.text.name_key). The lemmas come from the caller (the store runs no lemmatizer;
obzor/reindex.py makes them); `obzor reindex` runs both."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update

from obzor.store import entities, fts
from obzor.store.schema import articles as art
from obzor.store.schema import quotes as qt
from obzor.text import name_key


@dataclass(frozen=True, slots=True)
class IndexSource:
    """What an article's index lemmas are made of."""

    id: int
    title: str | None
    text: str
    language: str | None


class ReindexMixin:
    """Store verbs for rebuilding derived keys; the host class provides `conn`."""

    conn: Connection

    def article_count(self) -> int:
        """How many articles the base holds."""
        return int(self.conn.execute(select(func.count()).select_from(art)).scalar_one())

    def index_sources(self, after: int = 0, limit: int = 200) -> list[IndexSource]:
        """Up to `limit` articles with ids above `after`, in id order, with the title, text and
        language their index lemmas are made of."""
        query = (
            select(art.c.id, art.c.title, art.c.text, art.c.language)
            .where(art.c.id > after)
            .order_by(art.c.id)
            .limit(limit)
        )
        return [IndexSource(int(i), t, x, lang) for i, t, x, lang in self.conn.execute(query)]

    def reindex(self, article_id: int, title: str, body: str) -> bool:
        """Index an article's title and body lemma text anew where the index holds other
        lemmas; whether it did. Inside write()."""
        return fts.reindex(self.conn, article_id, title, body)

    def rekey_entities(self) -> int:
        """Every entity's name key made anew by name_key (what search --entity matches); the
        number of entities it changed. Inside write()."""
        return entities.rekey(self.conn)

    def rekey_speakers(self) -> int:
        """Every quote's speaker key made anew by name_key; the number of quotes it changed.
        Inside write()."""
        held = select(qt.c.speaker, qt.c.speaker_key).where(qt.c.speaker.is_not(None)).distinct()
        changed = 0
        for speaker, key in self.conn.execute(held).all():
            new = name_key(speaker)
            if new != key:
                moved = self.conn.execute(
                    update(qt)
                    .where(qt.c.speaker == speaker, qt.c.speaker_key.is_distinct_from(new))
                    .values(speaker_key=new)
                )
                changed += moved.rowcount
        return changed
