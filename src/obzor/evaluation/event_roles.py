"""Event names and participants scored on real labelled news (docs/event-labels.md).

event_roles.tsv: document key, sentence span, event type, the head noun of the event's name in
the nominative as a reader names it ("переговоры", "форум"; "-" when the sentence names the
event by a verb only) and the event's participants, its actors ("; "-separated, nominative, "-"
for none): never the outlet, the credited source or whoever reports or comments on it, nor the
place; a state named only in a person's title ("президент США") is not one.

obzor: the first event mention of that type in the sentence, as `find_events` makes it before
merging (the article's outlet, credited sources and attribution clauses left out). Its name is
right when it holds the head as a word. Baseline ("surface"): the trigger's words as the
sentence writes them for the name, and every PER, ORG and LOC mention of the sentence for the
participants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from obzor.evaluation.counts import Counts
from obzor.evaluation.event_docs import EvalDoc
from obzor.model import Article
from obzor.nlp.event_types import event_types
from obzor.nlp.events import Event, sourced_mentions
from obzor.text import name_key

ROLES = "event_roles.tsv"
SECOND_PASS = "event_roles_second.tsv"  # round 9: 25 dev rows labelled a second time
# A gold and a found name are the same actor when one holds the other ("Байден" in "Джо
# Байден", "ОДКБ" in "Совет коллективной безопасности ОДКБ"), but not a fragment this short.
MIN_MATCH_CHARS = 3


@dataclass(frozen=True, slots=True)
class RoleLabel:
    """One event mention's name head and participants, as a reader gives them."""

    doc: str
    start: int
    end: int
    type: str
    head: str | None
    participants: tuple[str, ...]


@dataclass(slots=True)
class RoleScores:
    """Name heads right and participant P/R of one system."""

    found: int = 0  # labelled mentions the system has
    named: int = 0  # found mentions with a gold head
    name_right: int = 0
    participants: Counts = field(default_factory=Counts)

    @property
    def name_accuracy(self) -> float:
        """Share of found, headed mentions whose name holds the head in the nominative."""
        return self.name_right / self.named if self.named else 0.0


def parse_roles(text: str) -> list[RoleLabel]:
    """Role labels from the TSV text; raises ValueError naming a malformed line."""
    out: list[RoleLabel] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            doc, span, etype, head, people = line.split("\t")
            start, end = (int(x) for x in span.split("-"))
        except ValueError:
            raise ValueError(
                f"event roles line {number}: want doc, start-end, type, head, participants"
            ) from None
        names = tuple(p.strip() for p in people.split(";") if p.strip() not in ("", "-"))
        out.append(RoleLabel(doc, start, end, etype, None if head == "-" else head, names))
    return out


def read_roles(name: str = ROLES) -> list[RoleLabel]:
    """The packaged role labels (or their second pass)."""
    return parse_roles(resources.files("obzor.evaluation").joinpath(name).read_text("utf-8"))


def agreement(first: Iterable[RoleLabel], second: Iterable[RoleLabel]) -> tuple[int, int, Counts]:
    """(rows both passes hold, rows with the same head and participants, the second pass's
    participants scored against the first's by the same matching as obzor's)."""
    by_key = {(x.doc, x.start, x.end, x.type): x for x in first}
    rows = same = 0
    counts = Counts()
    for y in second:
        x = by_key.get((y.doc, y.start, y.end, y.type))
        if x is None:
            continue
        rows += 1
        same += (x.head, x.participants) == (y.head, y.participants)
        counts.match(
            [name_key(n) for n in x.participants], [name_key(n) for n in y.participants], _same
        )
    return rows, same, counts


Scores = dict[str, dict[str, RoleScores]]  # split ("dev", "test", "all") -> system -> scores


def score_roles(labels: Iterable[RoleLabel], docs: dict[str, EvalDoc]) -> Scores:
    """obzor's and the surface baseline's name heads and participants, per split."""
    scores: Scores = {}
    cache: dict[str, list[Event]] = {}
    for label in labels:
        doc = docs[label.doc]
        article = doc.article
        if article.source not in cache:
            cache[article.source] = sourced_mentions(article)
        event = next(
            (e for e in cache[article.source]
             if e.type == label.type and label.start <= e.evidence[0] < label.end),
            None,
        )  # fmt: skip
        found = (event.name, [str(p["name"]) for p in event.participants]) if event else None
        surface = _surface(article, label)
        for split in (doc.split, "all"):
            systems = scores.setdefault(split, {"obzor": RoleScores(), "surface": RoleScores()})
            _add(systems["obzor"], label, found)
            _add(systems["surface"], label, surface)
    return scores


def _surface(article: Article, label: RoleLabel) -> tuple[str, list[str]] | None:
    """The trigger as written and every mention in the sentence, when a trigger matches."""
    sentence = article.text[label.start : label.end]
    etype = next((t for t in event_types() if t.id == label.type), None)
    matches = [m for _, p in etype.patterns for m in [p.search(sentence)] if m] if etype else []
    if not matches:
        return None
    first = min(matches, key=lambda m: m.start())
    names = [
        m.name
        for m in article.entities
        if label.start <= m.start < label.end and m.type in ("PER", "ORG", "LOC")
    ]
    return first.group(), list(dict.fromkeys(names))


def _add(scores: RoleScores, label: RoleLabel, found: tuple[str, list[str]] | None) -> None:
    gold = [name_key(n) for n in label.participants]
    c = scores.participants
    if found is None:
        c.fn += len(gold)
        return
    name, people = found
    scores.found += 1
    if label.head is not None:
        scores.named += 1
        words = {w.strip("«»\"'()") for w in name_key(name).split()}
        scores.name_right += name_key(label.head) in words
    c.match(gold, dict.fromkeys(name_key(p) for p in people), _same)


def _same(gold: str, found: str) -> bool:
    if gold == found:
        return True
    short, long_ = sorted((gold, found), key=len)
    return len(short) >= MIN_MATCH_CHARS and short in long_


def table(scores: Scores, split: str) -> list[str]:
    """The lines `obzor eval events` prints for names and participants of one split."""
    lines = []
    for system, s in scores.get(split, {}).items():
        c = s.participants
        lines.append(
            f"names/roles {system:<9} found {s.found}  name head in the nominative"
            f" {s.name_right}/{s.named} = {s.name_accuracy:.3f}  participants P {c.precision:.3f}"
            f" R {c.recall:.3f} ({c.tp + c.fn} gold)"
        )
    return lines
