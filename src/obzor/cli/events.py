"""Event and quote commands: `obzor events`, `obzor quotes`, and `obzor eval events`."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, LazyChoice, open_db, out, print_json
from obzor.cli.evaluate import evaluate


def _event_types() -> list[str]:
    """The ids of nlp/events.yaml (read when the option is used; patterns compile later)."""
    from obzor.nlp.event_types import event_type_ids

    return event_type_ids()


@click.command()
@click.option("--type", "type_", type=LazyChoice(_event_types), help="Only events of this type.")
@click.option("--since", help="Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
@JSON_OPTION
def events(type_: str | None, since: str | None, limit: int, db: str | None, as_json: bool) -> None:
    """List stored events (newest first): type, date, name, place, article.

    Example: obzor events --type exercise --json
    """
    with open_db(db) as store:
        rows = store.events(type_, since=since, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no events")
        return
    table = Table("type", "date", "name", "place", "article")
    for row in rows:
        date = row["date"] or "-"
        if row.get("date_end"):
            date = f"{date}..{row['date_end']}"
        table.add_row(
            row["type"], date, escape(row["name"] or ""), escape(row["place"] or ""),
            f"#{row['article_id']}",
        )  # fmt: skip
    out.print(table)


@click.command()
@click.option("--speaker", help="Part of the speaker's name (any case), or a KB id.")
@click.option("--since", help="Only articles published on or after (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
@JSON_OPTION
def quotes(
    speaker: str | None, since: str | None, limit: int, db: str | None, as_json: bool
) -> None:
    """List stored quotes with their speakers (newest articles first).

    Example: obzor quotes --speaker Токаев --json
    """
    with open_db(db) as store:
        rows = store.quotes(speaker, limit=limit, since=since)
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("no quotes")
        return
    for row in rows:
        kind = "direct" if row["direct"] else "indirect"
        text = row["text"] if len(row["text"]) <= 300 else row["text"][:300] + "…"
        out.print(
            f"[bold]{escape(row['speaker'] or '?')}[/] [dim]({kind}, #{row['article_id']}"
            f" {escape(row['published'] or '')})[/]\n  «{escape(text)}»"
        )


@evaluate.command("events")
@click.option(
    "--corpus",
    type=click.Path(exists=True),
    default=None,
    help="Instead of scoring, count events and quotes found in these files.",
)
@click.option(
    "--shared",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("../shared"),
    show_default=True,
    help="The shared data folder holding the labelled texts (corpora, eval, seeds).",
)
@click.option(
    "--split",
    type=click.Choice(["test", "dev", "all"]),
    default="test",
    show_default=True,
    help="Which labelled split to print (test is held out).",
)
def eval_events(corpus: str | None, shared: Path, split: str) -> None:
    """Events on real labelled news: per-type P/R and date accuracy, obzor vs trigger keywords.

    The labels (src/obzor/evaluation/event_labels.tsv, guide: docs/event-labels.md) hold
    document keys, offsets and types with dates; the texts come from --shared. "test" is held
    out (RIA Nov-Dec 2023, BSNLP ryanair/brexit/covid-19/us_election, KazNERD, omelas);
    "dev" is where rules were tuned. With --corpus: counts of events and quotes instead.

    Example: obzor eval events --split test
    """
    if corpus is not None:
        from obzor.evaluation.events import count_corpus, report

        for line in report(count_corpus([Path(corpus)])):
            click.echo(line)
        return
    from obzor.analysis import shared_pipeline
    from obzor.evaluation import event_gold as gold

    try:
        labels = gold.read_labels()
        docs = gold.load_docs(labels, shared, shared_pipeline())
    except (OSError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    rows = {
        "obzor": gold.score(labels, docs, gold.obzor_predictor()),
        "keywords": gold.score(labels, docs, gold.baseline_predict),
    }
    n = sum(1 for x in labels if docs[x.doc].split == split or split == "all")
    mentions = sum(len(x.events) for x in labels if docs[x.doc].split == split or split == "all")
    click.echo(f"split {split}: {n} labelled sentences, {mentions} event mentions")
    click.echo("\n".join(gold.table(rows, split)))
    from obzor.evaluation import event_roles

    roles = event_roles.score_roles(event_roles.read_roles(), docs)
    click.echo("\n".join(event_roles.table(roles, split)))
    twice, same, c = event_roles.agreement(
        event_roles.read_roles(), event_roles.read_roles(event_roles.SECOND_PASS)
    )
    click.echo(
        f"role agreement (second pass, {twice} dev rows): {same} the same,"
        f" participants P {c.precision:.3f} R {c.recall:.3f} of the second against the first"
    )
    from obzor.evaluation.statistic_gold import read_figures, score_figures

    figures = score_figures(read_figures(), docs)
    for (part, system), c in sorted(figures.items()):
        if part == split:
            click.echo(
                f"statistic figures {system:<8} {c.tp + c.fn:>4} {c.precision:>6.3f}"
                f" {c.recall:>6.3f} {c.f1:>6.3f}  (value and unit of each figure,"
                " statistic_labels.tsv)"
            )
    from obzor.evaluation.quote_gold import kazakh_quotes

    for (part, system), c in sorted(kazakh_quotes(shared).items()):
        if part == split or split == "all":
            click.echo(
                f"kk quotes {part:<4} {system:<9} {c.tp + c.fn:>4} {c.precision:>6.3f}"
                f" {c.recall:>6.3f} {c.f1:>6.3f}  (KazNERD speech attributions found)"
            )
    sentences, kappa, dates = gold.kappa(labels, gold.read_labels(gold.SECOND_PASS))
    click.echo(
        f"agreement (blind second pass, {sentences} sentences): Cohen's kappa {kappa:.3f}"
        f" over sentence x type decisions; same date on {dates:.3f} of shared mentions"
    )
    mentions, equal, date_kappa = gold.date_kappa(labels, gold.read_labels(gold.DATE_PASS))
    click.echo(
        f"date agreement of the labels with the blind date pass ({mentions} test mentions with a"
        f" date expression; docs/event-labels.md, round 5): {equal} equal, Cohen's kappa"
        f" {date_kappa:.3f}"
    )
