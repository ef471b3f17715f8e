"""What obzor's grouping gets wrong on one hand-grouped RIA split, to read before changing the
method: `python -m obzor.evaluation.ria_errors "dev 27-30.11" [CORPUS]` prints every predicted
story that holds two gold stories (over-merged) and every gold story split over predicted
ones, each report with its gold label, time and title. Read the dev and read days this way,
never a held-out day before its figure is taken (docs/pair-labels.md says which is which).
The titles are printed, not stored (RIA's licence: evaluation only)."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from obzor.evaluation import ria_stories as ria
from obzor.stories.features import Item


def errors(
    gold: dict[int, str], predicted: dict[int, int]
) -> tuple[list[list[int]], list[list[int]]]:
    """(over-merged predicted stories, split gold stories) as sorted article ids, over the
    articles both maps hold, each list ordered by its first article id."""
    ids = sorted(set(gold) & set(predicted))
    by_pred: dict[int, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i in ids:
        by_pred[predicted[i]].append(i)
        by_gold[gold[i]].append(i)
    over = [m for m in by_pred.values() if len({gold[i] for i in m}) > 1]
    split = [m for m in by_gold.values() if len({predicted[i] for i in m}) > 1]
    return sorted(over), sorted(split)


def _line(item: Item, label: str) -> str:
    clock = (
        "--:--"
        if item.hour is None
        else f"{int(item.hour % 24):02d}:{round(item.hour % 1 * 60):02d}"
    )
    return f"  {label[:30]:30} {clock} {item.title[:100]}"


def main(argv: list[str]) -> None:
    names = [s[0] for s in ria.SPLITS]
    if not argv or argv[0] not in names:
        raise SystemExit(
            f"usage: python -m obzor.evaluation.ria_errors SPLIT [CORPUS]; SPLIT: {names}"
        )
    corpus = Path(argv[1]) if len(argv) > 1 else Path("../shared/corpora/ria2023")
    _, first, last = ria.SPLITS[names.index(argv[0])]
    gold, days, rows = ria.load_gold(), ria.load_days(), ria.ria_articles(corpus)
    items = {i: ria.ria_item(str(i), rows[str(i)]) for i in gold if first <= days[i] <= last}
    predicted = ria.group(list(items.values()))
    print(ria.bcubed(gold, predicted))
    over, split = errors(gold, predicted)
    for members in over:
        print("--- over-merged (gold labels)")
        for n in sorted(members, key=lambda n: (items[n].hour or 0.0, n)):
            print(_line(items[n], gold[n]))
    for members in split:
        print("--- split (predicted stories)")
        for n in sorted(members, key=lambda n: (items[n].hour or 0.0, n)):
            print(_line(items[n], f"story {predicted[n]}"))


if __name__ == "__main__":
    main(sys.argv[1:])
