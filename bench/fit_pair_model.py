"""Refit the same-event pair model on the training pools only; prints weights for rules.yaml.

Uses ../shared/eval/clustering/{ru,en}_train_pool.tsv; ru_pairs_a.tsv stays held out.
Run: .venv/bin/python bench/fit_pair_model.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import LeaveOneOut, cross_val_predict

from obzor.evaluation.clustering import TRAIN, features_for, load_pairs, score
from obzor.stories.rules import FEATURES

FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "clustering"
# 55 pairs fit two weights (body+title and title cosines). Leave-one-out F1 on the pools:
# 0.929 for C in 1..30 (0.909 at C=0.3), against 0.912 for the earlier five-feature model
# (adding lead cosine, names and numbers Jaccard). Fewer weights, less to overfit on 55 pairs.
# C=3 keeps P on the scale that frames.frame_floor and the thread link were set on.
C = 3.0


def main() -> None:
    x: list[tuple[float, ...]] = []
    y: list[bool] = []
    for name in TRAIN:
        pairs = load_pairs(FOLDER / name)
        x.extend(features_for(pairs))  # frequencies per file, as `obzor eval clustering` does
        y.extend(p.same for p in pairs)
    xa, ya = np.array(x), np.array(y)
    model = LogisticRegression(C=C)
    loo = cross_val_predict(model, xa, ya, cv=LeaveOneOut())
    loo_score = score([bool(v) for v in ya], [bool(v) for v in loo])
    print(f"leave-one-out on {len(y)} training pairs: {loo_score}")
    model.fit(xa, ya)
    print(f"intercept: {model.intercept_[0]:.3f}")
    for name, weight in zip(FEATURES, model.coef_[0], strict=True):
        print(f"  - {{id: {name}, weight: {weight:.3f}}}")


if __name__ == "__main__":
    main()
