"""Kazakh speech attributions on real sentences (KazNERD): does obzor find the quote?

quote_labels_kk.tsv: a KazNERD validation sentence index, its split, whether the sentence
attributes speech to someone ("yes"/"no") and the speaker as written. obzor finds one when
find_quotes returns a quote; the baseline when any speech verb of speech.yaml occurs.
"""

from __future__ import annotations

from pathlib import Path

from obzor.evaluation.counts import Counts
from obzor.evaluation.event_docs import kazakh_sentences
from obzor.evaluation.shipped import shipped_rows
from obzor.nlp.quotes import find_quotes
from obzor.nlp.speakers import rules


def kazakh_quotes(shared: Path) -> dict[tuple[str, str], Counts]:
    """Detection counts per (split, system) over the labelled Kazakh sentences."""
    sentences = kazakh_sentences(shared)
    scores: dict[tuple[str, str], Counts] = {}
    for _n, fields in shipped_rows("quote_labels_kk.tsv"):
        index, split, gold, _speaker = fields
        sentence = sentences[int(index)]
        found = {
            "obzor": bool(find_quotes(sentence, [])),
            "keywords": rules().verbs.search(sentence) is not None,
        }
        for system, predicted in found.items():
            c = scores.setdefault((split, system), Counts())
            c.tp += predicted and gold == "yes"
            c.fp += predicted and gold == "no"
            c.fn += not predicted and gold == "yes"
    return scores
