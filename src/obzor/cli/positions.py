"""`obzor positions ACTOR`: an actor's statements by subject, with stances and changes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from obzor.cli.common import DB_OPTION, JSON_OPTION, err, open_db, out, print_json
from obzor.cli.evaluate import evaluate

# A statement is shown up to this many characters in the terminal (--json has it whole).
SHOWN_CHARS = 240


@click.command()
@click.argument("actor")
@click.option("--subject", help="Only subjects whose key or name contains this (terror, Q801).")
@DB_OPTION
@JSON_OPTION
def positions(actor: str, subject: str | None, db: str | None, as_json: bool) -> None:
    """An actor's statements grouped by subject, each with its stance (supports, opposes,
    concerned, neutral), and where the stance on a subject changed (both statements cited).

    ACTOR is a KB id (per:tokayev), a KB name or alias in any form, or a speaker's name as
    written for one not in the KB.

    Example: obzor positions Токаев --subject terror
    """
    from obzor.positions.timeline import positions as timeline

    try:
        with open_db(db) as store:
            found = store.statements(actor)
    except ValueError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(2)
    if found is None:
        err.print(f"[red]error:[/] no stored statements of {escape(actor)!r}")
        sys.exit(1)
    result = timeline(found, subject)
    if as_json:
        print_json(result)
        return
    out.print(f"[bold]{escape(result['name'])}[/] [dim]{escape(result['id'] or 'not in KB')}[/]")
    if not result["subjects"]:
        out.print("no statements on that subject" if subject else "no statements")
    for group in result["subjects"]:
        s = group["subject"]
        out.print(f"\n[bold]{escape(s['label'])}[/] [dim]({s['kind']} {escape(s['key'])})[/]")
        for item in group["statements"]:
            out.print(f"  {_line(item)}")
        for change in group["changes"]:
            out.print(
                f"  [yellow]change {change['from']} -> {change['to']}:[/]"
                f" #{change['before']['article_id']} ({escape(_day(change['before']))})"
                f" -> #{change['after']['article_id']} ({escape(_day(change['after']))})"
            )


def _day(item: dict[str, Any]) -> str:
    return (item["published"] or "undated")[:10]


def _line(item: dict[str, Any]) -> str:
    text = item["text"]
    text = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
    return (
        f"{escape(_day(item))} [cyan]{item['stance']:<9}[/] «{escape(text)}»"
        f" [dim]#{item['article_id']}[/]"
    )


@evaluate.command("positions")
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("../shared/corpora/ria2023"),
    show_default=True,
    help="The RIA 2023 corpus the labelled statements are in.",
)
@click.option(
    "--english",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("../shared/eval/clustering/en_train_pool.tsv"),
    show_default=True,
    help="The English news the labelled English statements are in.",
)
@click.option(
    "--write-model",
    is_flag=True,
    help="Also write the fitted model as the shipped one.",
)
def eval_positions(corpus: Path, english: Path, write_model: bool) -> None:
    """Stance per statement and changes of position on labelled RIA news (docs/positions-labels.md).

    The model is fitted on the train split, its C chosen on dev, then refitted on train and
    dev; test is only scored, beside the cue lexicon alone and the majority class.

    Example: obzor eval positions
    """
    from obzor.evaluation import positions as ev

    try:
        texts = ev.ria_texts(corpus)
        items = ev.load_labels(ev.LABELS, texts)
        second = ev.load_labels(ev.SECOND, texts)
        pairs = ev.load_changes(ev.CHANGES)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(2)
    train = [x for x in items if x.split == "train"]
    dev = [x for x in items if x.split == "dev"]
    setting = ev.choose(train, dev)
    model = ev.fit_on(train + dev, *setting)
    if write_model:
        ev.write_model(model)
    sizes = {s: sum(x.split == s for x in items) for s in ("train", "dev", "test")}
    click.echo(
        f"labelled statements: {len(items)} (train {sizes['train']}, dev {sizes['dev']},"
        f" test {sizes['test']}); chosen on dev: C {setting[0]}, cue weight {setting[1]},"
        f" concern cues decide: {setting[2]};"
        " dev is scored by the model fitted on train, test by the one fitted on train and"
        " dev (the shipped one)"
    )
    from obzor.positions.stance import STANCES

    header = "  ".join(f"{s:>9}" for s in STANCES)
    click.echo(f"{'split':<5} {'system':<15} {'n':>4} {'accuracy':>8} {'macroF1':>7}  {header}")
    scored = {"dev": ev.fit_on(train, *setting), "test": model}
    for s in ev.evaluate_stance(items, scored):
        click.echo(_row(s))
    click.echo("(per class: the share of that gold stance answered right / its count)")
    texts_by = {x.key: x.text for x in items}
    known = [p for p in pairs if p[0] in texts_by and p[1] in texts_by]
    held = ev.held_out_guesses(items, setting)
    others = ev.systems(items, model)
    guessers = {
        "obzor model": held.__getitem__,
        "lexicon rule": lambda k: others["lexicon rule"](texts_by[k]),
        "majority class": lambda k: others["majority class"](texts_by[k]),
    }
    click.echo(
        f"\nchanges of position: {len(known)} labelled pairs (the model's stances held out:"
        f" {ev.FOLDS}-fold by date)"
    )
    for c in ev.evaluate_changes(known, guessers):
        click.echo(
            f"  {c.system:<15} changed {c.changed:>3} found {c.found:>3}"
            f" correct {c.counts.tp:>3}  P {c.counts.precision:.3f}  R {c.counts.recall:.3f}"
        )
    first = {x.key: x.stance for x in items}
    twice = [(first[x.key], x.stance) for x in second if x.key in first]
    click.echo(
        f"\nsecond blind pass (same annotator): {len(twice)} statements, stance Cohen's kappa"
        f" {ev.kappa([a for a, _ in twice], [b for _, b in twice]):.3f}"
    )
    _english(ev, english, items, model)


def _row(s: Any) -> str:
    """One system's line: split, system, n, accuracy, macro F1, per class right/count."""
    from obzor.positions.stance import STANCES

    cells = "  ".join(f"{s.per_class[k][1]:>5.3f}/{s.per_class[k][0]:<3}" for k in STANCES)
    return f"{s.split:<5} {s.system:<15} {s.n:>4} {s.accuracy:>8.3f} {s.macro_f1:>7.3f}  {cells}"


