"""Figures scored on real news: reports of one event from several outlets (the clustering
pools' same-event pairs, BSNLP same-event groups, hand-made RIA stories), every figure of
their title and lead labelled by hand (docs/figure-labels.md), obzor's extractor and
disagreement flag beside a keyword baseline, per split (dev to tune, test scored once)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from obzor.evaluation.counts import Counts, nominal_kappa
from obzor.evaluation.shipped import shipped_text
from obzor.nlp import morph
from obzor.nlp.amounts import NUMBER, number
from obzor.nlp.sentsplit import sentences
from obzor.stories.figures import Figure, disagreements
from obzor.stories.rules import rules

GROUPS = "figure_groups.tsv"  # split, group, report: every report read
LABELS = "figure_labels.tsv"  # split, group, report, kind, value, words: every figure found
DISAGREEMENTS = "figure_disagreements.tsv"  # split, group, kind, why: true disagreements
SECOND = "figure_labels_second.tsv"  # report, number, kind ("-": none): the second pass
HEAD = 700  # characters of "title || lead" read by hand; both systems read the same text
LEAD_SENTENCES = 2  # a lead: the text's first two sentences
_NUMBER = re.compile(NUMBER, re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")

Extractor = Callable[[str], list[Figure]]
Flagger = Callable[[Iterable[tuple[int, list[Figure]]]], list[dict[str, Any]]]


@dataclass(slots=True)
class SplitScore:
    """One system on one split: extraction per kind and overall ((kind, value) per report),
    and the disagreement flag ((group, kind))."""

    reports: int = 0
    kinds: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    overall: Counts = field(default_factory=Counts)
    flag: Counts = field(default_factory=Counts)


@cache
def _table(name: str) -> tuple[dict[str, str], ...]:
    """A shipped label file's rows by column (read once: every split and system reads them)."""
    return tuple(csv.DictReader(shipped_text(name).splitlines(), delimiter="\t"))


def head(title: str, text: str) -> str:
    """What the figures are read from: the title, then the lead (first two sentences)."""
    text = text.strip()
    spans = sentences(text)[:LEAD_SENTENCES]
    lead = " ".join(text[spans[0][0] : spans[-1][1]].split()) if spans else text
    title = title.strip()
    # read by hand as "title || lead" cut at HEAD characters; the title is its own sentence
    return f"{title}\n{lead[: max(0, HEAD - len(title) - 4)]}"


def report_heads(data: Path, ria: Path | None) -> dict[str, str]:
    """Report id -> its head, for every labelled report whose source is here (eval data
    folder with clustering/ and bsnlp_ru/; the RIA corpus for "ria:<id>" reports)."""
    from obzor.evaluation.clustering import _bsnlp_text, load_pairs

    heads: dict[str, str] = {}
    wanted = {row["report"] for row in _table(GROUPS)}
    pools: dict[str, list[tuple[tuple[str, str], tuple[str, str]]]] = {}
    articles: dict[str, dict[str, str]] = {}
    if ria is not None and ria.is_dir() and any(r.startswith("ria:") for r in wanted):
        from obzor.evaluation.ria_stories import ria_articles

        articles = ria_articles(ria)
    for report in sorted(wanted):
        if report.startswith("ria:"):
            row = articles.get(report[4:])
            if row is not None:
                heads[report] = head(row["title"], row["content"])
        elif "/" in report:  # BSNLP "<topic>/<file>"
            topic = data / "bsnlp_ru" / report.split("/")[0]
            if topic.is_dir():
                heads[report] = head(*_bsnlp_text(data / "bsnlp_ru", report))
        else:  # "<pool>:<row>:<a|b>"
            pool, row_index, side = report.split(":")
            path = data / "clustering" / f"{pool}.tsv"
            if pool not in pools and path.is_file():
                pools[pool] = [(p.first, p.second) for p in load_pairs(path)]
            if pool in pools:
                pair = pools[pool][int(row_index)]
                heads[report] = head(*(pair[0] if side == "a" else pair[1]))
    return heads


def keyword_figures(text: str) -> list[Figure]:
    """The baseline: every number in digits with the word after it, its kind the one whose
    nouns or verbs (rules.yaml figures) hold that word's lemma."""
    r = rules()
    found = []
    for m in _NUMBER.finditer(text):
        after = _NEXT_WORD.match(text, m.end())
        if not m.group("num")[0].isdigit() or after is None:
            continue
        lemma = morph.lemma(after.group(1))
        what = r.figure_nouns.get(lemma) or r.figure_verbs.get(lemma)
        value = number(m.group("num"), m.group("scale"))
        if what is not None and value is not None:
            found.append(Figure(what, value, f"{m.group(0).strip()} {after.group(1)}"))
    return found


def any_difference(reports: Iterable[tuple[int, list[Figure]]]) -> list[dict[str, Any]]:
    """The baseline's flag: every kind whose values in a group are not all equal."""
    values: dict[str, set[float]] = defaultdict(set)
    for _, figures in reports:
        for f in figures:
            values[f.what].add(f.value)
    return [{"what": what} for what, found in values.items() if len(found) > 1]


def score(
    extract: Extractor, heads: dict[str, str], split: str, flag: Flagger = disagreements
) -> SplitScore:
    """One extractor on one split's reports: figures per kind, and its disagreement flag per
    (group, kind) against the labelled disagreements."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row in _table(GROUPS):
        if row["split"] == split and row["report"] in heads:
            groups[row["group"]].append(row["report"])
    gold: dict[str, set[tuple[str, float]]] = defaultdict(set)
    for row in _table(LABELS):
        if row["split"] == split and row["report"] in heads:
            gold[row["report"]].add((row["kind"], float(row["value"])))
    true_flags = {
        (row["group"], row["kind"])
        for row in _table(DISAGREEMENTS)
        if row["split"] == split and row["group"] in groups
    }
    result = SplitScore()
    flags: set[tuple[str, str]] = set()
    for group, reports in groups.items():
        found = {report: extract(heads[report]) for report in reports}
        result.reports += len(reports)
        for report, figures in found.items():
            said = {(f.what, f.value) for f in figures}
            for kind, value in gold[report] | said:
                counts = result.kinds[kind]
                counts.tp += (kind, value) in said and (kind, value) in gold[report]
                counts.fp += (kind, value) not in gold[report]
                counts.fn += (kind, value) not in said
        flagged = flag((i, found[report]) for i, report in enumerate(reports))
        flags |= {(group, f["what"]) for f in flagged}
    for counts in result.kinds.values():
        result.overall.tp += counts.tp
        result.overall.fp += counts.fp
        result.overall.fn += counts.fn
    result.flag = Counts(len(flags & true_flags), len(flags - true_flags), len(true_flags - flags))
    return result


def agreement() -> tuple[int, float]:
    """(numbers read twice, Cohen's kappa of their kinds, "-" for none): the second pass
    against the first labels (a number is the first pass's figure of that report and value)."""
    first = {(row["report"], float(row["value"])): row["kind"] for row in _table(LABELS)}
    pairs = []
    for row in _table(SECOND):
        m = _NUMBER.search(row["number"])
        value = number(m.group("num"), m.group("scale")) if m else None
        pairs.append((first.get((row["report"], value or -1.0), "-"), row["kind"]))
    return len(pairs), nominal_kappa([a for a, _ in pairs], [b for _, b in pairs])
