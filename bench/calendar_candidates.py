"""Select sentences to label for the calendar (docs/calendar-labels.md); never decides a label.

Pass 1 prints the union of (a) sentences with a planning word and a time word, found by a plain
regex that obzor does not use, (b) sentences where obzor files a calendar report of an event
still to come and (c) sentences where the baseline (any event dated after publication) finds
one, so that both precision and recall are measured on it. Pass 2 (no analysis) adds the
sentences with an event noun or a scheduling word and a time word that pass 1 did not show.
Sentences are printed without saying which source chose them, in a random order of articles
(seeded). Texts are printed for reading only; the
label file keeps keys and offsets.

    python bench/calendar_candidates.py --source ria --split test > /tmp/pool.txt
    python bench/calendar_candidates.py --source ria --split test --pass 2 --shown /tmp/pool.txt
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from obzor.analysis import shared_pipeline
from obzor.calendar.reports import article_reports
from obzor.evaluation.event_docs import load_doc
from obzor.evaluation.ria_stories import ria_articles
from obzor.model import Article
from obzor.nlp.sentsplit import sentences

PLAN = re.compile(
    r"\b(?:пройд[её]т|пройдут|состоится|состоятся|будет|будут|планиру\w*|запланирован\w*|"
    r"намечен\w*|намерен\w*|предстоящ\w*|предстоит|проведут|провед[её]т|соберутся|откроется|"
    r"начн[её]тся|стартует|подпишут|подпишет|вступ(?:ит|ят)|посетит|посетят|отправится|"
    r"прибудет|прибудут|примет|примут|ожида\w+ся|will|to\s+be\s+held|scheduled|planned)\b",
    re.IGNORECASE,
)
# Pass 2 (--pass 2): event nouns and scheduling words, over the sentences pass 1 did not show.
EVENT = re.compile(
    r"(?:назнач\w*|перенес\w*|отлож\w*|выступит|выступят|визит\w*|саммит\w*|заседани\w*|"
    r"переговор\w*|учени[яй]\w*|выбор(?:ы|ах|ов)\b|голосовани\w*|референдум\w*|форум\w*|"
    r"конференци\w*|сесси[ияю]\w*|встреч[аеиу]\b|вступ\w+\s+в\s+силу|чтени[ия]|"
    r"председательств\w*|подпиш\w*|подписан\w*)",
    re.IGNORECASE,
)
# BSNLP covid-19 and us_election_2020 give every text the same date (a crawl date, not the
# publication date), so "announced for after publication" cannot be read there.
UNDATED = ("bsnlp:covid-19", "bsnlp:us_election_2020")
TIME = re.compile(
    r"\b(?:январ|феврал|март|апрел|ма[йяе]\b|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    r"20[2-3]\d|понедельник|вторник|сред[уа]|четверг|пятниц|суббот|воскресень|следующ|"
    r"ближайш|завтра|осенью|весной|летом|зимой|до\s+конца|january|february|march|april|may|"
    r"june|july|august|september|october|november|december|next\s+week|tomorrow)",
    re.IGNORECASE,
)


def keys(shared: Path, source: str, seed: int) -> list[str]:
    """The document keys of a source (event_docs.load_doc reads them), RIA in seeded order."""
    if source == "ria":
        ids = sorted(ria_articles(shared / "corpora" / "ria2023"))
        random.Random(seed).shuffle(ids)
        return [f"ria:{i}" for i in ids]
    if source == "bsnlp":
        root = shared / "eval" / "bsnlp_ru"
        return [f"bsnlp:{p.parent.parent.parent.name}/{p.stem}"
                for p in sorted(root.glob("*/raw/ru/*.txt"))]  # fmt: skip
    return [f"seed:{p.stem}" for p in sorted((shared / "seeds").glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--source", choices=["ria", "bsnlp", "seeds"], default="ria")
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--pass", dest="second", type=int, choices=[1, 2], default=1)
    parser.add_argument("--shown", type=Path, help="pass 2: the pool pass 1 printed")
    args = parser.parse_args()
    shown = set()
    if args.second == 2 and args.shown:
        shown = {tuple(line.split("\t")[:2]) for line in args.shown.open(encoding="utf-8")}
    pipeline = shared_pipeline() if args.second == 1 else None
    seen_texts: set[str] = set()
    taken = 0
    for key in keys(args.shared, args.source, args.seed):
        if key.startswith(UNDATED):
            continue
        doc = load_doc(key, args.shared)
        if doc.split != args.split or doc.article.text in seen_texts:
            continue
        seen_texts.add(doc.article.text)
        taken += 1
        if taken > args.articles:
            break
        article = doc.article if pipeline is None else pipeline(doc.article)
        chosen = set() if pipeline is None else system_sentences(article)
        for start, end in sentences(article.text):
            text = article.text[start:end]
            if args.second == 2:
                pick = (key, f"{start}-{end}") not in shown and EVENT.search(text)
            else:
                pick = (start, end) in chosen or PLAN.search(text)
            if pick and ((start, end) in chosen or TIME.search(text)):
                print(f"{doc.key}\t{start}-{end}\t{article.published}\t{' '.join(text.split())}")


def system_sentences(article: Article) -> set[tuple[int, int]]:
    """Where obzor or the baseline finds an event still to come."""
    chosen = {(r.start, r.end) for r in article_reports(article) if r.status != "held"}
    day = (article.published or "")[:10]
    chosen |= {
        (e.evidence.start, e.evidence.end)
        for e in article.events
        if e.date and day and e.date[:10] > day
    }
    return chosen


if __name__ == "__main__":
    main()
