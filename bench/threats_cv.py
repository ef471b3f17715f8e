"""How the threat constants were chosen: 5-fold cross-validation on the training split.

Prints micro precision / recall / F1 of the combined method for a grid of the classifier's
regularization C and the combination's RULE_BASE and CLASSIFIER_WEIGHT. The test split is not
read here; `obzor eval threats` scores it.
"""

from __future__ import annotations

import itertools
import random

from obzor.evaluation.threats import Counts, combined, score
from obzor.nlp import threat_model, threats
from obzor.nlp.threat_model import read_labelled

FOLDS = 5


def main() -> None:
    examples = read_labelled(split="train")
    order = list(range(len(examples)))
    random.Random(0).shuffle(order)
    folds = [set(order[f::FOLDS]) for f in range(FOLDS)]
    print(f"{'C':>5}{'RULE_BASE':>10}{'CLF_WEIGHT':>11}{'P':>7}{'R':>7}{'F1':>7}")
    for c in (1.0, 4.0, 16.0):
        threat_model.C = c
        models = [
            threat_model.train([e for i, e in enumerate(examples) if i not in fold])
            for fold in folds
        ]
        for base, weight in itertools.product((0.3, 0.45, 0.5), (0.8, 1.0)):
            threats.RULE_BASE, threats.CLASSIFIER_WEIGHT = base, weight
            total = Counts()
            for fold, model in zip(folds, models, strict=True):
                held = [examples[i] for i in sorted(fold)]
                micro = score(held, combined(model=model))["micro"]
                total.tp, total.fp, total.fn = (
                    total.tp + micro.tp,
                    total.fp + micro.fp,
                    total.fn + micro.fn,
                )
            print(
                f"{c:>5}{base:>10}{weight:>11}"
                f"{total.precision:>7.3f}{total.recall:>7.3f}{total.f1:>7.3f}"
            )


if __name__ == "__main__":
    main()
