"""Threat commands: `obzor threats` (articles per category), `obzor eval threats`, and the
filters that `obzor search` takes (--threat, --entity, --since)."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, LazyChoice, fail, open_db, out, print_json
from obzor.cli.evaluate import evaluate


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from obzor.store.threats import normalize_since

    try:
        return None if value is None else normalize_since(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _categories() -> tuple[str, ...]:
    from obzor.taxonomy.threats import CATEGORY_IDS  # loads morphology: only when asked

    return CATEGORY_IDS


THREAT_OPTION = click.option(
    "--threat", type=LazyChoice(_categories), help="Only articles with this threat category."
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
@click.option(
    "--shared",
    type=click.Path(file_okay=False),
    default=None,
    help="The shared data folder with the labelled corpora [default: ../shared].",
)
@click.option(
    "--split", type=click.Choice(["test", "dev", "train"]), default="test", show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def eval_threats(shared: str | None, split: str, as_json: bool) -> None:
    """Threat categories on real labelled news: P/R/F1, false tags, calibration, agreement.

    Labels: obzor/evaluation/threat_labels.tsv (docs/threat-labels.md); texts are read from
    ../shared. obzor is shown beside rules alone and the classifier alone, on the test split
    (never used to fit or tune anything) unless --split says otherwise.

    Example: obzor eval threats
    """
    from pathlib import Path

    from obzor.evaluation.threats import evaluate_news

    folder = Path(shared) if shared else Path.cwd().parent / "shared"
    try:
        report = evaluate_news(folder, split)
    except (OSError, ValueError) as exc:
        fail(str(exc))
    if as_json:
        print_json(report)
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    languages = ", ".join(f"{k} {v}" for k, v in report["languages"].items())
    click.echo(
        f"real-news {report['split']} split: {report['items']} items ({languages}); "
        "labels: docs/threat-labels.md"
    )
    systems = report["systems"]
    names = list(systems)
    head = "".join(f"{n:>21}" for n in names)
    click.echo(f"{'category':<21}{'gold':>5}{head}")
    click.echo(f"{'':<26}" + "".join(f"{'P':>7}{'R':>7}{'F1':>7}" for _ in names))
    for category in _categories():
        gold = systems[names[0]]["categories"][category]["gold"]
        cells = "".join(
            f"{r['p']:>7.2f}{r['r']:>7.2f}{r['f1']:>7.2f}"
            for r in (systems[n]["categories"][category] for n in names)
        )
        click.echo(f"{category:<21}{gold:>5}{cells}")
    for average in ("micro", "macro"):
        cells = "".join(
            f"{systems[n][average]['p']:>7.2f}{systems[n][average]['r']:>7.2f}"
            f"{systems[n][average]['f1']:>7.2f}"
            for n in names
        )
        click.echo(f"{average:<26}{cells}")
    click.echo("macro: mean over the categories with gold items in the split")
    for language, row in report["by_language"].items():
        click.echo(
            f"obzor, {language}: {row['items']} items, {row['gold']} gold labels, "
            f"P {row['p']:.2f} R {row['r']:.2f} F1 {row['f1']:.2f}"
        )
    tags = report["false_tags"]
    click.echo(
        "general news (RIA culture and economy, the categories data's sports, entertainment,"
        " science and technology rows): any category at >= 0.5 on"
    )
    for key, what in (
        ("all", "every such article in the corpora, labelled or not"),
        ("no_security", "the same but those labelled with a category (unread ones kept)"),
        ("labelled_none", "those labelled none (all splits)"),
        ("labelled_none_test", "those labelled none in the test split"),
        ("untuned", "no security content and no train or dev row (nothing was tuned on them)"),
    ):
        row = tags[key]
        click.echo(f"  {what}: {row['tagged']} of {row['items']} ({_pct(row['rate'])})")
    row, before = tags["split_none"], tags["split_none_previous"]
    click.echo(
        f"every {report['split']} item labelled none (all sources), any category at >= 0.5: "
        f"{row['tagged']} of {row['items']} ({_pct(row['rate'])}); the previous method "
        f"{before['tagged']} ({_pct(before['rate'])})"
    )
    click.echo("reliability (every item x category of the split):")
    click.echo(f"{'score':<13}{'pairs':>7}{'mean score':>12}{'correct':>9}")
    for row in report["reliability"]:
        low, high = row["bin"]
        if row["pairs"]:
            click.echo(
                f"{low:.2f}-{high:.2f}{'':<4}{row['pairs']:>7}"
                f"{row['mean_score']:>12.3f}{row['correct']:>9.3f}"
            )
    _print_agreement(
        "agreement (threat_labels_pass2.tsv against the first labelling)", report["agreement"]
    )
    _print_agreement(
        "test split re-labelled blind (shipped) against its first labels"
        " (threat_labels_test_first.tsv)",
        report["relabel"],
    )
    _print_agreement(
        "dev split re-labelled blind (shipped) against its first labels"
        " (threat_labels_dev_first.tsv)",
        report["relabel_dev"],
    )
    _print_agreement(
        "train split, a random sample re-labelled blind (shipped) against its first labels"
        " (threat_labels_train_first.tsv)",
        report["relabel_train_sample"],
    )
    _print_agreement(
        "train split, the sample and every other omelas and BSNLP brexit item",
        report["relabel_train"],
    )
    _print_agreement(
        "train split, sixth round: a random 80 of the items with their first labels only"
        " (threat_labels_train_sixth.tsv)",
        report["relabel_train_sixth"],
    )
    _print_agreement(
        "train split, tenth round: the other 568 items with their first labels only (shipped)"
        " re-labelled blind (threat_labels_train_tenth_blind.tsv)",
        report["relabel_train_tenth"],
    )
    _print_agreement(
        "train split, tenth round: the same items' first labels against the corrected ones"
        " (disagreements settled, not fitted on: threat_labels_train_tenth.tsv)",
        report["settled_train_tenth"],
    )
    _print_agreement(
        "KazNERD dev, seventh round: a random 40 of the 160 new passages labelled again"
        " (threat_labels_kk_second.tsv)",
        report["second_kazakh"],
    )
    _print_agreement(
        "dev, eighth round: a random 40 of the 180 KazNERD and RIA items not fitted on yet"
        " (threat_labels_eighth.tsv) labelled again (threat_labels_eighth_second.tsv)",
        report["second_eighth"],
    )
    _print_agreement(
        "dev, eleventh round: a random 40 of the 227 RIA and KazNERD items not fitted on"
        " (threat_labels_eleventh.tsv) labelled again (threat_labels_eleventh_second.tsv)",
        report["second_eleventh"],
    )


def _print_agreement(title: str, table: dict[str, Any]) -> None:
    if not table["items"]:
        return
    click.echo(f"{title}: {table['items']} items, same annotator")
    click.echo(f"{'category':<21}{'first':>6}{'second':>7}{'agree':>7}{'kappa':>7}")
    for row in table["categories"]:
        click.echo(
            f"{row['category']:<21}{row['first']:>6}{row['second']:>7}"
            f"{row['observed']:>7.3f}{row['kappa']:>7.3f}"
        )


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"
