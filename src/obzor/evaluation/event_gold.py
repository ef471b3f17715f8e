"""Events scored on real labelled news (docs/event-labels.md): per-type P/R and date accuracy.

A label is one sentence of a real text (event_labels.tsv: document key, span, labels): the
event types it reports, each with the event's date when the sentence gives one ("meeting",
"statistic@2023-10", "conference@2023-11-16..2023-11-18", "-" for none). obzor is scored per
(sentence, type): it finds a type in a sentence when one of its event mentions (before
same-event merging) has that sentence as evidence, dated by the first of them that has a
date. The baseline finds a type whenever one of that type's trigger keywords in events.yaml
occurs in the sentence, and dates it with the sentence's first date expression.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from obzor.evaluation.counts import Counts, binary_kappa, nominal_kappa
from obzor.evaluation.event_docs import LANGUAGES, EvalDoc, load_doc
from obzor.model import Article
from obzor.nlp.dates import find_dates
from obzor.nlp.event_types import event_types
from obzor.nlp.events import Event, event_mentions

LABELS = "event_labels.tsv"
SECOND_PASS = "event_labels_second.tsv"
DATE_PASS = "event_dates_second.tsv"  # a blind second pass over the dates of test mentions
Gold = dict[str, str | None]  # event type -> its date ("2023-10", "2025..2027") or None


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled sentence: where it is and the event types (with dates) it reports."""

    doc: str
    start: int
    end: int
    events: Gold


@dataclass(slots=True)
class EventScores:
    """Per-type detection counts and date accuracy of one system on one split."""

    types: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    dated: int = 0  # gold mentions with a date that the system found
    date_right: int = 0
    undated: int = 0  # gold mentions without a date that the system found
    invented: int = 0  # of those, the ones the system gave a date anyway
    # (doc, start, end, type) of each found, dated gold mention -> whether its date is right:
    # two systems compared on the mentions both found
    outcomes: dict[tuple[str, int, int, str], bool] = field(default_factory=dict)

    @property
    def micro(self) -> Counts:
        """All types pooled."""
        total = Counts()
        for c in self.types.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    @property
    def date_accuracy(self) -> float:
        """Share of found, dated gold mentions whose date (start, end) the system got right."""
        return self.date_right / self.dated if self.dated else 0.0


def parse_labels(text: str) -> list[Label]:
    """Labels from the TSV text; raises ValueError naming a malformed line."""
    out: list[Label] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            doc, span, raw = parts
            start, end = (int(x) for x in span.split("-"))
        except ValueError:
            raise ValueError(f"event labels line {number}: want doc, start-end, labels") from None
        events: Gold = {}
        for item in raw.split("|") if raw.strip() != "-" else []:
            etype, _, when = item.partition("@")
            events[etype.strip()] = when.strip() or None
        out.append(Label(doc, start, end, events))
    return out


def read_labels(name: str = LABELS) -> list[Label]:
    """The packaged labels (or the second pass)."""
    return parse_labels(resources.files("obzor.evaluation").joinpath(name).read_text("utf-8"))


Predictor = Callable[[Article, int, int], Gold]


def obzor_predictor() -> Predictor:
    """Types obzor finds in a sentence, each with the date of its first mention there."""
    cache: dict[str, list[Event]] = {}

    def predict(article: Article, start: int, end: int) -> Gold:
        if article.source not in cache:
            cache[article.source] = event_mentions(
                article.text, article.entities, article.published
            )
        return _in_sentence(cache[article.source], start, end)

    return predict


def _in_sentence(events: list[Event], start: int, end: int) -> Gold:
    """Each type obzor finds in the sentence with the date of its first dated mention there: a
    label dates a type when the sentence dates one of its events ("В первом месяце ... 500
    тысяч баррелей, а с сентября по декабрь составит 300 тысяч": the second figure's period)."""
    found: Gold = {}
    for event in events:
        s, e = event.evidence
        if start <= s and e <= end and found.get(event.type) is None:
            date = event.date
            found[event.type] = _gold_date(date.date, date.date_end) if date else None
    return found


def baseline_predict(article: Article, start: int, end: int) -> Gold:
    """Trigger keywords only: a type when one of its patterns matches, dated by the first date."""
    sentence = article.text[start:end]
    dates = [d for d in find_dates(sentence, article.published) if d.date]
    when = _gold_date(dates[0].date, dates[0].date_end) if dates else None
    found: Gold = {}
    for etype in event_types():
        if any(p.search(sentence) for _, p in etype.patterns):
            found[etype.id] = when
    return found


def score(
    labels: Iterable[Label], docs: dict[str, EvalDoc], predict: Predictor
) -> dict[str, EventScores]:
    """Scores per split ("dev", "test", "all") of one predictor over the labels."""
    scores: dict[str, EventScores] = defaultdict(EventScores)
    for label in labels:
        doc = docs[label.doc]
        predicted = predict(doc.article, label.start, label.end)
        language = LANGUAGES.get(label.doc.split(":")[0], "ru")
        for split in (doc.split, "all", f"{doc.split}-{language}"):
            _count(scores[split], label, predicted)
    return scores


