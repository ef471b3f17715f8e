"""Story-level scoring on RIA days grouped by hand: B-cubed precision/recall and over-merges.

The gold file (ria_stories.tsv, packaged) holds only RIA article ids and a story label per
article; the texts stay in ../shared/corpora/ria2023 (CC BY-NC-ND: evaluation only).
docs/pair-labels.md says how the days were read.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from obzor.clean.dates import parse_date
from obzor.nlp import morph
from obzor.stories.cluster import Grouper
from obzor.stories.features import HEAD_CHARS, Item, day_number, hour_number, item_from_tokens

GOLD = "ria_stories.tsv"


@dataclass(frozen=True, slots=True)
class StoryScore:
    """B-cubed precision, recall and F1 over articles, and the over-merged predicted stories."""

    articles: int
    gold_stories: int
    predicted_multi: int  # predicted stories with two or more articles
    over_merged: int  # of those, the ones that hold articles of two or more gold stories
    precision: float
    recall: float
    f1: float


def ria_articles(corpus: Path) -> dict[str, dict[str, str]]:
    """RIA articles by id (the corpus repeats an article under several topics: kept once)."""
    csv.field_size_limit(sys.maxsize)
    found: dict[str, dict[str, str]] = {}
    for path in sorted(corpus.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                found.setdefault(row["id"], row)
    if not found:
        raise ValueError(f"{corpus}: no RIA CSV files (is this the ria2023 corpus?)")
    return found


def ria_item(article_id: str, row: dict[str, str]) -> Item:
    """The grouping Item of one RIA row (id, title, content, datetime)."""
    published = parse_date(row["datetime"])
    title, text = row["title"], row["content"]
    return item_from_tokens(
        int(article_id),
        morph.lemmatize(title).split(),
        morph.lemmatize(text).split(),
        f"{title}. {text[:HEAD_CHARS]}",
        day=day_number(published),
        hour=hour_number(published),
        title=title,
    )


def group(items: Iterable[Item]) -> dict[int, int]:
    """Article id -> story id, the items fed in publication order as they would arrive."""
    ordered = sorted(items, key=lambda i: (i.hour if i.hour is not None else 0, i.id))
    grouper = Grouper()
    return {item.id: grouper.add(item).story_id for item in ordered}


def load_gold() -> dict[int, str]:
    """Article id -> gold story label from the packaged file."""
    text = resources.files("obzor.evaluation").joinpath(GOLD).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return {int(r["article_id"]): r["story"] for r in rows}


def bcubed(gold: dict[int, str], predicted: dict[int, int]) -> StoryScore:
    """B-cubed over the articles both maps hold (Bagga and Baldwin, 1998)."""
    ids = sorted(set(gold) & set(predicted))
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[int, set[int]] = defaultdict(set)
    for i in ids:
        by_gold[gold[i]].add(i)
        by_pred[predicted[i]].add(i)
    precision = recall = 0.0
    for i in ids:
        same = by_gold[gold[i]] & by_pred[predicted[i]]
        precision += len(same) / len(by_pred[predicted[i]])
        recall += len(same) / len(by_gold[gold[i]])
    n = len(ids) or 1
    p, r = precision / n, recall / n
    multi = [members for members in by_pred.values() if len(members) > 1]
    over = sum(1 for members in multi if len({gold[i] for i in members}) > 1)
    return StoryScore(
        len(ids), len(by_gold), len(multi), over, p, r, 2 * p * r / (p + r) if p + r else 0.0
    )


def evaluate_stories(corpus: Path) -> StoryScore:
    """obzor's grouping of the gold days, scored against the hand-made stories."""
    gold = load_gold()
    rows = ria_articles(corpus)
    missing = [i for i in gold if str(i) not in rows]
    if missing:
        raise ValueError(f"{corpus}: no RIA article {missing[0]} (is this the ria2023 corpus?)")
    return bcubed(gold, group(ria_item(str(i), rows[str(i)]) for i in gold))
