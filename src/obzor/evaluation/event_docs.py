"""The real texts behind docs/event-labels.md: RIA 2023, BSNLP raw, seeds, KazNERD, omelas.

Each document has a key ("ria:1913749088", "bsnlp:ryanair/ru-ryanair-new-extra-1",
"seed:004_6bdf971b0c5c3aaf", "kaznerd:1234", "omelas:17"), the Article obzor analyzes (text
and publication date as obzor would read them) and its split. The texts stay in ../shared; the
repository keeps only keys, offsets and labels.

Splits, by source and date: ``dev`` (where extraction rules may be tuned): the seeds, RIA
articles of October 2023, BSNLP nord_stream and asia_bibi, the KazNERD blocks of
DEV_KAZNERD_BLOCKS, the English tgcontest training pool ("tgc:12f": row 12, first text);
``test`` (held out): RIA November and December 2023, BSNLP ryanair, brexit, covid-19 and
us_election_2020, the other KazNERD sentences, omelas English headlines.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from obzor.clean import clean
from obzor.clean.dates import parse_date
from obzor.evaluation.ria_stories import ria_articles
from obzor.model import Article, Document

DEV_TOPICS = frozenset({"nord_stream", "asia_bibi"})
# KazNERD blocks of 100 sentences (index // 100) that hold no test label of rounds 1-3 and no
# NER held-out block (index // 100 % 5 == 4): round 7's Kazakh dev. A block keeps consecutive
# sentences of one broadcast on one side.
DEV_KAZNERD_BLOCKS = frozenset({1, 16, 25, 30, 40, 57, 62, 66, 96, 107, 108, 110})
POOL = Path("eval") / "clustering" / "en_train_pool.tsv"  # English general news, a fit pool
LANGUAGES = {"kaznerd": "kk", "omelas": "en", "tgc": "en"}  # by key kind; the rest is Russian


@dataclass(slots=True)
class EvalDoc:
    """One labelled document: its key, split and the Article obzor analyzes."""

    key: str
    split: str
    article: Article


def load_doc(key: str, shared: Path) -> EvalDoc:
    """The document behind a label key; raises ValueError when ../shared lacks it."""
    kind, _, name = key.partition(":")
    if kind == "ria":
        return _ria(name, shared)
    if kind == "bsnlp":
        return _bsnlp(name, shared)
    if kind == "seed":
        path = shared / "seeds" / f"{name}.txt"
        if not path.is_file():
            raise ValueError(f"no seed {path}")
        article = clean(Document(str(path), "text", path.read_text(encoding="utf-8")))
        return EvalDoc(key, "dev", article)
    if kind == "kaznerd":
        split = "dev" if int(name) // 100 in DEV_KAZNERD_BLOCKS else "test"
        return EvalDoc(key, split, Article(key, _kaznerd(shared)[int(name)], language="kk"))
    if kind == "tgc":
        return EvalDoc(key, "dev", _pool(name, shared))
    if kind == "omelas":
        return EvalDoc(key, "test", Article(key, _omelas(shared)[int(name)], language="en"))
    raise ValueError(f"unknown document kind in {key!r}")


_RIA: dict[str, dict[str, str]] = {}
_KAZNERD: list[str] = []
_OMELAS: list[str] = []


def _ria(name: str, shared: Path) -> EvalDoc:
    if not _RIA:
        _RIA.update(ria_articles(shared / "corpora" / "ria2023"))
    row = _RIA.get(name)
    if row is None:
        raise ValueError(f"no RIA article {name} in {shared / 'corpora' / 'ria2023'}")
    published = parse_date(row["datetime"])
    article = Article(
        f"ria:{name}",
        row["content"],
        title=row["title"],
        published=published,
        language="ru",
        outlet="РИА Новости",  # what its dateline says ("МОСКВА, 30 ноя - РИА Новости.")
    )
    month = (published or "")[:7]
    return EvalDoc(f"ria:{name}", "dev" if month == "2023-10" else "test", article)


def _bsnlp(name: str, shared: Path) -> EvalDoc:
    topic, _, stem = name.partition("/")
    path = shared / "eval" / "bsnlp_ru" / topic / "raw" / "ru" / f"{stem}.txt"
    if not path.is_file():
        raise ValueError(f"no BSNLP text {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    # header: id, language, date, URL, then the title and the text
    title = lines[4].strip() if len(lines) > 4 else None
    text = "\n".join(line.strip() for line in lines[5:]).strip()
    article = Article(
        f"bsnlp:{name}",
        text,
        title=title,
        published=parse_date(lines[2].strip()),
        url=lines[3].strip(),
        language="ru",
    )
    return EvalDoc(f"bsnlp:{name}", "dev" if topic in DEV_TOPICS else "test", article)


def kazakh_sentences(shared: Path) -> list[str]:
    """The KazNERD validation sentences, detokenized, in file order."""
    return _kaznerd(shared)


def _kaznerd(shared: Path) -> list[str]:
    if not _KAZNERD:
        path = shared / "eval" / "kaznerd" / "IOB2_valid.txt"
        tokens: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            if line.strip():
                tokens.append(line.split()[0])
            elif tokens:
                _KAZNERD.append(_detokenize(tokens))
                tokens = []
    return _KAZNERD


def _omelas(shared: Path) -> list[str]:
    if not _OMELAS:
        path = shared / "corpora" / "omelas_kz2022" / "headlines.csv"
        with path.open(encoding="utf-8", newline="") as stream:
            _OMELAS.extend(row[0] for row in list(csv.reader(stream))[1:] if row)
    return _OMELAS


def _pool(name: str, shared: Path) -> Article:
    """One text of the English tgcontest pool: "12f" is row 12's first text, "12s" its second."""
    path = shared / POOL
    if not path.is_file():
        raise ValueError(f"no English pool {path}")
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    row, side = rows[int(name[:-1])], "first" if name.endswith("f") else "second"
    text = " ".join(row[f"INPUT:{side}_text"].split())
    return Article(f"tgc:{name}", text, title=row[f"INPUT:{side}_title"], language="en")


def _detokenize(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if not out or token in ".,;:!?)»" or out.endswith(("(", "«")):
            out += token
        else:
            out += " " + token
    return out
