"""Threat quality on real labelled news: P/R/F1 per category, variants, false tags, calibration.

The labels and the split are described in docs/threat-labels.md. Four systems are scored on
the same items in the same run:

- obzor: the shipped method (rules + classifier, combined, calibrated on dev and shifted per
  category where dev has enough positives), score >= 0.5: the decision the store's filters and
  counts make (one threshold, obzor.store.threats.MIN_SCORE);
- previous: the method shipped before the seventh round (the sixth round's), its model and its
  taxonomy as they shipped (threat_model_previous.json.gz, threats_previous.yaml), decided the
  same way;
- one map: the same without the per-category offsets (the pooled calibration alone);
- rules only: a strong rule hit (not negated, not historical) in the title or lead, or in two
  or more sentences;
- classifier only: the document classifier's probability >= 0.5.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from obzor.evaluation.counts import Counts
from obzor.evaluation.threat_data import load_items
from obzor.evaluation.threat_labels import (
    BLIND_TRAIN_TENTH,
    EIGHTH_LABELS,
    ELEVENTH_LABELS,
    FIRST_DEV_LABELS,
    FIRST_TEST_LABELS,
    FIRST_TRAIN_LABELS,
    FIRST_TRAIN_SIXTH,
    SECOND_EIGHTH,
    SECOND_ELEVENTH,
    SECOND_KAZAKH,
    SETTLED_TRAIN_TENTH,
    Example,
    Label,
    agreement,
    examples,
    first_labelling,
    read_labels,
    train_sample,
)
from obzor.nlp.threat_model import ThreatModel, default_model, load_model
from obzor.nlp.threat_rules import RuleSet, default_rules
from obzor.nlp.threats import (
    LEAD_SENTENCES,
    STATE_CATEGORIES,
    THRESHOLD,
    combine,
    features,
    lead_states,
    model_text,
    present,
    rule_hits,
)
from obzor.taxonomy.threats import CATEGORY_IDS, load_taxonomy

SYSTEMS = ("obzor", "previous", "one map", "rules only", "classifier only")
# The method shipped before the seventh round, scored beside obzor in the same run.
PREVIOUS_MODEL, PREVIOUS_TAXONOMY = "threat_model_previous.json.gz", "threats_previous.yaml"
# General news with no security content, by the source's own rubric.
GENERAL_RIA = ("culture", "economy")
GENERAL_CATEGORIES = ("sports", "entertainment", "science", "technology")
# Reliability-table bins over the score (the last bin includes 1.0).
BINS = (0.0, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0)


@dataclass(frozen=True, slots=True)
class Scored:
    """One item's predictions: per system the categories found, and obzor's scores."""

    example: Example
    found: dict[str, frozenset[str]]
    scores: dict[str, float]


def score_items(
    items: Sequence[Example], rules: RuleSet | None = None, model: ThreatModel | None = None
) -> list[Scored]:
    """Every system's predictions for the items (rule hits and the classifier run once)."""
    rules = rules or default_rules()
    model = model or default_model()
    texts = [model_text(e.item.text, e.item.title) for e in items]
    if not texts:
        return []
    probabilities = model.predict(texts)
    out: list[Scored] = []
    for example, probs in zip(items, probabilities, strict=True):
        item = example.item
        n_sentences, hits = rule_hits(item.text, item.published, item.title, rules)
        states = lead_states(item.text, item.title)
        scores: dict[str, float] = {}
        pooled: set[str] = set()
        by_rules: set[str] = set()
        for k, category in enumerate(model.categories):
            mine = [h for h in hits if h.category == category]
            named = states if category in STATE_CATEGORIES else 0
            values = features(mine, n_sentences, float(probs[k]), bool(item.title), named)
            scores[category] = combine(model, values, category)
            if combine(model, values, category, pooled=True) >= THRESHOLD:
                pooled.add(category)
            strong = [h for h in mine if h.damped is None and h.strong]
            if any(h.index < LEAD_SENTENCES for h in strong) or len(strong) >= 2:
                by_rules.add(category)
        found = {
            "obzor": frozenset(c for c, s in scores.items() if present(s)),
            "one map": frozenset(pooled),
            "rules only": frozenset(by_rules),
            "classifier only": frozenset(
                c for c, p in zip(model.categories, probs, strict=True) if p >= 0.5
            ),
        }
        out.append(Scored(example, found, scores))
    return out


def previous_method() -> tuple[RuleSet, ThreatModel]:
    """The rules and model shipped before the seventh round, as they shipped."""
    folder = Path(__file__).parent
    return RuleSet(load_taxonomy(folder / PREVIOUS_TAXONOMY)), load_model(folder / PREVIOUS_MODEL)


