"""Rebuild the shipped NER models from ../shared/eval: `python -m obzor.nlp.ner.train`.

Trains on NEREL train plus the factRuEval devset (the shipped model), and one model per
factRuEval fold trained on NEREL train plus the other folds (cross-validation: `obzor eval ner`
scores each factRuEval document only with the model that did not see it). NEREL dev and BSNLP
are never read here.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pycrfsuite

from obzor.nlp.entities import Tagger
from obzor.nlp.ner.corpora import NEREL_TRAIN_TYPES, GoldDoc, load_factru, load_nerel
from obzor.nlp.ner.features import sequence_features
from obzor.nlp.ner.model import MODEL, MODELS, slovnet_labels
from obzor.nlp.ner.tokens import bio, tokenize

SHARED = Path(__file__).resolve().parents[4].parent / "shared" / "eval"
# Three folds: each held-out fold (~40 documents, ~800 objects) is big enough to score, each
# fold model sees two thirds of factRuEval, and the three fold models stay small to ship.
FOLDS = 3
# factRuEval's conventions are the target; counting its ~31k tokens three times weighs them
# against NEREL train's ~197k. factRuEval 3-fold CV, mean F1 of PER/LOC/ORG: weight 1 0.907,
# 3 0.910, 5 0.910.
FACTRU_WEIGHT = 3
# c1 (L1) prunes rare features: a model file is ~1.3 MB, where c1 = 0.1 gave ~1.6 MB; c2 is a
# light L2 smoothing; 100 L-BFGS iterations keep one model to ~2 minutes on an idle core.
PARAMS = {"c1": 0.2, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True}

Example = tuple[list[list[str]], list[str]]


def fold_of(index: int) -> int:
    """The cross-validation fold of the index-th factRuEval document (sorted by name)."""
    return index % FOLDS


def fold_model(fold: int) -> Path:
    """Where the model that did not see fold `fold` is kept."""
    return MODELS / f"ner_fold{fold}.crfsuite"


def examples(docs: Sequence[GoldDoc], base: Tagger) -> list[Example]:
    """Feature and gold label sequences of the documents."""
    out = []
    for doc in docs:
        tokens = tokenize(doc.text)
        if tokens:
            features = sequence_features(tokens, slovnet_labels(tokens, doc.text, base), doc.text)
            out.append((features, bio(tokens, doc.spans)))
    return out


def train(data: Sequence[Example], path: Path, params: Mapping[str, object] = PARAMS) -> None:
    """Train one CRF on the examples (with crfsuite params) and write it to path."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in data:
        trainer.append(features, labels)
    trainer.set_params(dict(params))
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def main(argv: Sequence[str] | None = None) -> None:
    """Train the shipped model and the fold models (or only the shipped one)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=SHARED)
    parser.add_argument("--no-folds", action="store_true", help="train the shipped model only")
    args = parser.parse_args(argv)
    from obzor.nlp.entities import natasha_tagger

    started = time.perf_counter()
    base = natasha_tagger()
    nerel = examples(load_nerel(args.eval_dir / "nerel" / "train", NEREL_TRAIN_TYPES), base)
    factru = examples(load_factru(args.eval_dir / "factru" / "devset"), base)
    print(f"features: {len(nerel)} NEREL + {len(factru)} factRuEval documents", flush=True)
    train(nerel + factru * FACTRU_WEIGHT, MODEL)
    print(f"{MODEL.name}: {time.perf_counter() - started:.0f} s", flush=True)
    for fold in range(0 if args.no_folds else FOLDS):
        rest = [ex for i, ex in enumerate(factru) if fold_of(i) != fold]
        train(nerel + rest * FACTRU_WEIGHT, fold_model(fold))
        print(f"{fold_model(fold).name}: {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
