"""`obzor eval ner`: obzor's recognizer against natasha's on three gold sets, one scorer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from obzor.evaluation.ner import TYPES, Score, cross_validate, evaluate, spans_of
from obzor.nlp.ner.corpora import GoldDoc, load_bsnlp, load_factru, load_nerel


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: a dataset, a system, its score."""

    dataset: str
    system: str
    score: Score


def _require(path: Path) -> Path:
    if not path.is_dir():
        raise FileNotFoundError(f"evaluation data not found: {path} (expected ../shared/eval)")
    return path


def run(root: Path, limit: int | None = None, progress: Callable[[str], None] = print) -> list[Row]:
    """Score obzor and natasha on factRuEval (obzor by 3-fold CV), NEREL dev and BSNLP ru."""
    from obzor.nlp.entities import natasha_tagger
    from obzor.nlp.ner.model import crf_tagger
    from obzor.nlp.ner.train import FOLDS, fold_model, fold_of

    natasha = spans_of(natasha_tagger())
    ours = spans_of(crf_tagger())
    rows: list[Row] = []
    factru = load_factru(_require(root / "factru" / "devset"))[:limit]
    folds = [spans_of(crf_tagger(fold_model(fold))) for fold in range(FOLDS)]
    sets: list[tuple[str, list[GoldDoc]]] = [
        ("NEREL dev", load_nerel(_require(root / "nerel" / "dev"))[:limit]),
        ("BSNLP ru", load_bsnlp(_require(root / "bsnlp_ru"))[:limit]),
    ]
    progress(f"factRuEval devset: {len(factru)} documents")
    rows.append(Row("factRuEval dev (3-fold CV)", "obzor", cross_validate(factru, folds, fold_of)))
    rows.append(Row("factRuEval dev (3-fold CV)", "natasha", evaluate(factru, natasha)))
    for name, docs in sets:
        progress(f"{name}: {len(docs)} documents")
        rows.append(Row(name, "obzor", evaluate(docs, ours)))
        rows.append(Row(name, "natasha", evaluate(docs, natasha)))
    return rows


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table: P / R / F1 per type, F1 averaged over types, articles/s."""
    head = "| dataset | system | " + " | ".join(f"{t} P / R / F1" for t in TYPES)
    lines = [head + " | mean F1 | articles/s |", "|---|---|" + "---|" * (len(TYPES) + 2)]
    for row in rows:
        counts = [row.score.counts[t] for t in TYPES]
        cells = [f"{c.precision:.3f} / {c.recall:.3f} / **{c.f1:.3f}**" for c in counts]
        mean = sum(c.f1 for c in counts) / len(counts)
        lines.append(
            f"| {row.dataset} | {row.system} | {' | '.join(cells)} | {mean:.3f} "
            f"| {row.score.docs_per_second:.1f} |"
        )
    return "\n".join(lines)