def load_docs(
    labels: Iterable[Label], shared: Path, analyze: Callable[[Article], Article]
) -> dict[str, EvalDoc]:
    """Each labelled document once, its Article run through analyze (the pipeline)."""
    docs: dict[str, EvalDoc] = {}
    for label in labels:
        if label.doc not in docs:
            doc = load_doc(label.doc, shared)
            doc.article = analyze(doc.article)
            docs[label.doc] = doc
    return docs


def kappa(first: list[Label], second: list[Label]) -> tuple[int, float, float]:
    """(sentences, Cohen's kappa over sentence x type decisions, share of equal dates)."""
    by_key = {(x.doc, x.start, x.end): x for x in first}
    pairs = [
        (by_key[(y.doc, y.start, y.end)], y) for y in second if (y.doc, y.start, y.end) in by_key
    ]
    types = sorted({t.id for t in event_types()})
    a = [t in x.events for x, _ in pairs for t in types]
    b = [t in y.events for _, y in pairs for t in types]
    if not a:
        return 0, 0.0, 0.0
    k = binary_kappa(a, b)[1]
    both = [(x.events[t], y.events[t]) for x, y in pairs for t in x.events if t in y.events]
    same_dates = sum(p == q for p, q in both) / len(both) if both else 0.0
    return len(pairs), k, same_dates


def date_kappa(first: list[Label], second: list[Label]) -> tuple[int, int, float]:
    """(mentions, equal dates, Cohen's kappa) over the dates ("-" for none) that two passes give
    the same mentions: the second pass saw each sentence's types, not its dates."""
    by_key = {(x.doc, x.start, x.end): x for x in first}
    a: list[str] = []
    b: list[str] = []
    for y in second:
        x = by_key.get((y.doc, y.start, y.end))
        if x is None:
            continue
        for etype in sorted(set(x.events) & set(y.events)):
            a.append(x.events[etype] or "-")
            b.append(y.events[etype] or "-")
    return len(a), sum(p == q for p, q in zip(a, b, strict=True)), nominal_kappa(a, b)


def _row_name(language: str, etype: str) -> str:
    """ "micro kk" for a language's pooled row, "kk disaster" for one type of it."""
    return f"micro {language}" if etype == "micro" else f"{language} {etype}"


def table(rows: dict[str, dict[str, EventScores]], split: str) -> list[str]:
    """Per-type precision/recall (pooled, then by language) and date accuracy of each system on
    one split."""
    lines = [f"{'type':<13} {'system':<9} {'gold':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    types = sorted({t for s in rows.values() for t in s[split].types})
    for etype in [*types, "micro"]:
        for system, scores in rows.items():
            c = scores[split].micro if etype == "micro" else scores[split].types[etype]
            lines.append(
                f"{etype:<13} {system:<9} {c.tp + c.fn:>4} {c.precision:>6.3f} {c.recall:>6.3f}"
                f" {c.f1:>6.3f}"
            )
    for language in ("ru", "kk", "en"):
        if split == "all":
            break
        kinds = sorted({t for s in rows.values() for t in s[f"{split}-{language}"].types})
        for etype in [*kinds, "micro"]:
            for system, scores in rows.items():
                part = scores[f"{split}-{language}"]
                c = part.micro if etype == "micro" else part.types[etype]
                if part.micro.tp + part.micro.fn and (c.tp + c.fn or c.fp):
                    lines.append(
                        f"{_row_name(language, etype):<13} {system:<9} {c.tp + c.fn:>4}"
                        f" {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
                    )
    for system, scores in rows.items():
        s = scores[split]
        lines.append(
            f"date accuracy {system:<9} {s.date_right}/{s.dated} = {s.date_accuracy:.3f}"
            f" (found gold mentions that have a date); dated {s.invented} of {s.undated}"
            " found mentions the sentence gives no date"
        )
    systems = list(rows)
    if len(systems) == 2:
        a, b = (rows[x][split].outcomes for x in systems)
        both = sorted(set(a) & set(b))
        lines.append(
            f"date accuracy on the {len(both)} dated mentions both found: "
            + ", ".join(
                f"{x} {sum(o[k] for k in both)}" for x, o in zip(systems, (a, b), strict=True)
            )
        )
    return lines


def _count(scores: EventScores, label: Label, predicted: Gold) -> None:
    gold = label.events
    for etype in set(gold) | set(predicted):
        c = scores.types[etype]
        if etype in gold and etype in predicted:
            c.tp += 1
            if gold[etype] is not None:
                right = predicted[etype] == gold[etype]
                scores.dated += 1
                scores.date_right += right
                scores.outcomes[(label.doc, label.start, label.end, etype)] = right
            else:
                scores.undated += 1
                scores.invented += predicted[etype] is not None
        elif etype in predicted:
            c.fp += 1
        else:
            c.fn += 1


def _gold_date(date: str | None, date_end: str | None) -> str | None:
    if date is None:
        return None
    return f"{date}..{date_end}" if date_end else date
