"""Figure extraction scored on the sample corpus read by hand (figures_gold.tsv), and the
reconciliation check on the hand-grouped RIA stories (no story there reports two figures)."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from obzor.clean import clean
from obzor.ingest import discover, read
from obzor.model import Document
from obzor.settings import Settings
from obzor.stories.features import HEAD_CHARS
from obzor.stories.figures import Figure, disagreements, find_figures

GOLD = "figures_gold.tsv"


@dataclass(frozen=True, slots=True)
class FigureScore:
    """Extraction of (kind, value) per report: precision, recall, and the counts behind them."""

    reports: int
    gold: int
    found: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0


def load_gold() -> dict[str, set[tuple[str, float]]]:
    """Source (relative to the corpus folder) -> its figures as (kind, value)."""
    text = resources.files("obzor.evaluation").joinpath(GOLD).read_text(encoding="utf-8")
    gold: dict[str, set[tuple[str, float]]] = defaultdict(set)
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        gold[row["source"]].add((row["kind"], float(row["value"])))
    return gold


def corpus_figures(corpus: Path) -> dict[str, list[Figure]]:
    """Source -> the figures found in each readable report of the corpus (title and lead)."""
    settings = Settings.load(env={})
    found: dict[str, list[Figure]] = {}
    for path in discover([corpus]):
        if not isinstance(path, Path):
            continue
        for doc in read(path, settings):
            if not isinstance(doc, Document):
                continue
            article = clean(doc)
            source = doc.source.removeprefix(str(corpus)).lstrip("/")
            found[source] = find_figures(f"{article.title or ''}. {article.text[:HEAD_CHARS]}")
    return found


def score_figures(
    found: dict[str, list[Figure]], gold: dict[str, set[tuple[str, float]]]
) -> FigureScore:
    """Precision and recall of the found figures against the gold ones, per report."""
    pairs = {s: {(f.what, f.value) for f in figures} for s, figures in found.items()}
    correct = sum(len(pairs.get(s, set()) & g) for s, g in gold.items())
    return FigureScore(
        len(found), sum(len(g) for g in gold.values()), sum(len(p) for p in pairs.values()), correct
    )


def story_flags(
    stories: dict[str, list[tuple[int, list[Figure]]]],
) -> dict[str, list[dict[str, object]]]:
    """Story label -> the disagreements its reports' figures raise (empty ones left out)."""
    flagged = {label: disagreements(reports) for label, reports in stories.items()}
    return {label: found for label, found in flagged.items() if found}


def ria_story_flags(corpus: Path) -> tuple[int, int]:
    """(multi-article hand-made RIA stories, how many of them get a disagreement flagged):
    none of those stories gives two different figures of a kind obzor compares (they were
    read by hand), so each flag is a false alarm."""
    from obzor.evaluation.ria_stories import load_gold as story_gold
    from obzor.evaluation.ria_stories import ria_articles

    rows = ria_articles(corpus)
    stories: dict[str, list[tuple[int, list[Figure]]]] = defaultdict(list)
    for article_id, label in story_gold().items():
        row = rows[str(article_id)]
        head = f"{row['title']}. {row['content'][:HEAD_CHARS]}"
        stories[label].append((article_id, find_figures(head)))
    multi = {label: reports for label, reports in stories.items() if len(reports) > 1}
    return len(multi), len(story_flags(multi))
