"""The calendar scored on real labelled news (docs/calendar-labels.md): announced events found,
their dates, and the status of events after their follow-up reports.

Detection: a label is one sentence of a real text (calendar_labels.tsv: document key, span,
the events it announces for after the article's publication, "meeting@2023-10-19;
deadline@2024-01-01", "-" for none). obzor announces an event when it files a calendar report
from a labelled sentence whose status is not "held" (announced, postponed or cancelled: a
future date spoken of). The baseline is the brief's old upcoming list: every event of any type
dated after the publication day. Scored per article, as a calendar sees it: its distinct gold
dates against the distinct dates found, paired when equal or when their days overlap (a
found "2023-10-19" for a gold "2023-10-19..2023-10-20"); date accuracy is the share of pairs
with the gold date exactly.

Status: calendar_status.tsv holds announced events (document key and span of the
announcement) with the status a reader gives them after reading every later report in the same
corpus, as of its last day ("held", "postponed", "cancelled", "overdue", "announced"). obzor's
is the status of the entry its announcement was filed to in a store holding the corpus's
articles; the baseline says "held" once the date has passed, else "announced".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from obzor.calendar.reports import article_reports, span
from obzor.evaluation.counts import Counts, binary_kappa
from obzor.evaluation.event_docs import EvalDoc, load_doc
from obzor.evaluation.shipped import shipped_rows
from obzor.model import Article

LABELS = "calendar_labels.tsv"
SECOND_PASS = "calendar_labels_second.tsv"
GoldEvent = tuple[str, str]  # (type, date): "meeting", "2023-10-19" or "2023-10-19..2023-10-20"


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled sentence: where it is and the events it announces."""

    doc: str
    start: int
    end: int
    events: tuple[GoldEvent, ...]


def parse_events(field_text: str) -> tuple[GoldEvent, ...]:
    """'meeting@2023-10-19;deadline@2024' -> (("meeting", "2023-10-19"), ...); '-' -> ()."""
    if field_text.strip() == "-":
        return ()
    found = []
    for part in field_text.split(";"):
        etype, _, date = part.strip().partition("@")
        if not etype or not date:
            raise ValueError(f"bad calendar label {part!r}: want type@date")
        found.append((etype, date))
    return tuple(found)


def read_labels(name: str = LABELS) -> list[Label]:
    """The labelled sentences of a label file shipped with obzor."""
    labels = []
    for n, fields in shipped_rows(name):
        try:
            key, span, events = fields[:3]
            start, end = (int(x) for x in span.split("-"))
            labels.append(Label(key, start, end, parse_events(events)))
        except ValueError as error:
            raise ValueError(f"{name}:{n}: {error}") from error
    return labels


def load_docs(
    labels: Iterable[Label], shared: Path, pipeline: Callable[[Article], Article]
) -> dict[str, EvalDoc]:
    """Each labelled document, analyzed once; ValueError when a span does not fit its text."""
    docs: dict[str, EvalDoc] = {}
    for label in labels:
        if label.doc not in docs:
            doc = load_doc(label.doc, shared)
            docs[label.doc] = EvalDoc(doc.key, doc.split, pipeline(doc.article))
        if label.end > len(docs[label.doc].article.text):
            raise ValueError(f"{label.doc}: span {label.start}-{label.end} is past the text")
    return docs


Predictor = Callable[[Article], dict[tuple[int, int], list[str]]]  # span -> dates


def _date(date: str, end: str | None) -> str:
    return f"{date}..{end}" if end else date


def obzor_predict(article: Article) -> dict[tuple[int, int], list[str]]:
    """The dates of obzor's calendar reports of events still to come, by sentence."""
    found: dict[tuple[int, int], list[str]] = {}
    for r in article_reports(article):
        if r.status != "held":
            found.setdefault((r.start, r.end), []).append(_date(r.date, r.date_end))
    return found


def baseline_predict(article: Article) -> dict[tuple[int, int], list[str]]:
    """The brief's old upcoming list: any event dated after the publication day."""
    day = (article.published or "")[:10]
    found: dict[tuple[int, int], list[str]] = {}
    for e in article.events:
        if day and e.date and e.date[:10] > day:
            span = (e.evidence.start, e.evidence.end)
            found.setdefault(span, []).append(_date(e.date, e.date_end))
    return found


@dataclass(slots=True)
class DetectionScores:
    """Announced events found by one system on one split, and their dates."""

    counts: Counts = field(default_factory=Counts)
    paired: int = 0
    date_right: int = 0

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.paired if self.paired else 0.0


def _days(value: str) -> tuple[str, str]:
    start, _, end = value.partition("..")
    return span(start, end or None)


def pair(gold: list[str], found: list[str]) -> tuple[int, int]:
    """(pairs, pairs with the same date) of distinct gold and found dates: equal dates pair
    first, then dates whose days overlap ("2023-10-19" and "2023-10-19..2023-10-20")."""
    left, right = sorted(set(gold)), sorted(set(found))
    same = [d for d in left if d in right]
    left = [d for d in left if d not in same]
    right = [d for d in right if d not in same]
    near = 0
    for date in left:
        first, last = _days(date)
        for other in right:
            o_first, o_last = _days(other)
            if first <= o_last and o_first <= last:
                right.remove(other)
                near += 1
                break
    return len(same) + near, len(same)


def score(
    labels: Iterable[Label], docs: dict[str, EvalDoc], predict: Predictor
) -> dict[str, DetectionScores]:
    """Detection scores by split ("dev", "test", "all"), per article: the distinct dates of
    the events it announces (an event named in three sentences is one calendar entry)
    against the distinct dates of those the system files from its labelled sentences."""
    scores = {name: DetectionScores() for name in ("dev", "test", "all")}
    by_doc: dict[str, list[Label]] = {}
    for label in labels:
        by_doc.setdefault(label.doc, []).append(label)
    for key, doc_labels in by_doc.items():
        doc = docs[key]
        predicted = predict(doc.article)
        gold = {date for x in doc_labels for _, date in x.events}
        found = {date for x in doc_labels for date in predicted.get((x.start, x.end), [])}
        pairs, same = pair(sorted(gold), sorted(found))
        for name in (doc.split, "all"):
            s = scores[name]
            s.counts.tp += pairs
            s.counts.fp += len(found) - pairs
            s.counts.fn += len(gold) - pairs
            s.paired += pairs
            s.date_right += same
    return scores


def kappa(first: list[Label], second: list[Label]) -> tuple[int, float, float]:
    """(sentences, Cohen's kappa on "announces an event", share of shared events with the same
    date) between two labellings; only sentences both labelled count."""
    again = {(x.doc, x.start, x.end): x for x in second}
    a, b, same, shared = [], [], 0, 0
    for label in first:
        other = again.get((label.doc, label.start, label.end))
        if other is None:
            continue
        a.append(bool(label.events))
        b.append(bool(other.events))
        dates = [d for _, d in other.events]
        pairs, equal = pair([d for _, d in label.events], dates)
        shared += pairs
        same += equal
    _, k = binary_kappa(a, b)
    return len(a), k, same / shared if shared else 0.0


def table(rows: dict[str, dict[str, DetectionScores]], split: str) -> list[str]:
    """The lines `obzor eval calendar` prints for one split."""
    lines = [f"{'system':<9} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}  date accuracy"]
    for system, scores in rows.items():
        s = scores[split]
        c = s.counts
        lines.append(
            f"{system:<9} {c.tp + c.fn:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
            f"  {s.date_right}/{s.paired} = {s.date_accuracy:.3f}"
        )
    return lines
