"""Fit the English same-event decision: `python -m obzor.evaluation.pair_fit_en [SHARED]`.

The English headline pairs (evaluation/en_event_pairs.tsv, omelas_kz2022) are split by the
day of the earlier report: 8-9.01.2022 train, 10.01 dev, 11.01 test. The logistic regression
over stories.english.FEATURES is fitted on train; its regularization C, the threshold on P
and the hours bound of one event are chosen on dev (best F1, ties: the larger threshold, the
shorter bound, the smaller C). The test split is never read here. Writes
src/obzor/stories/pair_model_en.json.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np

from obzor.evaluation.clustering import Pair, headline_split, load_headline_pairs, score
from obzor.stories.english import FEATURES, MODEL_FILE, EnglishModel, features, same_event
from obzor.stories.features import hour_number

MODEL_ID = "pair-en-logreg-v2"
CS = (0.1, 1.0, 10.0, 100.0)
THRESHOLDS = tuple(round(0.2 + 0.05 * n, 2) for n in range(13))  # 0.2 .. 0.8
EVENT_HOURS = (6.0, 12.0, 24.0)


def hours(pair: Pair) -> float | None:
    """Hours between the two publications of a pair, None unless both are timed."""
    a, b = (hour_number(p) for p in pair.published)
    return abs(a - b) if a is not None and b is not None else None


def matrix(pairs: list[Pair]) -> np.ndarray:
    """The English features of every pair (headline = title)."""
    return np.array([features(p.first[0], p.second[0], hours(p)) for p in pairs])


def fit(pairs: list[Pair], c: float) -> tuple[float, list[float]]:
    """Intercept and weights of the logistic regression on the given pairs."""
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=c, max_iter=1000).fit(matrix(pairs), [p.same for p in pairs])
    return float(fitted.intercept_[0]), [float(w) for w in fitted.coef_[0]]


def decisions(pairs: list[Pair], m: EnglishModel) -> list[bool]:
    """The English decision on every pair."""
    return [same_event(p.first[0], p.second[0], hours(p), m) for p in pairs]


def choose(train: list[Pair], dev: list[Pair]) -> tuple[EnglishModel, float]:
    """The model fitted on train with C, threshold and hours bound best on dev; its dev F1."""
    gold = [p.same for p in dev]
    best: tuple[tuple[float, float, float, float], EnglishModel] | None = None
    for c in CS:
        intercept, weights = fit(train, c)
        for threshold, bound in itertools.product(THRESHOLDS, EVENT_HOURS):
            m = EnglishModel(MODEL_ID, intercept, tuple(weights), threshold, bound)
            f1 = score(gold, decisions(dev, m)).f1
            key = (f1, threshold, -bound, -c)
            if best is None or key > best[0]:
                best = (key, m)
    assert best is not None
    return best[1], best[0][0]


def main(shared: Path) -> None:
    pairs = load_headline_pairs(shared / "corpora" / "omelas_kz2022")
    train = [p for p in pairs if headline_split(p) == "train"]
    dev = [p for p in pairs if headline_split(p) == "dev"]
    m, dev_f1 = choose(train, dev)
    print(f"train {len(train)} pairs, dev {len(dev)}: dev F1 {dev_f1:.3f}")
    print(f"threshold {m.threshold}, event_hours {m.event_hours}")
    out = {
        "id": m.id,
        "fitted_by": "python -m obzor.evaluation.pair_fit_en",
        "trained_on": "evaluation/en_event_pairs.tsv, 8-9.01.2022 (train)",
        "chosen_on": "evaluation/en_event_pairs.tsv, 10.01.2022 (dev)",
        "features": list(FEATURES),
        "intercept": round(m.intercept, 4),
        "weights": [round(w, 4) for w in m.weights],
        "threshold": m.threshold,
        "event_hours": m.event_hours,
    }
    target = Path(__file__).resolve().parents[1] / "stories" / MODEL_FILE
    target.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared"))