def with_previous(scored: Sequence[Scored], items: Sequence[Example]) -> list[Scored]:
    """The items' scores with the previous method's decision added as "previous"."""
    rules, model = previous_method()
    before = score_items(items, rules, model)
    return [
        Scored(s.example, {**s.found, "previous": b.found["obzor"]}, s.scores)
        for s, b in zip(scored, before, strict=True)
    ]


def counts(scored: Sequence[Scored], system: str) -> dict[str, Counts]:
    """Per-category counts of one system against the gold labels, plus "micro"."""
    table = {c: Counts() for c in CATEGORY_IDS}
    for s in scored:
        predicted, gold = s.found[system], s.example.labels
        for category, c in table.items():
            c.tp += category in gold and category in predicted
            c.fp += category in predicted and category not in gold
            c.fn += category in gold and category not in predicted
    table["micro"] = Counts(
        sum(c.tp for c in table.values()),
        sum(c.fp for c in table.values()),
        sum(c.fn for c in table.values()),
    )
    return table


def macro(table: dict[str, Counts], categories: Sequence[str]) -> tuple[float, float, float]:
    """Mean precision, recall and F1 over the categories that have gold positives."""
    if not categories:
        return 0.0, 0.0, 0.0
    n = len(categories)
    return (
        sum(table[c].precision for c in categories) / n,
        sum(table[c].recall for c in categories) / n,
        sum(table[c].f1 for c in categories) / n,
    )


def reliability(scored: Sequence[Scored]) -> list[dict[str, Any]]:
    """Per score bin: how many (item, category) pairs, their mean score, the share correct."""
    rows: list[dict[str, Any]] = []
    for low, high in itertools.pairwise(BINS):
        pairs = [
            (score, category in s.example.labels)
            for s in scored
            for category, score in s.scores.items()
            if low <= score < high or (high == 1.0 and score == 1.0)
        ]
        if not pairs:
            rows.append({"bin": [low, high], "pairs": 0, "mean_score": None, "correct": None})
            continue
        rows.append(
            {
                "bin": [low, high],
                "pairs": len(pairs),
                "mean_score": round(sum(p for p, _ in pairs) / len(pairs), 3),
                "correct": round(sum(g for _, g in pairs) / len(pairs), 3),
            }
        )
    return rows


def is_general(example: Example) -> bool:
    """RIA culture/economy and the categories data's sports/entertainment/science/technology."""
    item = example.item
    return (item.source == "ria" and item.topic in GENERAL_RIA) or (
        item.source == "cat" and item.topic in GENERAL_CATEGORIES
    )


