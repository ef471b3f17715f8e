"""The calendar scored on real labelled news: the label files, the scorer, the agreement, the
CLI beside the baseline, and the floors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.evaluation.calendar_gold import (
    SECOND_PASS,
    Label,
    kappa,
    pair,
    parse_events,
    read_labels,
    score,
)
from obzor.evaluation.event_docs import EvalDoc
from obzor.evaluation.floors import complaint
from obzor.model import Article


def test_labels_parse_types_and_dates() -> None:
    assert parse_events("meeting@2023-10-19;deadline@2024") == (
        ("meeting", "2023-10-19"),
        ("deadline", "2024"),
    )
    assert parse_events("-") == ()
    with pytest.raises(ValueError, match="type@date"):
        parse_events("meeting")


def test_the_packaged_labels_hold_150_announced_events_in_both_splits() -> None:
    labels = read_labels()
    assert sum(len(x.events) for x in labels) >= 150
    assert {x.doc.split(":")[0] for x in labels} == {"ria", "bsnlp", "seed"}
    assert len({(x.doc, x.start) for x in labels}) == len(labels)  # each sentence once
    kinds = {kind for x in labels for kind, _ in x.events}
    assert {"meeting", "conference", "deadline", "election", "chairmanship"} <= kinds


def test_dates_pair_when_equal_then_when_their_days_overlap() -> None:
    assert pair(["2023-10-19..2023-10-20"], ["2023-10-19"]) == (1, 0)
    assert pair(["2023-10-19", "2024"], ["2024-01-01", "2023-10-19"]) == (2, 1)
    assert pair(["2023-10-19"], ["2023-11-19"]) == (0, 0)
    assert pair(["2023-10-19", "2023-10-19"], ["2023-10-19"]) == (1, 1)  # distinct dates


def test_score_counts_per_article() -> None:
    doc = EvalDoc("ria:1", "test", Article("ria:1", "x"))
    labels = [
        Label("ria:1", 0, 1, (("conference", "2023-10-19..2023-10-20"),)),
        Label("ria:1", 1, 2, (("conference", "2023-10-19..2023-10-20"),)),  # the same event
        Label("ria:1", 2, 3, (("deadline", "2024-01-01"),)),
        Label("ria:1", 3, 4, ()),
    ]
    found = {(0, 1): ["2023-10-19"], (3, 4): ["2023-12"], (9, 10): ["2030"]}  # (9, 10): unlabelled
    scores = score(labels, {"ria:1": doc}, lambda article: found)["test"]
    assert (scores.counts.tp, scores.counts.fp, scores.counts.fn) == (1, 1, 1)
    assert (scores.paired, scores.date_right) == (1, 0)


def test_kappa_of_the_second_pass() -> None:
    first = [Label("a", 0, 1, (("meeting", "2023-10-19"),)), Label("a", 1, 2, ())]
    assert kappa(first, first)[:2] == (2, 1.0)
    other = [Label("a", 0, 1, ()), Label("a", 1, 2, (("meeting", "2023-10-19"),))]
    assert kappa(first, other)[1] < 0
    assert kappa(read_labels(), read_labels(SECOND_PASS))[0] >= 50


@pytest.mark.shared
def test_eval_calendar_prints_obzor_beside_the_upcoming_list_on_the_held_out_split(
    shared_dir: Path,
) -> None:
    result = CliRunner().invoke(main, ["eval", "calendar", "--shared", str(shared_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("calendar, split test:")
    rows = {line.split()[0]: line.split() for line in lines[2:4]}
    assert set(rows) == {"obzor", "upcoming"}
    p, r, f1 = (float(x) for x in rows["obzor"][2:5])
    assert f1 > float(rows["upcoming"][4])  # the status rules and deadline sentences pay off
    accuracy = float(rows["obzor"][-1])
    # Floors (floors.toml): about two events of the ~77 held-out ones as noise.
    assert (c := complaint("calendar", "held_out_p", p)) is None, c
    assert (c := complaint("calendar", "held_out_r", r)) is None, c
    assert (c := complaint("calendar", "held_out_date_accuracy", accuracy)) is None, c
    (status,) = [line for line in lines if "follow-ups, dev (" in line and ") obzor " in line]
    accuracy = float(status.split(" = ")[1].split()[0])
    assert (c := complaint("calendar", "status_accuracy", accuracy)) is None, c
    (held,) = [line for line in lines if "follow-ups, held out (" in line and ") obzor " in line]
    accuracy = float(held.split(" = ")[1].split()[0])
    assert (c := complaint("calendar", "status_held_out", accuracy)) is None, c
    (fresh,) = [line for line in lines if "follow-ups, fresh (" in line and ") obzor " in line]
    accuracy = float(fresh.split(" = ")[1].split()[0])
    assert (c := complaint("calendar", "status_fresh", accuracy)) is None, c
    assert any("date passed" in line for line in lines)
    assert "Cohen's kappa" in result.output


def test_status_labels_name_their_follow_ups() -> None:
    from obzor.evaluation.calendar_status import HELD_OUT, as_of, read_status

    labels = read_status()
    assert len(labels) >= 20
    assert {x.status for x in labels} >= {"held", "overdue", "announced", "confirmed"}
    assert all(x.follow for x in labels if x.status in ("held", "confirmed"))
    held_out = read_status(HELD_OUT)
    assert len(held_out) >= 30
    assert all(x.follow for x in held_out if x.status in ("held", "confirmed"))
    # Each label is read as of its own corpus's last day; an unknown corpus is an error.
    assert {as_of(x.doc) for x in held_out} >= {"2023-12-04", "2018-09-23"}
    with pytest.raises(ValueError, match="corpus end day"):
        as_of("bsnlp:covid-19/x")
    # No held-out event is one of the 24 read while the rules were written.
    assert not {x.doc for x in held_out} & {x.doc for x in labels}


def test_the_fresh_held_out_set_is_apart_from_the_other_two() -> None:
    from obzor.evaluation.calendar_gold import read_labels
    from obzor.evaluation.calendar_status import FRESH, HELD_OUT, as_of, read_status

    fresh = read_status(FRESH)
    assert len(fresh) >= 30
    assert all(x.follow for x in fresh if x.status in ("held", "confirmed"))
    earlier = {x.doc for x in read_status()} | {x.doc for x in read_status(HELD_OUT)}
    assert not {x.doc for x in fresh} & earlier
    # Every fresh event's date comes from its labelled sentence; every corpus has a last day.
    announced = {(x.doc, x.start) for x in read_labels() if x.events}
    assert all((x.doc, x.start) in announced for x in fresh)
    assert {as_of(x.doc) for x in fresh} >= {"2023-12-04", "2018-09-23"}
