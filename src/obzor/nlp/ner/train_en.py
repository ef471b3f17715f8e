"""Rebuild the English NER model from labelled headlines: `python -m obzor.nlp.ner.train_en`.

Trains on the dev headlines of evaluation/en_ner_labels.tsv (omelas_kz2022, 8-10 January 2022;
texts from ../shared/corpora) and on general English news labelled by reading (the extraction
benchmark's English pages, en_ner_train_labels.tsv, and the dev half of tgcontest's English
pool), never on the test headlines of 11 January or the general news' test half, which `obzor
eval ner-en` scores. Gold mentions are forms per headline; each whole-token occurrence of a form is
tagged. `--cv` prints a cross-validation by day over the dev headlines (train on two days, score
the third): the split every feature and parameter choice was made on.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from obzor.evaluation.ner import Score
from obzor.evaluation.ner_docs import MentionDoc, add_mentions, mention_set, norm
from obzor.evaluation.ner_english import (
    Labelled,
    general_half,
    load,
    load_general,
    load_training_news,
)
from obzor.nlp.ner.english import POSSESSIVE, english_tagger
from obzor.nlp.ner.english_crf import MODEL_EN, EnglishCrfTagger, features_of, tokenize
from obzor.nlp.ner.tokens import Token, bio
from obzor.nlp.ner.train import SHARED, Example, train

# The omelas headlines counted twice beside the general news (5 December; chosen on the dev
# headlines' by-day CV with the news in every fold's training, PER / LOC / ORG F1: once 0.911 /
# 0.974 / 0.871, twice 0.914 / 0.977 / 0.874, three times 0.914 / 0.972 / 0.874; without news
# 0.917 / 0.978 / 0.884; and on the general news' dev half, trained on the headlines and the
# extraction snippets: 0.829 / 0.800 / 0.567 twice, 0.829 / 0.785 / 0.576 once, 0.769 / 0.780 /
# 0.556 without the news).
HEADLINE_REPEAT = 2
PARAMS_EN: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.05,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def gold_spans(
    text: str, tokens: Sequence[Token], doc: Labelled | MentionDoc
) -> list[tuple[int, int, str]]:
    """Character spans of every whole-token occurrence of the headline's gold forms, longest
    forms first, never overlapping (a possessive "'s" stays outside the span)."""
    words = [POSSESSIVE.sub("", w).lower() for _, _, w in tokens]
    taken = [False] * len(tokens)
    spans = []
    for form, kind in sorted(doc.gold, key=lambda m: -len(m[0])):
        want = [w.lower() for _, _, w in tokenize(form)]
        size = len(want)
        for i in range(len(tokens) - size + 1):
            if words[i : i + size] == want and not any(taken[i : i + size]):
                taken[i : i + size] = [True] * size
                end = tokens[i + size - 1][0] + len(POSSESSIVE.sub("", tokens[i + size - 1][2]))
                spans.append((tokens[i][0], end, kind))
    return [s for s in spans if norm(text[s[0] : s[1]])]


def en_examples(docs: Sequence[Labelled | MentionDoc]) -> list[Example]:
    """Feature and gold label sequences of labelled headlines or news snippets (a form not
    scored is O)."""
    base = english_tagger()
    out = []
    for doc in docs:
        tokens, _, feats = features_of(doc.text, base)
        if tokens:
            out.append((feats, bio(tokens, gold_spans(doc.text, tokens, doc))))
    return out


def cross_validate(docs: Sequence[Labelled], path: Path) -> tuple[Score, Score]:
    """(CRF, rules) mention-set scores over the docs, each day scored by a model of the others."""
    crf, rules = Score(), Score()
    base = english_tagger()
    for day in sorted({d.day for d in docs}):
        train(en_examples([d for d in docs if d.day != day]), path, PARAMS_EN)
        tagger = EnglishCrfTagger(path, base)
        for doc in (d for d in docs if d.day == day):
            for score, predict in ((crf, tagger), (rules, base)):
                started = time.perf_counter()
                found = [(s.start, s.stop, s.type) for s in predict(doc.text).spans]
                score.seconds += time.perf_counter() - started
                score.docs += 1
                add_mentions(score, doc.gold, mention_set(doc.text, found))
    return crf, rules


def general_training(shared: Path) -> list[MentionDoc]:
    """General English news the CRF is trained on: the labelled training snippets (extraction
    benchmark pages) and the dev half of the tgcontest general-news labels; the test half is
    never read (shared: the folder holding eval/)."""
    dev = [d for d in load_general(shared) if general_half(d.name) == "dev"]
    return [*load_training_news(shared), *dev]


def main(argv: Sequence[str] | None = None) -> None:
    """Train the shipped English model (or, with --cv, print the by-day cross-validation)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED.parent, help="folder with corpora/")
    parser.add_argument("--out", type=Path, default=MODEL_EN)
    parser.add_argument("--cv", action="store_true", help="cross-validate by day instead")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docs = load(args.shared, "dev")
    if args.cv:
        crf, rules = cross_validate(docs, args.out.with_suffix(".cv"))
        for name, score in (("crf", crf), ("rules", rules)):
            cells = [
                f"{t} {c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}" for t, c in score.counts.items()
            ]
            print(name, *cells)
        return
    news = general_training(args.shared)
    train(en_examples([*docs * HEADLINE_REPEAT, *news]), args.out, PARAMS_EN)
    print(
        f"{args.out.name}: {len(docs)} headlines, {len(news)} news snippets, "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
