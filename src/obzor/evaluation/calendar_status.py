"""The status of announced events after their follow-up reports, scored on real news.

calendar_status.tsv (docs/calendar-labels.md) holds announcements of RIA Novosti 2023 (and the
held-out file also of BSNLP topics) with the status a reader gives each event after reading the
later articles of the corpus found for it, as of the corpus's last day (``as_of``): held,
postponed, cancelled, overdue (its date passed and nothing reports it), announced or confirmed
(still to come; announced again in a later article).
obzor's status is that of its calendar entry for the event (an entry with a report from the
announcing article whose days meet the event's), in a store holding the announcing articles and
the follow-up articles the reader named, as of that day ("missed" when there is none). The
baseline knows only the date: held once it has passed, announced before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from obzor.calendar.reports import span
from obzor.evaluation.calendar_gold import read_labels
from obzor.evaluation.event_docs import EvalDoc, load_doc
from obzor.evaluation.shipped import shipped_rows
from obzor.model import Article

STATUS = "calendar_status.tsv"  # the 24 events whose misses were read (a dev set)
HELD_OUT = "calendar_status_heldout.tsv"  # labelled after the rules were frozen, scored once
FRESH = "calendar_status_fresh.tsv"  # a second held-out set, labelled before obzor ran on it
AS_OF = "2023-12-04"  # the last day of the RIA 2023 corpus
# The last publication day of each BSNLP topic the held-out labels draw on: its "today".
BSNLP_AS_OF = {"brexit": "2018-09-23", "nord_stream": "2019-02-08", "asia_bibi": "2019-02-04"}


@dataclass(frozen=True, slots=True)
class StatusLabel:
    """An announcing sentence, the event's status after its follow-ups, the follow-up articles."""

    doc: str
    start: int
    end: int
    status: str
    follow: tuple[str, ...]


def read_status(name: str = STATUS) -> list[StatusLabel]:
    """The status labels shipped with obzor."""
    labels = []
    for n, fields in shipped_rows(name):
        try:
            key, where, status, follow = fields[:4]
            start, end = (int(x) for x in where.split("-"))
        except ValueError as error:
            raise ValueError(f"{name}:{n}: {error}") from error
        found = () if follow == "-" else tuple(follow.split(","))
        labels.append(StatusLabel(key, start, end, status, found))
    return labels


def as_of(key: str) -> str:
    """The day a label's status is read on: the last day of its document's corpus."""
    kind, _, name = key.partition(":")
    if kind == "ria":
        return AS_OF
    day = BSNLP_AS_OF.get(name.partition("/")[0]) if kind == "bsnlp" else None
    if day is None:
        raise ValueError(f"no corpus end day known for status label {key!r}")
    return day


def statuses(
    labels: list[StatusLabel], shared: Path, pipeline: Callable[[Article], Article]
) -> dict[str, dict[str, str]]:
    """{"obzor": {label key: status}, "date passed": {...}, "gold": {...}} for every label,
    "split": {label key: the split of its announcing document} (event_docs: dev or test) and
    "kind": {label key: "deadline" or "gathering"} (the labelled type of the event)."""
    from obzor.store import open_store

    keys = sorted({x.doc for x in labels} | {k for x in labels for k in x.follow})
    docs: dict[str, EvalDoc] = {k: load_doc(k, shared) for k in keys}
    events = {(x.doc, x.start): x.events[0] for x in read_labels() if x.events}
    ids: dict[int, str] = {}
    with open_store("sqlite:///:memory:") as store:
        for key in sorted(keys, key=lambda k: docs[k].article.published or ""):
            ids[store.add(pipeline(docs[key].article))] = key
        days = {as_of(x.doc) for x in labels}
        entries = {day: store.calendar(as_of=day, limit=100_000) for day in days}
    out: dict[str, dict[str, str]] = {
        "gold": {}, "obzor": {}, "date passed": {}, "split": {}, "kind": {}
    }  # fmt: skip
    for x in labels:
        name = f"{x.doc}:{x.start}"
        if (x.doc, x.start) not in events:
            raise ValueError(f"status label {name}: no announced event labelled in that sentence")
        kind, when = events[(x.doc, x.start)]
        first, last = span(*_range(when))
        out["kind"][name] = "deadline" if kind == "deadline" else "gathering"
        day = as_of(x.doc)
        out["gold"][name] = x.status
        out["split"][name] = docs[x.doc].split
        out["obzor"][name] = _entry_status(entries[day], ids, x.doc, first, last)
        out["date passed"][name] = "held" if last < day else "announced"
    return out


def _entry_status(
    entries: list[dict[str, Any]], ids: dict[int, str], doc: str, first: str, last: str
) -> str:
    """The status of obzor's entry for the event: one with a report from the announcing
    article whose days meet the event's (the nearest start first), else "missed"."""
    mine = [
        e for e in entries
        if any(ids[r["article_id"]] == doc for r in e["reports"])
        and e["first_day"] <= last and first <= e["last_day"]
    ]  # fmt: skip
    if not mine:
        return "missed"
    return str(
        min(mine, key=lambda e: (abs(_ordinal(e["first_day"]) - _ordinal(first)), e["id"]))[
            "status"
        ]
    )


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def _range(value: str) -> tuple[str, str | None]:
    start, _, end = value.partition("..")
    return start, end or None


def accuracy(
    answers: dict[str, dict[str, str]],
    system: str,
    found_only: bool = False,
    split: str | None = None,
    kind: str | None = None,
) -> tuple[int, int]:
    """(right, labelled) of one system's statuses; found_only: over the events obzor's
    calendar has an entry for (the date-only baseline is given every event's date, obzor must
    find the event first); split: over the events announced in documents of that split; kind:
    over the deadlines or the gatherings only."""
    gold = {
        k: v
        for k, v in answers["gold"].items()
        if (not found_only or answers["obzor"][k] != "missed")
        and (split is None or answers["split"][k] == split)
        and (kind is None or answers["kind"][k] == kind)
    }
    return sum(answers[system][k] == v for k, v in gold.items()), len(gold)
