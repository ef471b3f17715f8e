"""BSNLP topics that no rule or tuning looked at, labelled for obzor: mention sets per document.

BSNLP ships the covid-19 and us_election_2020 topics without annotations (raw text only). The
gold here (bsnlp_blind_labels.tsv, document names and mention forms only; docs/ner-blind-labels.md)
was written by reading 21 of their documents after every recognizer rule and model on main was
fixed. Scored with the mention-set scorer of evaluation/ner_docs.py, as the annotated topics are:
forms labelled OTHER (facilities, documents, products, diseases, forms a guide case leaves open)
count on neither side, as BSNLP's PRO and EVT do.
"""

from __future__ import annotations

from pathlib import Path

from obzor.evaluation.ner import TYPES
from obzor.evaluation.ner_docs import Mention, MentionDoc, mention_kappa, norm
from obzor.nlp.ner.corpora import BSNLP_HEADER_LINES

LABELS = Path(__file__).with_name("bsnlp_blind_labels.tsv")
SECOND = Path(__file__).with_name("bsnlp_blind_labels_second.tsv")
BLIND_TOPICS = ("covid-19", "us_election_2020")
UNSCORED = "OTHER"


def read_labels(path: Path = LABELS) -> dict[str, tuple[frozenset[Mention], frozenset[str]]]:
    """{topic/document: (gold (form, type) set, forms of unscored things)} of a labels file."""
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise ValueError(f"{path.name}:{number}: expected document, mentions")
        gold: set[Mention] = set()
        ignored: set[str] = set()
        for item in filter(None, (m.strip() for m in fields[1].split(";"))):
            kind, _, form = item.partition(":")
            if kind not in (*TYPES, UNSCORED) or not norm(form):
                raise ValueError(f"{path.name}:{number}: bad mention {item!r}")
            if kind == UNSCORED:
                ignored.add(norm(form))
            else:
                gold.add((norm(form), kind))
        ignored -= {form for form, _ in gold}
        out[fields[0]] = (frozenset(gold), frozenset(ignored))
    return out


def load_blind(root: Path, path: Path = LABELS) -> list[MentionDoc]:
    """The labelled documents (root: the BSNLP ru folder holding <topic>/raw/ru/*.txt)."""
    docs = []
    for name, (gold, ignored) in sorted(read_labels(path).items()):
        topic, _, stem = name.partition("/")
        raw = root / topic / "raw" / "ru" / f"{stem}.txt"
        if topic not in BLIND_TOPICS or not raw.is_file():
            raise FileNotFoundError(f"evaluation data not found: {raw} (expected ../shared/eval)")
        lines = raw.read_text(encoding="utf-8").splitlines()
        docs.append(MentionDoc(name, "\n".join(lines[BSNLP_HEADER_LINES:]), gold, ignored))
    return docs


def kappa(first: Path = LABELS, second: Path = SECOND) -> tuple[int, float]:
    """(documents, Cohen's kappa) of the twice-labelled documents (ner_docs.mention_kappa)."""
    one, two = read_labels(first), read_labels(second)
    names = sorted(set(one) & set(two))
    return len(names), mention_kappa((one[n][0], two[n][0]) for n in names)
