"""Story commands: stories, story, brief."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, err, fail, open_db, out, print_json


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD option, checked."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2025-09-16") from None


@click.command()
@click.option("--since", callback=_day, help="Only stories seen on or after this day (YYYY-MM-DD).")
@click.option("--until", callback=_day, help="Only stories seen on or before this day.")
@click.option("--threat", help="Only stories with this threat category.")
@click.option(
    "--limit", default=30, show_default=True, type=click.IntRange(1), help="Most stories."
)
@click.option(
    "--min-size",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="Only stories with at least this many reports (duplicates not counted).",
)
@click.option(
    "--sort",
    type=click.Choice(["time", "importance"]),
    default="time",
    show_default=True,
    help="Newest first, or most important first (size, growth, sources, threat: the brief's).",
)
@DB_OPTION
@JSON_OPTION
def stories(
    since: str | None,
    until: str | None,
    threat: str | None,
    limit: int,
    min_size: int,
    sort: str,
    db: str | None,
    as_json: bool,
) -> None:
    """List stories (reports of one event grouped), newest first.

    Duplicates and reprints are linked to the first copy and counted once.

    Example: obzor stories --min-size 2 --sort importance --since 2025-01-01 --json
    """
    with open_db(db) as store:
        store.group_pending()
        found = store.stories(
            since=since, until=until, threat=threat, limit=limit, min_size=min_size, sort=sort
        )
    if as_json:
        keys = ("id", "title", "articles", "first_seen", "last_seen", "sources", "entities")
        print_json(
            [
                {
                    **{k: s[k] for k in keys},
                    "entities": [e["name"] for e in s["entities"]],
                    "threats": s["threats"],
                    "breaking": s["breaking"],
                    "growth": s["growth"],
                    "size": s["size"],
                    "importance": s["importance"],
                    "thread_id": s["thread_id"],
                }
                for s in found
            ]
        )
        return
    if not found:
        out.print("no stories")
        return
    table = Table("id", "first seen", "size", "sources", "title")
    for s in found:
        flag = "[red]▲[/] " if s["breaking"] else ""
        table.add_row(
            str(s["id"]),
            escape((s["first_seen"] or "undated")[:16]),
            str(s["size"]),
            escape(", ".join(s["sources"][:3])),
            flag + escape(s["title"] or "(untitled)"),
        )
    out.print(table)


@click.command()
@click.argument("story_id", type=int)
@DB_OPTION
@JSON_OPTION
def story(story_id: int, db: str | None, as_json: bool) -> None:
    """Show one story: its articles, who published first, reprints and duplicates, figures its
    reports give differently, and its thread (the stories it continues or that continue it).

    Example: obzor story 23 --json
    """
    with open_db(db) as store:
        store.group_pending()
        found = store.story(story_id)
    if found is None:
        fail(f"no story with id {story_id}", 1)
    if as_json:
        for member in found["members"]:
            member.pop("analysis", None)
        print_json(found)
        return
    _print_story(found)


def _print_story(s: dict[str, Any]) -> None:
    out.print(
        f"[bold]{escape(s['title'] or '(untitled)')}[/]"
        + (" [red]breaking[/]" if s["breaking"] else "")
    )
    first = s["first_publication"]
    where = f"{first['outlet'] or '?'} {first['seen'] or 'undated'}"
    out.print(f"  first: #{first['id']} {escape(where)}")
    out.print(f"  size: {s['size']}  duplicates: {s['duplicates']}")
    out.print(f"  entities: {escape(', '.join(e['name'] for e in s['entities']))}")
    for figure in s["figures"]:
        told = "; ".join(f"{v['text']} (#{v['article_id']})" for v in figure["values"])
        out.print(f"  [yellow]figures disagree[/] ({escape(figure['what'])}): {escape(told)}")
    if len(s["thread"]) > 1:
        out.print(f"  thread ({len(s['thread'])} stories, oldest first):")
        for t in s["thread"]:
            mark = "*" if t["id"] == s["id"] else " "
            when = escape((t["first_seen"] or "undated")[:16])
            out.print(f"   {mark}#{t['id']} {when} ({t['size']}) {escape(t['title'] or '')}")
    for m in s["members"]:
        link = f" <- #{m['original_id']}" if m["original_id"] else ""
        out.print(
            f"  #{m['id']} [dim]{escape(m['role'])}{link}[/] {escape(m['seen'] or 'undated')} "
            f"{escape(m['outlet'] or '?')}: {escape(m['title'] or '(untitled)')}"
        )


@click.command()
@click.option("--date", "day", callback=_day, help="One day (YYYY-MM-DD): since = until = it.")
@click.option("--since", callback=_day, help="First day of the period (YYYY-MM-DD).")
@click.option("--until", callback=_day, help="Last day of the period (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Stories shown.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@DB_OPTION
def brief(
    day: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
    lang: str,
    top: int,
    out: str | None,
    db: str | None,
) -> None:
    """Write the review of a period from stories: top stories, summaries, quotes, sources.

    Stories are ranked by size, growth, source diversity and threat weight and grouped by
    threat category; every claim cites its article as [#id]. With --format md and --out, the
    trend chart is written beside the file as a PNG; HTML embeds it.

    Example: obzor brief --since 2025-09-01 --until 2025-09-30 --format html --out brief.html
    """
    from pathlib import Path

    from obzor.report import build_brief, render_html, render_markdown
    from obzor.report.chart import trend_png
    from obzor.report.render import labels, named_trend

    if day and (since or until):
        raise click.UsageError("give --date, or --since/--until, not both")
    if day:
        since = until = day
    if since and until and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}")
    with open_db(db) as store:
        store.group_pending()
        data = build_brief(store, since, until, top=top)
    png = chart = None  # a chart file goes beside Markdown only; HTML embeds its chart
    if fmt == "html":
        text = render_html(data, lang)
    else:
        png = (
            trend_png(named_trend(data["trend"], lang), labels(lang)["trend"], labels(lang)["rest"])
            if out
            else None
        )
        chart = Path(out).with_suffix(".png") if out and png else None
        text = render_markdown(data, lang, chart=chart.name if chart else None)
    if out:
        try:
            if chart and png:
                chart.write_bytes(png)
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {out}: {exc}")
        err.print(f"wrote {escape(out)}: {len(data['stories'])} stories")
    else:
        click.echo(text, nl=False)
