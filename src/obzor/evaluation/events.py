"""Event and quote counts over a corpus (make eval): by type, dated, placed, speakers resolved."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from obzor.analysis import analyze_document
from obzor.ingest import discover, read
from obzor.model import Article, Failure
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings


@dataclass(slots=True)
class CorpusCounts:
    """What the events and quotes stages found over a corpus."""

    articles: int = 0
    failed: int = 0
    events: Counter[str] = field(default_factory=Counter)
    dated: Counter[str] = field(default_factory=Counter)
    placed: Counter[str] = field(default_factory=Counter)
    quotes_direct: int = 0
    quotes_indirect: int = 0
    quotes_linked: int = 0  # with a knowledge-base speaker id
    quotes_unnamed: int = 0  # direct quotes of an unnamed source ("говорится в сообщении")
    speakers: Counter[str] = field(default_factory=Counter)

    def add(self, article: Article) -> None:
        """Count one analyzed article."""
        self.articles += 1
        for event in article.events:
            self.events[event.type] += 1
            self.dated[event.type] += event.date is not None
            self.placed[event.type] += event.place is not None
        for quote in article.quotes:
            if quote.direct:
                self.quotes_direct += 1
            else:
                self.quotes_indirect += 1
            self.quotes_linked += quote.speaker_id is not None
            self.quotes_unnamed += quote.speaker is None
            if quote.speaker is not None:
                self.speakers[quote.speaker] += 1


def count_corpus(
    paths: Iterable[str | Path], settings: Settings | None = None, pipeline: Pipeline | None = None
) -> CorpusCounts:
    """Analyze every readable article under paths (nothing stored) and count events and quotes."""
    settings = settings or Settings.load()
    counts = CorpusCounts()
    for found in discover([str(p) for p in paths]):
        if isinstance(found, Failure):
            counts.failed += 1
            continue
        for item in read(found, settings):
            if isinstance(item, Failure):
                counts.failed += 1
            else:
                counts.add(analyze_document(item, pipeline=pipeline))
    return counts


def report(counts: CorpusCounts) -> list[str]:
    """The counts as the lines `obzor eval events` prints."""
    lines = [f"articles: {counts.articles}  skipped inputs: {counts.failed}"]
    total = counts.quotes_direct + counts.quotes_indirect
    lines.append(
        f"quotes: {total}  direct: {counts.quotes_direct}  indirect: {counts.quotes_indirect}"
        f"  speaker linked to the KB: {counts.quotes_linked}  unnamed: {counts.quotes_unnamed}"
    )
    top = ", ".join(f"{name} {n}" for name, n in counts.speakers.most_common(5))
    lines.append(f"top speakers: {top or '-'}")
    lines.append(f"{'event type':<14}{'events':>7}{'dated':>7}{'placed':>7}")
    for etype, n in sorted(counts.events.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{etype:<14}{n:>7}{counts.dated[etype]:>7}{counts.placed[etype]:>7}")
    lines.append(
        f"{'all':<14}{sum(counts.events.values()):>7}{sum(counts.dated.values()):>7}"
        f"{sum(counts.placed.values()):>7}"
    )
    return lines