def false_tags(
    scored: Sequence[Scored],
    labelled: set[tuple[str, str]],
    tuned: set[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The share of general-news items with any category at score >= 0.5 (obzor).

    `scored` holds every general-news item of the corpora, labelled or not (an unlabelled item
    has no gold labels); `labelled` says which were read and labelled, `tuned` which of those
    the fit used (the train and dev rows).
    """
    quiet = [s for s in scored if s.example.item.key in labelled and not s.example.labels]
    # "General news with no security content": every general article but those read and
    # labelled with a category (Lavrov on gas to Hungary sits in RIA's economy rubric).
    no_security = [s for s in scored if not s.example.labels]
    quiet_test = [s for s in quiet if s.example.item.split == "test"]
    # No tuning saw these: no security content (as no_security) and not a train or dev row.
    untuned = [s for s in no_security if s.example.item.key not in (tuned or set())]

    return {
        "all": _tagged(scored),
        "no_security": _tagged(no_security),
        "labelled_none": _tagged(quiet),
        "labelled_none_test": _tagged(quiet_test),
        "untuned": _tagged(untuned),
        "examples": [
            {
                "source": s.example.item.source,
                "id": s.example.item.id,
                "title": s.example.item.title[:90],
                "categories": sorted(s.found["obzor"]),
            }
            for s in quiet
            if s.found["obzor"]
        ][:10],
    }


def evaluate_news(shared: Path, split: str = "test") -> dict[str, Any]:
    """The full report on one split (test by default): the `obzor eval threats` contents."""
    labels = read_labels()
    items = load_items(shared)  # every corpus, read once for labelled and general news
    labelled = examples(shared, labels, items)
    chosen = [e for e in labelled if e.item.split == split]
    scored = with_previous(score_items(chosen), chosen)
    with_gold = [c for c in CATEGORY_IDS if any(c in e.labels for e in chosen)]
    systems: dict[str, Any] = {}
    tables = {name: counts(scored, name) for name in SYSTEMS}
    for name, table in tables.items():
        micro = table["micro"]
        mp, mr, mf = macro(table, with_gold)
        systems[name] = {
            "micro": {"p": _r(micro.precision), "r": _r(micro.recall), "f1": _r(micro.f1)},
            "macro": {"p": _r(mp), "r": _r(mr), "f1": _r(mf)},
            "categories": {
                c: {
                    "gold": table[c].tp + table[c].fn,
                    "p": _r(table[c].precision),
                    "r": _r(table[c].recall),
                    "f1": _r(table[c].f1),
                }
                for c in CATEGORY_IDS
            },
        }
    by_language: dict[str, Any] = {}
    for language in sorted({e.item.language for e in chosen}):
        part = [s for s in scored if s.example.item.language == language]
        micro = counts(part, "obzor")["micro"]
        by_language[language] = {
            "items": len(part),
            "gold": micro.tp + micro.fn,
            "p": _r(micro.precision),
            "r": _r(micro.recall),
            "f1": _r(micro.f1),
        }
    gold = {label.key: label.labels for label in labels}
    train_first = read_labels(name=FIRST_TRAIN_LABELS)
    sample = set(train_sample(e.item.key for e in labelled if e.item.split == "train"))
    general = score_items(
        [
            Example(item, gold.get(key, frozenset()))
            for key, item in items.items()
            if is_general(Example(item, frozenset()))
        ]
    )
    return {
        "split": split,
        "items": len(chosen),
        "languages": {k: v["items"] for k, v in by_language.items()},
        "systems": systems,
        "by_language": by_language,
        "false_tags": {
            **false_tags(
                general,
                set(gold),
                {key for key in gold if items[key].split in ("train", "dev")},
            ),
            # Every item of the split labelled none, general news or not.
            "split_none": _tagged([s for s in scored if not s.example.labels]),
            "split_none_previous": _tagged([s for s in scored if not s.example.labels], "previous"),
        },
        "reliability": reliability(scored),
        "agreement": _agreement(
            first_labelling(labels), read_labels(name="threat_labels_pass2.tsv")
        ),
        # The test split re-labelled blind (the shipped test labels) against its first labels.
        "relabel": _agreement(read_labels(name=FIRST_TEST_LABELS), labels),
        # The dev split (calibration and thresholds) re-labelled blind the same way.
        "relabel_dev": _agreement(read_labels(name=FIRST_DEV_LABELS), labels),
        # A random sample of the train split re-labelled blind, then two whole train sources.
        "relabel_train_sample": _agreement(
            [label for label in train_first if label.key in sample], labels
        ),
        "relabel_train": _agreement(train_first, labels),
        # The sixth round: a random 80 of the train items that still had their first labels.
        "relabel_train_sixth": _agreement(read_labels(name=FIRST_TRAIN_SIXTH), labels),
        # The tenth round: the other 568 train items with their first labels (shipped), blind,
        # then with the disagreements settled (the corrected labels, not fitted on).
        "relabel_train_tenth": _agreement(labels, read_labels(name=BLIND_TRAIN_TENTH)),
        "settled_train_tenth": _agreement(labels, read_labels(name=SETTLED_TRAIN_TENTH)),
        # The seventh round: a random 40 of its 160 new KazNERD dev passages labelled again.
        "second_kazakh": _agreement(labels, read_labels(name=SECOND_KAZAKH)),
        # The eighth round: a random 40 of its 180 new dev items (not fitted on yet) again.
        "second_eighth": _agreement(
            read_labels(name=EIGHTH_LABELS), read_labels(name=SECOND_EIGHTH)
        ),
        # The eleventh round: a random 40 of its 227 new dev items (not fitted on) again.
        "second_eleventh": _agreement(
            read_labels(name=ELEVENTH_LABELS), read_labels(name=SECOND_ELEVENTH)
        ),
    }


def _tagged(items: Sequence[Scored], system: str = "obzor") -> dict[str, Any]:
    tagged = sum(1 for s in items if s.found[system])
    return {
        "items": len(items),
        "tagged": tagged,
        "rate": round(tagged / len(items), 4) if items else None,
    }


def _agreement(first: Sequence[Label], second: Sequence[Label]) -> dict[str, Any]:
    keys = {label.key for label in first}
    return {
        "items": sum(1 for label in second if label.key in keys),
        "categories": [
            {
                "category": a.category,
                "first": a.first,
                "second": a.second,
                "observed": _r(a.observed),
                "kappa": _r(a.kappa),
            }
            for a in agreement(first, second)
        ],
    }


def _r(x: float) -> float:
    return round(x, 3)
