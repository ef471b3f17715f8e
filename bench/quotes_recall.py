"""Direct-quote recall on unseen RIA Novosti articles, against a model-free attribution pattern.

Every `"...", – <word>` (a closing quote, a dash and a lower-case word) in a random sample of
../shared/corpora/ria2023 counts as one attribution; recall is the share that falls inside a
direct quote found by nlp/quotes.py. Each one is printed with its speaker for a reader to judge
the attribution (`--show`). Usage: python bench/quotes_recall.py [--seed 7] [--n 60] [--show]
"""

from __future__ import annotations

import argparse
import random
import re

from obzor.clean import clean
from obzor.model import Document
from obzor.nlp.entities import find_entities, natasha_tagger
from obzor.nlp.link import link_entities
from obzor.nlp.quotes import find_quotes
from pipeline import CORPUS, load_corpus  # bench/pipeline.py: python puts bench/ on the path

ATTRIBUTION = re.compile(r"[»\"”][,!?]?\s*[–—-]\s*[а-яё]+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7, help="Sample seed (7 was never tuned on).")
    parser.add_argument("--n", type=int, default=60, help="Articles in the sample.")
    parser.add_argument("--show", action="store_true", help="Print every attribution found.")
    args = parser.parse_args()
    rows = load_corpus(CORPUS, None)
    random.seed(args.seed)
    tagger = natasha_tagger()
    total = caught = named = 0
    for row in random.sample(rows, args.n):
        fields = {k: v for k, v in row.items() if k != "text"}
        article = clean(Document(row["id"], "record", row["text"], fields))
        article.entities = find_entities(article.text, article.language or "ru", tagger)
        link_entities(article)
        direct = [q for q in find_quotes(article.text, article.entities) if q.direct]
        for m in ATTRIBUTION.finditer(article.text):
            total += 1
            hit = next((q for q in direct if q.outer[0] <= m.start() < q.outer[1]), None)
            caught += hit is not None
            named += hit is not None and hit.speaker is not None
            if args.show:
                speaker = hit.speaker.name if hit and hit.speaker else None
                context = article.text[m.start() : m.start() + 70].replace("\n", " ")
                print(f"{'found' if hit else 'MISSED'}  {row['id']}  {context}  => {speaker}")
    print(
        f"articles: {args.n} (seed {args.seed})  attributions: {total}  in a direct quote: "
        f"{caught} (recall {caught / max(total, 1):.2f})  with a named speaker: {named}"
    )


if __name__ == "__main__":
    main()
