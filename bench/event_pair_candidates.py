"""Candidate pairs for annotation: how evaluation/ria_event_pairs.tsv and en_event_pairs.tsv
were drawn (a script chooses which pairs to show; people or annotators decide the labels).

ria: the RIA articles of the hand-grouped days (evaluation/ria_stories.tsv); each
article's TF-IDF neighbours (title + first 1,500 characters) within 48 hours and the same
dev/test split, cosine >= 0.1, plus every pair inside a hand-made story. The label of a pair
is the stories' verdict (same story = OK). Prints the TSV (first_id, second_id, label, split).
The first 1,020 rows of ria_event_pairs.tsv were printed when the file held 29.11-04.12 (513
articles); the days labelled later (27-28.11) added the rows that `ria 2023-11-27
2023-11-28` prints: the pairs with a report of those days (the earlier rows kept as they
were, so the test split did not change).

en: the omelas_kz2022 English headlines; each headline's 7 TF-IDF neighbours (words and word
pairs) within 24 hours, cosine >= 0.15, sampled 90 / 90 / 70 from the cosine bands
[0.15, 0.3), [0.3, 0.5), [0.5, 1] (seed 7). Prints n, first_id, second_id and the two
headlines for reading; the labels were written by hand.

en DAY: the candidates of the same rule whose earlier headline is of DAY and that
en_event_pairs.tsv does not hold yet (how its 87 rows of 11.01.2022 were drawn), with times.

Run: .venv/bin/python bench/event_pair_candidates.py ria [DAY ...]|en [DAY]
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import datetime
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from obzor.clean.dates import parse_date
from obzor.evaluation.ria_stories import load_days, load_gold, ria_articles
from obzor.stories.features import hour_number

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
NEIGHBOURS_RIA, NEIGHBOURS_EN = 40, 7


def ria(added: frozenset[str] = frozenset()) -> None:
    gold, days = load_gold(), load_days()
    rows = ria_articles(SHARED / "ria2023")
    ids = sorted(i for i in gold if days[i] >= "2023-11-27")  # October days: stories only
    texts = [rows[str(i)]["title"] + " " + rows[str(i)]["content"][:1500] for i in ids]
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)
    sim = (matrix @ matrix.T).toarray()
    hours = [hour_number(parse_date(rows[str(i)]["datetime"])) or 0 for i in ids]
    split = ["dev" if days[i] <= "2023-11-30" else "test" for i in ids]
    chosen: set[tuple[int, int]] = set()
    for a in range(len(ids)):
        near = [
            b
            for b in sim[a].argsort()[::-1]
            if b != a and abs(hours[a] - hours[b]) <= 48 and split[a] == split[b]
        ]
        for b in near[:NEIGHBOURS_RIA]:
            if round(sim[a, b], 3) >= 0.1:  # the cut was applied to the cosine rounded so
                chosen.add((min(a, b), max(a, b)))
        for b in range(a + 1, len(ids)):
            if gold[ids[a]] == gold[ids[b]] and split[a] == split[b]:
                chosen.add((a, b))
    print("first_id\tsecond_id\tlabel\tsplit")
    for a, b in sorted(chosen):
        if added and not {days[ids[a]], days[ids[b]]} & added:
            continue
        first, second = sorted((a, b), key=lambda n: (hours[n], ids[n]))
        label = "OK" if gold[ids[a]] == gold[ids[b]] else "BAD"
        print(f"{ids[first]}\t{ids[second]}\t{label}\t{split[a]}")


def en(more: str = "") -> None:
    docs = []
    with (SHARED / "omelas_kz2022" / "headlines.csv").open(encoding="utf-8") as stream:
        for row in list(csv.reader(stream))[1:]:
            parts = (
                row[1].rsplit("/", 1)[-1].removesuffix(".json").split("-") if len(row) > 1 else []
            )
            if len(parts) == 3:
                docs.append(
                    (
                        parts[0],
                        datetime.strptime(parts[1] + parts[2], "%Y%m%d%H%M%S"),
                        row[0].strip(),
                    )
                )
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), stop_words="english")
    matrix = vectorizer.fit_transform([d[2] for d in docs])
    sim = (matrix @ matrix.T).toarray()
    found: dict[tuple[int, int], float] = {}
    for a in range(len(docs)):
        for b in sim[a].argsort()[::-1][1 : NEIGHBOURS_EN + 1]:
            close = abs((docs[a][1] - docs[b][1]).total_seconds()) <= 24 * 3600
            if close and sim[a, b] >= 0.15 and docs[a][2] != docs[b][2]:
                found[(min(a, b), max(a, b))] = sim[a, b]
    if more:
        _more(docs, found, more)
        return
    random.seed(7)
    bands: dict[str, list[tuple[int, int]]] = {"low": [], "mid": [], "high": []}
    for key, value in found.items():
        bands["low" if value < 0.3 else "mid" if value < 0.5 else "high"].append(key)
    sample = [
        p
        for band, n in (("low", 90), ("mid", 90), ("high", 70))
        for p in random.sample(bands[band], n)
    ]
    sample.sort(key=lambda k: (docs[k[0]][1], k))
    for n, (a, b) in enumerate(sample):
        a, b = sorted((a, b), key=lambda i: docs[i][1])
        print(f"{n}\t{docs[a][0]}\t{docs[b][0]}\t{docs[a][2]}\t{docs[b][2]}")


def _more(
    docs: list[tuple[str, datetime, str]], found: dict[tuple[int, int], float], day: str
) -> None:
    """The candidates (same neighbours and cut as en()) whose earlier headline is of `day`
    and that en_event_pairs.tsv does not hold yet, every cosine band, at most 160 (seed 13)."""
    labelled = Path(__file__).resolve().parents[1] / "src/obzor/evaluation/en_event_pairs.tsv"
    with labelled.open(encoding="utf-8") as stream:
        held = {frozenset(row[:2]) for row in csv.reader(stream, delimiter="\t")}
    fresh = [
        (a, b)
        for a, b in found
        if frozenset((docs[a][0], docs[b][0])) not in held
        and min(docs[a][1], docs[b][1]).strftime("%Y-%m-%d") == day
    ]
    random.seed(13)
    sample = sorted(
        random.sample(fresh, min(160, len(fresh))),
        key=lambda k: (min(docs[k[0]][1], docs[k[1]][1]), k),
    )
    for n, (a, b) in enumerate(sample):
        a, b = sorted((a, b), key=lambda i: docs[i][1])
        when = f"{docs[a][1]:%H:%M}\t{docs[b][1]:%d %H:%M}"
        print(f"{n}\t{docs[a][0]}\t{docs[b][0]}\t{when}\t{docs[a][2]}\t{docs[b][2]}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "en":
        en(sys.argv[2] if len(sys.argv) > 2 else "")
    else:
        ria(frozenset(sys.argv[2:]))
