"""`obzor eval ner`: obzor's recognizer against natasha's on three gold sets, one scorer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from obzor.evaluation.ner import TYPES, Predict, Score, cross_validate, evaluate, spans_of
from obzor.evaluation.ner_blind import BLIND_TOPICS, load_blind
from obzor.evaluation.ner_docs import evaluate_mentions, load_mentions
from obzor.nlp.entities import Tagger
from obzor.nlp.ner.corpora import (
    BSNLP_TEST,
    BSNLP_TUNE,
    GoldDoc,
    Span,
    load_bsnlp,
    load_factru,
    load_nerel,
)

# Mentions the linking stage adds by coreference, not by recognizing a name: never scored.
COREFERENCE = frozenset({"role", "pronoun", "anaphor"})


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
        (
            "BSNLP ru (nord_stream, ryanair)",
            load_bsnlp(_require(root / "bsnlp_ru"), BSNLP_TEST)[:limit],
        ),
    ]
    progress(f"factRuEval devset: {len(factru)} documents")
    rows.append(Row("factRuEval dev (3-fold CV)", "obzor", cross_validate(factru, folds, fold_of)))
    rows.append(Row("factRuEval dev (3-fold CV)", "natasha", evaluate(factru, natasha)))
    for name, docs in sets:
        progress(f"{name}: {len(docs)} documents")
        rows.append(Row(name, "obzor", evaluate(docs, ours)))
        rows.append(Row(name, "natasha", evaluate(docs, natasha)))
    return rows


def pipeline_predict(
    language: str = "ru", ner: bool = True, english: Tagger | None = None
) -> Predict:
    """obzor's entities and link stages together (the KB gazetteer, run-on cuts, retyping),
    without the role, pronoun and anaphor mentions that linking adds; ner=False: the link
    stage alone (its KB gazetteer), what a language without a recognizer gets; english: another
    recognizer for English text than the shipped one."""
    from obzor.model import Article
    from obzor.nlp.entities import tag_entities
    from obzor.nlp.link import link_entities

    def predict(text: str) -> list[Span]:
        article = Article(source="eval", text=text, language=language)
        if ner:
            tag_entities(article, english=english)
        link_entities(article)
        return [
            (m.start, m.end, m.type) for m in article.entities if m.resolved_by not in COREFERENCE
        ]

    return predict


def run_mentions(root: Path, limit: int | None = None) -> list[Row]:
    """Document-level mention sets on BSNLP ru: the tuning topics, the held-out ones and the
    blind ones labelled for obzor, for obzor's recognizer, obzor's entities + link stages and
    natasha."""
    from obzor.nlp.entities import natasha_tagger
    from obzor.nlp.ner.model import crf_tagger

    systems = [
        ("obzor", spans_of(crf_tagger())),
        ("obzor +link", pipeline_predict()),
        ("natasha", spans_of(natasha_tagger())),
    ]
    rows = []
    for topics in (BSNLP_TUNE, BSNLP_TEST):
        docs = load_mentions(_require(root / "bsnlp_ru"), topics)[:limit]
        name = f"BSNLP mention sets ({', '.join(topics)})"
        rows += [Row(name, system, evaluate_mentions(docs, predict)) for system, predict in systems]
    blind = load_blind(_require(root / "bsnlp_ru"))[:limit]
    name = f"BSNLP mention sets ({', '.join(BLIND_TOPICS)}: blind, labelled for obzor)"
    rows += [Row(name, system, evaluate_mentions(blind, predict)) for system, predict in systems]
    return rows


def run_kazakh(root: Path, limit: int | None = None) -> list[Row]:
    """Score the Kazakh CRF on KazNERD's held-out blocks, beside the Russian CRF over slovnet
    (what Kazakh articles got before) and natasha."""
    from obzor.nlp.entities import natasha_tagger
    from obzor.nlp.ner.kazakh import kazakh_tagger
    from obzor.nlp.ner.kaznerd import load_kaznerd
    from obzor.nlp.ner.model import crf_tagger

    path = root / "kaznerd" / "IOB2_valid.txt"
    if not path.is_file():
        raise FileNotFoundError(f"evaluation data not found: {path} (expected ../shared/eval)")
    docs = load_kaznerd(path)[1][:limit]
    name = "KazNERD held-out"
    return [
        Row(name, "obzor kk", evaluate(docs, spans_of(kazakh_tagger()))),
        Row(name, "obzor ru", evaluate(docs, spans_of(crf_tagger()))),
        Row(name, "natasha", evaluate(docs, spans_of(natasha_tagger()))),
    ]


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
