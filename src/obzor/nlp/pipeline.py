"""The analysis pipeline: an ordered list of named stages that declare what they need and set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from obzor.calendar.stage import set_calendar
from obzor.heap import space_out_collections
from obzor.model import Article
from obzor.nlp.entities import Tagger, default_tagger, tag_entities
from obzor.nlp.events import set_events
from obzor.nlp.link import link_entities
from obzor.nlp.morph import lemmatize
from obzor.nlp.quotes import set_quotes
from obzor.nlp.threats import set_threats


@dataclass(frozen=True, slots=True)
class Stage:
    """One step: reads the fields in `requires`, fills the fields in `assigns`."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Article], None]


class Pipeline:
    """Runs its stages in order over an Article; checks the order once, at construction."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        available = {"source", "text", "title", "published", "language", "outlet", "dateline"}
        for stage in stages:
            missing = set(stage.requires) - available
            if missing:
                raise ValueError(
                    f"stage {stage.name!r} needs {sorted(missing)} set by no earlier stage"
                )
            available.update(stage.assigns)
        self.stages = tuple(stages)

    def __call__(self, article: Article) -> Article:
        for stage in self.stages:
            stage.run(article)
        return article

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]


def set_lemmas(article: Article) -> None:
    """Pipeline stage: the lemma strings of the body and the title, which the search index
    holds (Kazakh articles keyed by Kazakh stems, the title as its body)."""
    article.lemmas = lemmatize(article.text, article.language)
    article.title_lemmas = lemmatize(article.title or "", article.language)


def default_pipeline(tagger: Tagger | None = None) -> Pipeline:
    """The standard stages; pass a tagger to share loaded models or to test with a fake. The
    process that builds it analyses: its cycle collector runs less often (obzor.heap)."""
    space_out_collections()
    ner = tagger or default_tagger()
    return Pipeline(
        [
            Stage("entities", ("text", "language"), ("entities",), lambda a: tag_entities(a, ner)),
            Stage("link", ("text", "entities", "published"), ("entities",), link_entities),
            Stage("lemmas", ("text", "title", "language"), ("lemmas", "title_lemmas"), set_lemmas),
            Stage("threats", ("text", "title", "published"), ("threats",), set_threats),
            Stage("events", ("text", "entities", "published"), ("events",), set_events),
            Stage("quotes", ("text", "entities"), ("quotes",), set_quotes),
            Stage(
                "calendar", ("text", "entities", "events", "published"), ("calendar",), set_calendar
            ),
        ]
    )
