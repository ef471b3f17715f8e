"""Candidate same-event pairs for annotation: how evaluation/{bsnlp,ria}_pairs.tsv were drawn.

For every article, its nearest neighbours by word TF-IDF cosine (title + first 1,500
characters) within a group: a BSNLP topic, or RIA articles published within three days of each
other. Pairs are then sampled at random (fixed seeds) across the similarity range, so easy and
hard cases of both labels occur. The script writes the pair list and a Markdown file for the
annotators; docs/pair-labels.md is the guideline they followed.

Run: .venv/bin/python bench/pair_candidates.py bsnlp|ria|bsnlp-more OUT_DIR

`bsnlp-more` draws the second BSNLP set (evaluation/bsnlp_pairs_more.tsv): each text's four
nearest neighbours in its topic, none of the pairs bsnlp_pairs.tsv holds, 56 per topic (seed
2026); the annotators see the page's date beside its address. They read each side's title as
the cleaner chooses it (what the model sees: obzor.evaluation.clustering.load_bsnlp_pairs),
not the raw first line this file writes, with the first 700 characters of the text.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LEAD_CHARS = 1500  # what the similarity is computed on
SHOWN_CHARS = 700  # what the annotators read of each text


def bsnlp_docs() -> list[dict[str, str]]:
    """BSNLP Russian raw texts: title and text after the four header lines, grouped by topic."""
    docs = []
    for topic in sorted(p.name for p in (SHARED / "eval" / "bsnlp_ru").iterdir()):
        for path in sorted((SHARED / "eval" / "bsnlp_ru" / topic / "raw" / "ru").glob("*.txt")):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            body = [line.strip() for line in lines[4:] if line.strip()]
            text = "  ".join(body[1:])
            if len(body) >= 2 and len(text) >= 300:
                docs.append(
                    {
                        "id": f"{topic}/{path.name}",
                        "group": topic,
                        "head": lines[3].strip(),
                        "date": lines[2].strip(),
                        "title": body[0],
                        "text": text,
                    }
                )
    return docs


def ria_docs() -> list[dict[str, str]]:
    """RIA articles, one per id (the corpus repeats articles under several topics)."""
    csv.field_size_limit(sys.maxsize)
    seen: dict[str, dict[str, str]] = {}
    for path in sorted((SHARED / "corpora" / "ria2023").glob("*.csv")):
        with path.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                seen.setdefault(row["id"], row)
    return [
        {
            "id": r["id"],
            "group": "ria",
            "head": r["datetime"].strip(),
            "title": r["title"],
            "text": r["content"],
            "day": str(datetime.strptime(r["datetime"].strip(), "%H:%M %d.%m.%Y").toordinal()),
        }
        for r in seen.values()
    ]


def neighbours(
    docs: list[dict[str, str]], per_doc: int, lo: float, hi: float, skip_copies: bool
) -> dict:
    """{(i, j): cosine} of each document's nearest neighbours in its group (RIA: +-3 days),
    cosine in [lo, hi)."""
    found: dict[tuple[int, int], float] = {}
    for group in sorted({d["group"] for d in docs}):
        idx = [i for i, d in enumerate(docs) if d["group"] == group]
        texts = [docs[i]["title"] + " " + docs[i]["text"][:LEAD_CHARS] for i in idx]
        matrix = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)
        sim = (matrix @ matrix.T).toarray()
        np.fill_diagonal(sim, 0)
        if "day" in docs[idx[0]]:
            days = np.array([int(docs[i]["day"]) for i in idx])
            sim[np.abs(days[:, None] - days[None, :]) > 3] = 0
        for a in range(len(idx)):
            for b in np.argsort(-sim[a])[:per_doc]:
                same_text = docs[idx[a]]["text"][:300] == docs[idx[int(b)]]["text"][:300]
                if lo <= sim[a, b] < hi and not (skip_copies and same_text):
                    found[tuple(sorted((idx[a], idx[int(b)])))] = float(sim[a, b])
    return found


def labelled() -> set[frozenset[str]]:
    """The pairs evaluation/bsnlp_pairs.tsv already holds (ids), left out of bsnlp-more."""
    path = Path(__file__).resolve().parents[1] / "src/obzor/evaluation/bsnlp_pairs.tsv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    return {frozenset((row["first"], row["second"])) for row in rows}


def sample(found: dict, docs: list[dict[str, str]], source: str) -> list[tuple[int, int]]:
    if source.startswith("bsnlp"):  # 50 per topic; the second set 56 of the pairs not held
        more = source == "bsnlp-more"
        rng = random.Random(2026 if more else 2021)
        held = labelled() if more else set()
        chosen = []
        for group in sorted({d["group"] for d in docs}):
            keys = sorted(
                k
                for k in found
                if docs[k[0]]["group"] == group
                and frozenset((docs[k[0]]["id"], docs[k[1]]["id"])) not in held
            )
            chosen += rng.sample(keys, min(56 if more else 50, len(keys)))
    else:  # up to 50 per similarity band
        rng = random.Random(2023)
        chosen = []
        for lo, hi in ((0.12, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.7), (0.7, 0.95)):
            keys = sorted(k for k, s in found.items() if lo <= s < hi)
            chosen += rng.sample(keys, min(50, len(keys)))
    rng.shuffle(chosen)
    return chosen


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("bsnlp", "ria", "bsnlp-more"):
        sys.exit("usage: bench/pair_candidates.py bsnlp|ria|bsnlp-more OUT_DIR")
    source, out = sys.argv[1], Path(sys.argv[2])
    docs = ria_docs() if source == "ria" else bsnlp_docs()
    if source != "ria":  # two (more: four) neighbours each; one text from two sites is skipped
        found = neighbours(docs, 4 if source == "bsnlp-more" else 2, 0.15, 0.9, skip_copies=True)
    else:  # three neighbours each; near-copies stay (a rewrite can be a new event)
        found = neighbours(docs, 3, 0.12, 1.0, skip_copies=False)
    chosen = sample(found, docs, source)
    out.mkdir(parents=True, exist_ok=True)
    with (out / f"{source}_candidates.tsv").open("w", encoding="utf-8") as stream:
        stream.write("n\tfirst\tsecond\ttfidf\n")
        for n, (i, j) in enumerate(chosen):
            stream.write(f"{n}\t{docs[i]['id']}\t{docs[j]['id']}\t{found[(i, j)]:.3f}\n")
    with (out / f"{source}_pairs.md").open("w", encoding="utf-8") as stream:
        for n, (i, j) in enumerate(chosen):
            stream.write(f"## pair {n}\n")
            for side, k in (("A", i), ("B", j)):
                d = docs[k]
                head = f"{d['date']} {d['head'][:80]}" if "date" in d else d["head"][:80]
                stream.write(f"{side} [{head}] {d['title'].strip()}\n")
                stream.write(f"{side} text: {d['text'][:SHOWN_CHARS].strip()}\n\n")
    print(f"{len(chosen)} pairs from {len(found)} candidates -> {out}")


if __name__ == "__main__":
    main()
