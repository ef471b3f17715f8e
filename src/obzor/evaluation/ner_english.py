"""`obzor eval ner-en`: English PER / LOC / ORG on omelas_kz2022 headlines labelled by reading.

The gold (en_ner_labels.tsv, ids and labels only; docs/en-ner-labels.md) lists each headline's
distinct mentions as TYPE:form. The rules were written on the dev rows (8-10 January 2022) and
are scored on the test rows (11 January), with the document-level mention-set scorer of
evaluation/ner_docs.py, beside the KB gazetteer alone (what English text got before).
"""

from __future__ import annotations

import csv
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from obzor.evaluation.ner import TYPES, Predict, Score
from obzor.evaluation.ner_docs import (
    Mention,
    MentionDoc,
    add_mentions,
    mention_kappa,
    mention_set,
    norm,
)

LABELS = Path(__file__).with_name("en_ner_labels.tsv")
GENERAL_LABELS = Path(__file__).with_name("en_ner_general_labels.tsv")
GENERAL = Path("eval") / "clustering" / "en_train_pool.tsv"
# Training news: English pages of the extraction benchmark, labelled by reading for training only.
TRAIN_LABELS = Path(__file__).with_name("en_ner_train_labels.tsv")
TRAIN_SECOND = Path(__file__).with_name("en_ner_train_labels_second.tsv")
_TRAIN_KEY = r"[0-9a-f]{8}"
EXTRACTION = Path("eval") / "extraction" / "ground-truth.json"
# Types of the general-news gold that are scored; NS marks a name counted on neither side.
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
SECOND = Path(__file__).with_name("en_ner_labels_second.tsv")
HEADLINES = Path("corpora") / "omelas_kz2022" / "headlines.csv"


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled headline: its row in headlines.csv, split, text and gold mention set."""

    row: int
    split: str
    text: str
    gold: frozenset[Mention]
    day: str = ""  # YYYYMMDD, from the article's storage path


def read_labels(path: Path = LABELS) -> dict[int, tuple[str, frozenset[Mention]]]:
    """{row: (split, {(normalized form, type)})} of a labels file."""
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "row\t")):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{path.name}:{number}: expected row, split, mentions")
        gold = set()
        for item in filter(None, (m.strip() for m in fields[2].split(";"))):
            kind, _, form = item.partition(":")
            if kind not in TYPES or not norm(form):
                raise ValueError(f"{path.name}:{number}: bad mention {item!r}")
            gold.add((norm(form), kind))
        out[int(fields[0])] = (fields[1], frozenset(gold))
    return out


def load(shared: Path, split: str = "test") -> list[Labelled]:
    """The labelled headlines of one split (shared: the folder holding corpora/)."""
    path = shared / HEADLINES
    if not path.is_file():
        raise FileNotFoundError(f"evaluation data not found: {path}")
    with path.open(encoding="utf-8", newline="") as stream:
        rows = [row for row in list(csv.reader(stream))[1:] if row]
    return [
        Labelled(row, kind, rows[row][0], gold, _day(rows[row]))
        for row, (kind, gold) in sorted(read_labels().items())
        if kind == split
    ]


def _day(row: list[str]) -> str:
    found = re.search(r"/(\d{8})-\d\d/", row[1]) if len(row) > 1 else None
    return found.group(1) if found else ""


def score(docs: list[Labelled], predict: Predict) -> Score:
    """Mention-set P/R/F1 of predict over the headlines."""
    total = Score()
    for doc in docs:
        started = time.perf_counter()
        spans = predict(doc.text)
        total.seconds += time.perf_counter() - started
        add_mentions(total, doc.gold, mention_set(doc.text, spans))
        total.docs += 1
    return total


def kappa(first: Path = LABELS, second: Path = SECOND) -> tuple[int, float]:
    """(headlines, Cohen's kappa) of the twice-labelled headlines, over yes/no decisions: for
    each form either pass names in a headline, and each type, whether the pass gives it."""
    one, two = read_labels(first), read_labels(second)
    rows = sorted(set(one) & set(two))
    return len(rows), mention_kappa((one[row][1], two[row][1]) for row in rows)


# General news: pool rows below this are the dev half (rules changed on their errors), the
# rest the held-out test half; the two texts of a pool row stay on one side.
GENERAL_DEV_ROWS = 17


def general_half(key: str) -> str:
    """ "dev" or "test": the half of the general-news labels a key ("12f") belongs to."""
    return "dev" if int(key[:-1]) < GENERAL_DEV_ROWS else "test"


def general_snippet(title: str, text: str) -> str:
    """What is labelled of a general news article: its title and its first two sentences."""
    sentences = _SENTENCE.split(" ".join(text.split()))
    return title.strip() + "\n" + " ".join(sentences[:2])


def read_general_labels(
    path: Path = GENERAL_LABELS, key_pattern: str = r"\d+[fs]"
) -> dict[str, tuple[frozenset[Mention], frozenset[str]]]:
    """{key: (gold mentions, forms not scored)} of the general-news labels (or of another file
    in their format, its keys matching key_pattern)."""
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "key\t")):
            continue
        key, _, mentions = line.partition("\t")
        if not re.fullmatch(key_pattern, key):
            raise ValueError(f"{path.name}:{number}: bad key {key!r}")
        gold, ignored = set(), set()
        for item in filter(None, (m.strip() for m in mentions.split(";"))):
            kind, _, form = item.partition(":")
            if kind not in (*TYPES, "NS") or not norm(form):
                raise ValueError(f"{path.name}:{number}: bad mention {item!r}")
            if kind == "NS":
                ignored.add(norm(form))
            else:
                gold.add((norm(form), kind))
        out[key] = (frozenset(gold), frozenset(ignored - {f for f, _ in gold}))
    return out


def load_general(shared: Path) -> list[MentionDoc]:
    """The labelled snippets of general English news (tgcontest's English pool; shared: the
    folder holding eval/): none of them was read for training or for any choice."""
    path = shared / GENERAL
    if not path.is_file():
        raise FileNotFoundError(f"evaluation data not found: {path}")
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    docs = []
    for key, (gold, ignored) in read_general_labels().items():
        row, side = rows[int(key[:-1])], "first" if key.endswith("f") else "second"
        text = general_snippet(row[f"INPUT:{side}_title"], row[f"INPUT:{side}_text"])
        docs.append(MentionDoc(key, text, gold, ignored))
    return docs


def extraction_snippet(body: str) -> str:
    """What is labelled of an extraction-benchmark page: the first three sentences of its text."""
    return " ".join(_SENTENCE.split(" ".join(body.split()))[:3])


def load_training_news(shared: Path) -> list[MentionDoc]:
    """The labelled training snippets of general English news (English pages of the extraction
    benchmark, en_ner_train_labels.tsv; shared: the folder holding eval/). Only training reads
    them: no score is reported on them."""
    path = shared / EXTRACTION
    if not path.is_file():
        raise FileNotFoundError(f"evaluation data not found: {path}")
    pages = json.loads(path.read_text(encoding="utf-8"))
    by_key = {page[:8]: body["articleBody"] for page, body in pages.items()}
    docs = []
    for key, (gold, ignored) in read_general_labels(TRAIN_LABELS, _TRAIN_KEY).items():
        if key not in by_key:
            raise ValueError(f"{TRAIN_LABELS.name}: no page {key!r} in {path}")
        docs.append(MentionDoc(key, extraction_snippet(by_key[key]), gold, ignored))
    return docs


def training_kappa(first: Path = TRAIN_LABELS, second: Path = TRAIN_SECOND) -> tuple[int, float]:
    """(snippets, Cohen's kappa) of the twice-labelled training snippets (a form one pass leaves
    unscored counts as not given that type)."""
    one, two = read_general_labels(first, _TRAIN_KEY), read_general_labels(second, _TRAIN_KEY)
    keys = sorted(set(one) & set(two))
    return len(keys), mention_kappa((one[key][0], two[key][0]) for key in keys)