def _english(ev: Any, pool: Path, items: list[Any], model: Any) -> None:
    """The shipped model, the lexicon and the majority class on the English statements."""
    try:
        texts = ev.english_texts(pool)
        english = ev.load_labels(ev.ENGLISH, texts, key="url", split="en")
        again = ev.load_labels(ev.ENGLISH_SECOND, texts, key="url", split="en")
    except (OSError, ValueError) as exc:
        click.echo(f"\nEnglish statements: not scored ({escape(str(exc))})")
        return
    try:
        headlines = pool.parents[2] / "corpora" / "omelas_kz2022" / "headlines.csv"
        dev = ev.load_labels(ev.ENGLISH_DEV, ev.omelas_texts(headlines), key="omelas")
    except (OSError, ValueError) as exc:
        click.echo(f"\nEnglish dev statements: not scored ({escape(str(exc))})")
        dev = []
    parts = [
        (dev, "en-d", f"{len(dev)} omelas headlines (the English cues were added on their errors:"
         " not held out)"),
        (english, "en", f"{len(english)} of real English news ({pool.name}); no model setting"
         " and no cue was chosen on them"),
    ]  # fmt: skip
    for statements, split, what in parts:
        if not statements:
            continue
        click.echo(f"\nEnglish {'dev ' if split == 'en-d' else ''}statements: {what}")
        gold = [x.stance for x in statements]
        for name, guess in ev.systems(items, model).items():
            click.echo(_row(ev.score(name, split, gold, [guess(x.text) for x in statements])))
    first = {x.key: x.stance for x in english}
    twice = [(first[x.key], x.stance) for x in again if x.key in first]
    click.echo(
        f"English second blind pass (same annotator): {len(twice)} statements, stance Cohen's"
        f" kappa {ev.kappa([a for a, _ in twice], [b for _, b in twice]):.3f}"
    )
