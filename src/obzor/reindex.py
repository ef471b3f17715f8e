"""`obzor reindex`: bring a base's derived keys up to date after a key changed (a Kazakh search
key, the name key): every article's index lemmas made again from its title and text, as the
lemmas stage makes them, every quote's speaker key, every entity's name key and every calendar
report's keys (names by their name key; each entry with a rekeyed report folded again). Idempotent:
what is already right is not written, and a second run changes nothing. Safe beside other
writers: each batch is one short write transaction; the slow part (lemmatizing) runs outside
it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from obzor.model import Article
from obzor.store import Store

BATCH = 200  # articles lemmatized per write transaction


@dataclass(frozen=True, slots=True)
class Reindexed:
    """What a run did."""

    articles: int  # articles read
    index_changed: int  # articles whose index lemmas were written anew
    speakers_changed: int  # quotes whose speaker key was written anew
    entities_changed: int  # entities whose name key was written anew
    calendar_changed: int = 0  # calendar reports whose keys were written anew


def reindex(
    store: Store, update: Callable[[int, int | None], None] | None = None, batch: int = BATCH
) -> Reindexed:
    """Rebuild the index lemmas and speaker keys of every article in the store."""
    total = store.article_count()
    done = changed = last = 0
    while sources := store.index_sources(last, batch):
        made = [
            (s.id, Article(source="", title=s.title, text=s.text, language=s.language))
            for s in sources
        ]
        lemmas = [(i, *a.index_lemmas()) for i, a in made]
        with store.write():
            changed += sum(store.reindex(i, title, body) for i, title, body in lemmas)
        last = sources[-1].id
        done += len(sources)
        if update is not None:
            update(done, max(total, done))
    from obzor.calendar.reports import article_reports

    with store.write():
        speakers = store.rekey_speakers()
        entities = store.rekey_entities()
        calendar = store.rekey_calendar(article_reports)
    return Reindexed(done, changed, speakers, entities, calendar)
