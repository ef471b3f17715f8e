"""Statistic figures scored on real labelled news: the number and the unit it counts in.

statistic_labels.tsv: document key, sentence span, every figure the sentence reports as a
statistic ("30000 пассажир; 190 рейс"): its value and its unit in the nominative singular
(docs/event-labels.md, "Statistic figures"). obzor: the `value` and `unit` of each statistic
mention it finds in the sentence. Baseline ("numbers"): every number of the sentence with the
word after it. A found figure is right when its value is the gold value (within VALUE_SLACK) and
its unit has the gold unit's stem (UNIT_STEM letters: "тонн" of "тонна" and "тонн").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from obzor.evaluation.counts import Counts
from obzor.evaluation.event_docs import EvalDoc
from obzor.model import Article
from obzor.nlp.amounts import NUMBER, number
from obzor.nlp.events import event_mentions
from obzor.text import fold

LABELS = "statistic_labels.tsv"
# "204,7 миллиона" written as 204700000: a rounding of the last digit is the same figure.
VALUE_SLACK = 0.005
# A unit's stem: the lemma "тонна" and the surface "тонн", "рейс" and "рейсов" agree on it.
UNIT_STEM = 4
_NUMBER = re.compile(rf"(?<![\w.,]){NUMBER}\s+(?P<unit>[^\W\d][\w-]*)", re.IGNORECASE)
Figure = tuple[float, str]  # value, unit


@dataclass(frozen=True, slots=True)
class FigureLabel:
    """One sentence's statistic figures, as a reader gives them."""

    doc: str
    start: int
    end: int
    figures: tuple[Figure, ...]


def parse_figures(text: str) -> list[FigureLabel]:
    """Labels from the TSV text; raises ValueError naming a malformed line."""
    out: list[FigureLabel] = []
    for number_, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            doc, span, raw = line.split("\t")
            start, end = (int(x) for x in span.split("-"))
            figures = tuple(
                (float(value), unit)
                for value, unit in (item.split(maxsplit=1) for item in raw.split(";"))
            )
        except ValueError:
            raise ValueError(
                f"statistic labels line {number_}: want doc, start-end, 'value unit; ...'"
            ) from None
        out.append(FigureLabel(doc, start, end, figures))
    return out


def read_figures() -> list[FigureLabel]:
    """The packaged labels."""
    return parse_figures(resources.files("obzor.evaluation").joinpath(LABELS).read_text("utf-8"))


def obzor_figures(article: Article, start: int, end: int) -> list[Figure]:
    """The value and unit of each statistic obzor finds in text[start:end]."""
    found: list[Figure] = []
    for event in event_mentions(article.text, article.entities, article.published):
        value, unit = event.extra.get("value"), event.extra.get("unit")
        inside = start <= event.evidence[0] and event.evidence[1] <= end
        if event.type == "statistic" and inside and isinstance(value, int | float) and unit:
            found.append((float(value), str(unit)))
    return found


def number_figures(article: Article, start: int, end: int) -> list[Figure]:
    """Baseline: every number of the sentence with the word after it as its unit."""
    found: list[Figure] = []
    for m in _NUMBER.finditer(article.text, start, end):
        value = number(m.group("num"), m.group("scale"))
        if value is not None:
            found.append((value, m.group("unit")))
    return found


def score_figures(
    labels: Iterable[FigureLabel], docs: dict[str, EvalDoc]
) -> dict[tuple[str, str], Counts]:
    """Figure P/R per (split, system): a found figure is a true positive when it matches a gold
    figure not matched yet."""
    scores: dict[tuple[str, str], Counts] = defaultdict(Counts)
    systems = {"obzor": obzor_figures, "numbers": number_figures}
    for label in labels:
        doc = docs[label.doc]
        for system, find in systems.items():
            found = find(doc.article, label.start, label.end)
            for split in (doc.split, "all"):
                scores[(split, system)].match(label.figures, found, _same)
    return scores


def _same(gold: Figure, found: Figure) -> bool:
    (value, unit), (other, word) = gold, found
    close = abs(value - other) <= VALUE_SLACK * max(abs(value), 1.0)
    return close and fold(unit)[:UNIT_STEM] == fold(word)[:UNIT_STEM]
