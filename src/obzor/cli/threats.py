"""Threat commands: `obzor threats` (articles per category), `obzor eval threats`, and the
filters that `obzor search` takes (--threat, --entity, --since)."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, open_db, out, print_json
from obzor.cli.evaluate import evaluate
from obzor.taxonomy.threats import CATEGORY_IDS


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from obzor.store.threats import normalize_since

    try:
        return None if value is None else normalize_since(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


THREAT_OPTION = click.option(
    "--threat", type=click.Choice(CATEGORY_IDS), help="Only articles with this threat category."
)
ENTITY_OPTION = click.option(
    "--entity", help="Only articles mentioning this entity (KB id, name or surname)."
)
SINCE_OPTION = click.option(
    "--since", callback=_since, help="Only articles published on or after YYYY[-MM[-DD]]."
)


@click.command()
@DB_OPTION
@JSON_OPTION
def threats(db: str | None, as_json: bool) -> None:
    """Count stored articles per threat category (score at least 0.5).

    Example: obzor threats --db sqlite:///obzor.db
    """
    with open_db(db) as store:
        counts = store.threat_counts()
    if as_json:
        print_json(counts)
        return
    table = Table("threat", "articles")
    for category, n in counts.items():
        table.add_row(escape(category), str(n))
    out.print(table if counts else "no threats stored")


@evaluate.command("threats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def eval_threats(as_json: bool) -> None:
    """Threat categories: per-category precision, recall and F1 on the held-out test split.

    Sentences in obzor/taxonomy/threats_test.tsv (never used for training or tuning);
    rules alone and the classifier alone are shown beside the combination obzor uses.

    Example: obzor eval threats
    """
    from obzor.evaluation.threats import evaluate_split

    report = evaluate_split()
    if as_json:
        print_json(report)
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    click.echo(
        f"test split: {report['sentences']} sentences (ru {report['ru']}, en {report['en']})"
    )
    click.echo(f"{'category':<22}{'gold':>5}{'P':>7}{'R':>7}{'F1':>7}")
    for row in report["categories"]:
        click.echo(
            f"{row['category']:<22}{row['gold']:>5}"
            f"{row['precision']:>7.2f}{row['recall']:>7.2f}{row['f1']:>7.2f}"
        )
    click.echo(f"{'system':<22}{'micro P':>9}{'micro R':>9}{'micro F1':>9}{'macro F1':>9}")
    for name, s in report["systems"].items():
        click.echo(
            f"{name:<22}{s['precision']:>9.2f}{s['recall']:>9.2f}{s['f1']:>9.2f}{s['macro_f1']:>9.2f}"
        )
