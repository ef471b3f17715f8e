"""The real news behind the threat labels: texts read from ../shared by (source, id), and splits.

`threat_labels.tsv` keeps only source, id, labels and a note (RIA's licence allows evaluation
only, so no texts are stored); this module finds each item's text in the shared corpora and
assigns its split by source and date (docs/threat-labels.md):

- omelas (English headlines, Kazakhstan, January 2022): 8-9 Jan train, 10 Jan dev, 11 Jan test;
- cat (tgcontest categories, 2019): ru_cat_training.tsv train; ru_cat_honey.tsv by outlet
  (a stable hash of the domain): 6 in 10 train, 2 dev, 2 test;
- bsnlp (BSNLP topics): asia_bibi and brexit train, ryanair dev, covid-19, nord_stream and
  us_election_2020 test;
- ria (RIA Novosti 2023, evaluation only, never train; read by the shared ria_articles reader):
  before 2 December 2023 dev, from it test;
- kaznerd (Kazakh TV-news sentences): the first half of the file dev, the second half test;
- nerel (Russian Wikinews texts of NEREL): its dev folder and the Wikinews articles numbered
  from NEREL_TEST_FROM on (2016 and later) test, the older ones train;
- factru (factRuEval-2016 dev texts, news of 2005-2011): test;
- seed (the five seed pages): test.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from obzor.evaluation.ria_stories import ria_articles

SOURCES = ("omelas", "cat", "bsnlp", "ria", "kaznerd", "nerel", "factru", "seed")
BSNLP_SPLIT = {
    "asia_bibi": "train",
    "brexit": "train",
    "ryanair": "dev",
    "covid-19": "test",
    "nord_stream": "test",
    "us_election_2020": "test",
}
# Wikinews article numbers grow with time; from this one on (April 2016) NEREL's train folder
# goes to the test split, so test holds later news than train.
NEREL_TEST_FROM = 100_000
# KazNERD sentences per passage: one TV-news sentence is often too short to judge on its own.
KAZNERD_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One real article, headline or passage: where it comes from, its split and its text."""

    source: str
    id: str
    split: str
    language: str
    published: str | None
    title: str
    text: str
    topic: str = ""  # the source's own rubric (RIA topic, tgcontest category, BSNLP topic)

    @property
    def key(self) -> tuple[str, str]:
        return self.source, self.id

    @property
    def full_text(self) -> str:
        """Title and body as one text, the way an article reaches the pipeline."""
        return f"{self.title}\n\n{self.text}".strip() if self.text else self.title


def load_items(shared: Path) -> dict[tuple[str, str], NewsItem]:
    """Every item of every source, by (source, id); a missing corpus is an OSError."""
    items: dict[tuple[str, str], NewsItem] = {}
    for reader in (_omelas, _categories, _bsnlp, _ria, _kaznerd, _nerel, _factru, _seeds):
        for item in reader(shared):
            items.setdefault(item.key, item)
    return items


def _omelas(shared: Path) -> Iterator[NewsItem]:
    path = shared / "corpora" / "omelas_kz2022" / "headlines.csv"
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            loc = row.get("s3_loc") or ""
            found = re.search(r"/(\d{8})-\d+/(id\d+)-", loc)
            if not found or not row["translated_title"].strip():
                continue
            day = found.group(1)
            split = {"20220110": "dev", "20220111": "test"}.get(day, "train")
            date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
            yield NewsItem("omelas", found.group(2), split, "en", date, row["translated_title"], "")


def _categories(shared: Path) -> Iterator[NewsItem]:
    for name in ("ru_cat_training.tsv", "ru_cat_honey.tsv"):
        path = shared / "eval" / "categories" / name
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                url = row["INPUT:url"]
                if name == "ru_cat_training.tsv":
                    split = "train"
                else:
                    bucket = hashlib.md5(urlparse(url).netloc.encode()).digest()[0] % 10
                    split = "train" if bucket < 6 else "dev" if bucket < 8 else "test"
                yield NewsItem(
                    "cat",
                    url,
                    split,
                    "ru",
                    None,
                    row["INPUT:title"],
                    row["INPUT:text"],
                    row["GOLDEN:res"],
                )


def _bsnlp(shared: Path) -> Iterator[NewsItem]:
    for topic, split in BSNLP_SPLIT.items():
        for path in sorted((shared / "eval" / "bsnlp_ru" / topic / "raw" / "ru").glob("*.txt")):
            lines = path.read_text("utf-8").splitlines()
            if len(lines) < 5:
                continue
            body = "\n".join(lines[5:]).strip()
            yield NewsItem(
                "bsnlp", f"{topic}/{path.name}", split, "ru", lines[2], lines[4], body, topic
            )


def _ria(shared: Path) -> Iterator[NewsItem]:
    for article_id, row in ria_articles(shared / "corpora" / "ria2023").items():
        found = re.search(r"(\d\d)\.(\d\d)\.(\d{4})", row["datetime"])
        date = f"{found.group(3)}-{found.group(2)}-{found.group(1)}" if found else None
        split = "test" if date and date >= "2023-12-02" else "dev"
        lead = row.get("subtitle") or ""
        text = f"{lead}\n\n{row['content']}".strip() if lead else row["content"]
        yield NewsItem("ria", article_id, split, "ru", date, row["title"], text, row["topic"])


def _kaznerd(shared: Path) -> Iterator[NewsItem]:
    path = shared / "eval" / "kaznerd" / "IOB2_valid.txt"
    sentences: list[str] = []
    words: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            words.append(line.split()[0])
        elif words:
            sentences.append(_join(words))
            words = []
    if words:
        sentences.append(_join(words))
    half = len(sentences) // 2
    for start in range(0, len(sentences), KAZNERD_SENTENCES):
        text = " ".join(sentences[start : start + KAZNERD_SENTENCES])
        split = "dev" if start < half else "test"
        yield NewsItem("kaznerd", str(start), split, "kk", None, text, "")


def _nerel(shared: Path) -> Iterator[NewsItem]:
    for folder in ("train", "dev"):
        for path in sorted((shared / "eval" / "nerel" / folder).glob("*.txt")):
            title, _, body = path.read_text("utf-8").strip().partition("\n")
            number = re.match(r"(\d+)_text$", path.stem)
            late = number is not None and int(number.group(1)) >= NEREL_TEST_FROM
            split = "test" if folder == "dev" or late else "train"
            yield NewsItem("nerel", f"{folder}/{path.stem}", split, "ru", None, title, body.strip())


def _factru(shared: Path) -> Iterator[NewsItem]:
    for path in sorted((shared / "eval" / "factru" / "devset").glob("*.txt")):
        text = path.read_text("utf-8").strip()
        title, _, body = text.partition("\n")
        yield NewsItem("factru", path.stem, "test", "ru", None, title, body.strip())


def _seeds(shared: Path) -> Iterator[NewsItem]:
    for path in sorted((shared / "seeds").glob("*.txt")):
        lines = path.read_text("utf-8").strip().splitlines()
        title = lines[0] if lines else ""
        yield NewsItem("seed", path.name, "test", "ru", None, title, "\n".join(lines[1:]))


def _join(words: list[str]) -> str:
    text = " ".join(words)
    text = re.sub(r" ([.,:;!?)»])", r"\1", text)
    return re.sub(r"([(«]) ", r"\1", text)
