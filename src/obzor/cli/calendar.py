"""The forward calendar commands: `obzor calendar` (list, JSON, iCalendar, rebuild) and
`obzor eval calendar`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, LazyChoice, err, open_db, out, print_json
from obzor.cli.evaluate import evaluate

DATE_HELP = "(YYYY, YYYY-MM or YYYY-MM-DD)"


def _statuses() -> tuple[str, ...]:
    from obzor.calendar.entries import STATUSES  # loads the date reader: only when asked

    return STATUSES


@click.command("calendar")
@click.option("--since", help=f"Only events whose days reach this date or later {DATE_HELP}.")
@click.option("--until", help=f"Only events that begin by this date {DATE_HELP}.")
@click.option("--status", type=LazyChoice(_statuses), help="Only entries with this status.")
@click.option(
    "--as-of", "as_of", help=f"Decide 'overdue' on this day [default: today] {DATE_HELP}."
)
@click.option("--limit", default=200, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--ics",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the entries as an iCalendar file (RFC 5545) to this path ('-': stdout).",
)
@click.option("--rebuild", is_flag=True, help="Refile every stored event first (after upgrades).")
@DB_OPTION
@JSON_OPTION
def calendar(
    since: str | None,
    until: str | None,
    status: str | None,
    as_of: str | None,
    limit: int,
    ics: Path | None,
    rebuild: bool,
    db: str | None,
    as_json: bool,
) -> None:
    """List the forward calendar: announced events with their status and the reports behind it.

    A status is announced, confirmed (announced again later), held, postponed, cancelled, or
    overdue (its date has passed and no report says it was held).

    Example: obzor calendar --since 2024-01 --status announced --json
    """
    with open_db(db) as store:
        if rebuild:
            from obzor.calendar.reports import article_reports

            err.print(f"rebuilt: {store.rebuild_calendar(article_reports)} entries")
        try:
            rows = store.calendar(since, until, status, as_of=as_of, limit=limit)
        except ValueError as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            sys.exit(2)
    if ics is not None:
        from obzor.calendar.ical import ics as to_ics

        text = to_ics(rows)
        if str(ics) == "-":
            sys.stdout.write(text)
        else:
            ics.write_bytes(text.encode("utf-8"))  # CRLF kept as written
            err.print(f"wrote {len(rows)} entries to {escape(str(ics))}")
        return
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no calendar entries")
        return
    table = Table("date", "status", "type", "name", "place", "reports")
    for row in rows:
        when = row["date"] + (f"..{row['date_end']}" if row["date_end"] else "")
        cited = ", ".join(dict.fromkeys(f"#{r['article_id']}" for r in row["reports"]))
        table.add_row(
            when, row["status"], row["type"], escape(row["name"]), escape(row["place"] or ""),
            cited,
        )  # fmt: skip
    out.print(table)


@evaluate.command("calendar")
@click.option(
    "--shared",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("../shared"),
    show_default=True,
    help="The shared data folder (corpora/ria2023, eval/bsnlp_ru, seeds).",
)
@click.option(
    "--split", type=click.Choice(["test", "dev", "all"]), default="test", show_default=True
)
def eval_calendar(shared: Path, split: str) -> None:
    """Announced events on real labelled news: P/R and date accuracy, obzor vs the old list.

    The labels (src/obzor/evaluation/calendar_labels.tsv, guide: docs/calendar-labels.md)
    hold document keys, sentence offsets and the events each sentence announces; the texts come
    from --shared. "test" is held out (RIA Nov-Dec 2023, BSNLP ryanair/brexit/covid-19/
    us_election_2020); "dev" is where the rules were tuned. The baseline is the brief's old
    upcoming list: any event dated after the publication day. Then the status of RIA events
    after their follow-up reports beside the date alone: 24 whose misses were read while the
    rules were written (calendar_status.tsv, dev), 35 held out (calendar_status_heldout.tsv,
    RIA and BSNLP), also by the split of the announcing document, and a fresh held-out set of
    37 (calendar_status_fresh.tsv, labelled before obzor ran on it; mostly deadlines).

    Example: obzor eval calendar --split test
    """
    from obzor.analysis import shared_pipeline
    from obzor.evaluation import calendar_gold as gold

    try:
        labels = gold.read_labels()
        pipeline = shared_pipeline()
        docs = gold.load_docs(labels, shared, pipeline)
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    rows = {
        "obzor": gold.score(labels, docs, gold.obzor_predict),
        "upcoming": gold.score(labels, docs, gold.baseline_predict),
    }
    chosen = [x for x in labels if split == "all" or docs[x.doc].split == split]
    events = sum(len(x.events) for x in chosen)
    click.echo(f"calendar, split {split}: {len(chosen)} labelled sentences, {events} announced")
    click.echo("\n".join(gold.table(rows, split)))
    from obzor.evaluation import calendar_status as status

    sets = ((status.STATUS, "dev"), (status.HELD_OUT, "held out"), (status.FRESH, "fresh"))
    for name, which in sets:
        try:
            answers = status.statuses(status.read_status(name), shared, pipeline)
        except (OSError, ValueError) as error:
            raise click.ClickException(str(error)) from error
        parts: list[tuple[str, str | None, str | None]] = [(which, None, None)]
        if name == status.HELD_OUT:  # events of documents where detection was tuned, and not
            parts += [(f"{which}, documents of the {s} split", s, None) for s in ("dev", "test")]
        if name == status.FRESH:  # mostly deadlines: the gatherings apart
            parts += [(f"{which}, {k}s", None, k) for k in ("gathering", "deadline")]
        for part, among, kind in parts:
            for system in ("obzor", "date passed"):
                right, n = status.accuracy(answers, system, split=among, kind=kind)
                found, m = status.accuracy(answers, system, found_only=True, split=among, kind=kind)
                click.echo(
                    f"status after follow-ups, {part} ({n} events, as of each corpus's last"
                    f" day) {system:<11} {right}/{n} = {right / max(n, 1):.3f}"
                    f" (of the {m} obzor found: {found}/{m})"
                )
    sentences, kappa, dates = gold.kappa(labels, gold.read_labels(gold.SECOND_PASS))
    click.echo(
        f"agreement (blind second pass, {sentences} sentences): Cohen's kappa {kappa:.3f} on"
        f" 'announces an event'; same date on {dates:.3f} of shared events (same annotator)"
    )
