"""Threat classification quality: per-category precision, recall and F1 on labelled sentences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from obzor.evaluation.counts import Counts
from obzor.nlp.morph import lemma, lemmatize, tokens
from obzor.nlp.threat_model import Labelled, ThreatModel, default_model, read_labelled
from obzor.nlp.threat_rules import RuleSet, default_rules
from obzor.nlp.threats import THRESHOLD, score_sentences
from obzor.taxonomy.threats import CATEGORY_IDS

Predictor = Callable[[str], set[str]]


def score(examples: Sequence[Labelled], predict: Predictor) -> dict[str, Counts]:
    """Per-category counts of predict's labels against the gold labels, plus "micro"."""
    counts = {c: Counts() for c in CATEGORY_IDS}
    for example in examples:
        predicted = predict(example.text)
        for category, c in counts.items():
            gold, found = category in example.labels, category in predicted
            c.tp += gold and found
            c.fp += found and not gold
            c.fn += gold and not found
    counts["micro"] = Counts(
        sum(c.tp for c in counts.values()),
        sum(c.fp for c in counts.values()),
        sum(c.fn for c in counts.values()),
    )
    return counts


def macro_f1(counts: dict[str, Counts]) -> float:
    """The mean F1 over the taxonomy's categories."""
    return sum(counts[c].f1 for c in CATEGORY_IDS) / len(CATEGORY_IDS)


def combined(rules: RuleSet | None = None, model: ThreatModel | None = None) -> Predictor:
    """The shipped method: rules and classifier combined, negation and history damped."""

    def predict(text: str) -> set[str]:
        found = score_sentences(text, None, rules, model)
        return {s.category for s in found if s.score >= THRESHOLD}

    return predict


def rules_only(rules: RuleSet | None = None) -> Predictor:
    """Baseline: a category whenever one of its rules fires outside a negation."""
    ruleset = rules or default_rules()

    def predict(text: str) -> set[str]:
        lemmas = [lemma(m.group()) for m in tokens(text)]
        found = ruleset.categories(lemmas)
        return {c for c, hits in found.items() if not all(neg for _, neg in hits)}

    return predict


def classifier_only(model: ThreatModel | None = None) -> Predictor:
    """Baseline: a category whenever the classifier's probability reaches 0.5."""
    clf = model or default_model()

    def predict(text: str) -> set[str]:
        probs = clf.predict([lemmatize(text)])[0]
        return {c for c, p in zip(clf.categories, probs, strict=True) if p >= 0.5}

    return predict


def evaluate_split(split: str = "test") -> dict[str, Any]:
    """Per-category scores of the combined method, and micro/macro scores of each system."""
    examples = read_labelled(split=split)
    systems = {
        "rules only": rules_only(),
        "classifier only": classifier_only(),
        "rules + classifier": combined(),
    }
    results = {name: score(examples, predict) for name, predict in systems.items()}
    best = results["rules + classifier"]
    return {
        "split": split,
        "sentences": len(examples),
        "ru": sum(e.language == "ru" for e in examples),
        "en": sum(e.language == "en" for e in examples),
        "categories": [
            {
                "category": c,
                "gold": best[c].tp + best[c].fn,
                "precision": round(best[c].precision, 3),
                "recall": round(best[c].recall, 3),
                "f1": round(best[c].f1, 3),
            }
            for c in CATEGORY_IDS
        ],
        "systems": {
            name: {
                "precision": round(r["micro"].precision, 3),
                "recall": round(r["micro"].recall, 3),
                "f1": round(r["micro"].f1, 3),
                "macro_f1": round(macro_f1(r), 3),
            }
            for name, r in results.items()
        },
    }
