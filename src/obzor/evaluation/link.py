"""Entity grouping scored on BSNLP ru: do mentions of one real-world entity share one row?

BSNLP's gold lists, per document, each mention form with its type and a cross-lingual entity
id. Both systems get the gold mentions (so NER errors do not count) and group them across all
documents of a topic; B-cubed precision/recall/F1 compare the groups with the gold ids.
"obzor" links to the KB and stores through the SQLite store (alias grouping); "name only" is
the foundation's grouping by type and normalized name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from obzor.evaluation.bcubed import bcubed as precision_recall
from obzor.kb import load_kb
from obzor.model import Article, Mention
from obzor.nlp.link import group_names
from obzor.nlp.normalize import normalize
from obzor.store.sqlite import SQLiteStore
from obzor.text import name_key

TYPES = frozenset({"PER", "LOC", "ORG"})
Key = tuple[str, str, str]  # (document, mention form, type)


@dataclass(frozen=True, slots=True)
class Score:
    """B-cubed scores over the mentions of one topic."""

    mentions: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_gold(topic: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Per document: (mention form, type, gold entity id) of the PER/LOC/ORG mentions."""
    docs: dict[str, list[tuple[str, str, str]]] = {}
    for path in sorted((topic / "annotated" / "ru").glob("*.out")):
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) == 4 and parts[2] in TYPES:
                rows.append((parts[0].strip(), parts[2], parts[3].strip()))
        docs[path.stem] = rows
    return docs


def obzor_groups(docs: dict[str, list[tuple[str, str, str]]]) -> dict[Key, str]:
    """Mention -> entity row, as obzor links and stores them."""
    kb = load_kb()
    out: dict[Key, str] = {}
    store = SQLiteStore(":memory:")
    for doc, rows in docs.items():
        mentions = []
        for surface, type_, _ in rows:
            entry = kb.lookup(surface)
            if entry is not None and entry.type == type_:
                mentions.append(Mention(surface, type_, 0, 0, entry.name, entry.id))
            else:
                mentions.append(Mention(surface, type_, 0, 0, normalize(surface, type_)))
        group_names(mentions)
        article_id = store.add(Article(source=doc, text=doc, title=doc, entities=mentions))
        stored = store.mention_entities(article_id)
        for (surface, type_, _), entity in zip(rows, stored, strict=True):
            out[(doc, surface, type_)] = str(entity)
    store.close()
    return out


def name_groups(docs: dict[str, list[tuple[str, str, str]]]) -> dict[Key, str]:
    """Mention -> "TYPE:normalized name", the grouping before the KB."""
    return {
        (doc, s, t): f"{t}:{name_key(normalize(s, t))}"
        for doc, rows in docs.items()
        for s, t, _ in rows
    }


def bcubed(predicted: dict[Key, str], gold: dict[Key, str]) -> Score:
    """B-cubed precision and recall of predicted groups against gold groups."""
    return Score(len(gold), *precision_recall(gold, predicted))


def evaluate_topics(root: Path) -> list[tuple[str, str, Score]]:
    """(topic, system, score) for every annotated BSNLP ru topic under root."""
    results = []
    topics = sorted(p for p in root.iterdir() if (p / "annotated" / "ru").is_dir())
    if not topics:
        raise FileNotFoundError(f"no annotated BSNLP topics under {root}")
    for topic in topics:
        docs = read_gold(topic)
        gold = {(d, s, t): g for d, rows in docs.items() for s, t, g in rows}
        results.append((topic.name, "obzor", bcubed(obzor_groups(docs), gold)))
        results.append((topic.name, "name only", bcubed(name_groups(docs), gold)))
    return results
