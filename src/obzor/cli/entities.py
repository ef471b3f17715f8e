"""Entity commands: the list of entities, and one entity's profile."""

from __future__ import annotations

from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from obzor.cli.common import DB_OPTION, JSON_OPTION, fail, open_db, out, print_json
from obzor.model import ENTITY_TYPES


@click.command()
@click.option("--type", "type_", type=click.Choice(ENTITY_TYPES), help="Only this type.")
@click.option("--limit", default=30, show_default=True, help="Most entities to list.")
@click.option("--name", "name", default="", help="Names holding this (any KB name or alias).")
@click.option("--country", default="", help="A KB state id (Q232): its people, bodies, places.")
@click.option("--kb", "kb_id", default="", help="A KB id (per:tokayev).")
@DB_OPTION
@JSON_OPTION
def entities(type_: str | None, limit: int, name: str, country: str, kb_id: str,
             db: str | None, as_json: bool) -> None:  # fmt: skip
    """List entities, one row per real-world entity, with mention and article counts.

    Mentions linked to the knowledge base share its id; unknown names are grouped with
    their variants ("Иванов" with "Иван Иванов").

    Example: obzor entities --type PER --limit 10
    Example: obzor entities --country Q232 --type PER --name тока
    """
    with open_db(db) as store:
        if name or country or kb_id:
            from obzor.kb.find import entity_query

            names, ids = entity_query(name, country, kb_id)
            rows = store.find_entities(names, type=type_, kb_ids=ids, limit=limit)
        else:
            rows = store.entities(type_, limit=limit)
    if as_json:
        print_json(rows)
        return
    table = Table("name", "type", "id", "articles", "mentions")
    for row in rows:
        table.add_row(
            escape(row["name"]),
            row["type"],
            escape(row["kb_id"] or ""),
            str(row["articles"]),
            str(row["mentions"]),
        )
    out.print(table)


@click.command()
@click.argument("name_or_id")
@DB_OPTION
@JSON_OPTION
def entity(name_or_id: str, db: str | None, as_json: bool) -> None:
    """Show one entity: names, type, knowledge-base facts, articles, co-mentioned entities.

    NAME_OR_ID is a KB id (Q232, per:tokayev) or any name, alias or form ("Киргизии").

    Example: obzor entity Токаев --json
    """
    with open_db(db) as store:
        found = store.entity(name_or_id)
    if found is None:
        fail(f"no stored entity matches {name_or_id!r}", 1)
    if as_json:
        print_json(found)
    else:
        _print_profile(found)


def _print_profile(p: dict[str, Any]) -> None:
    out.print(
        f"[bold]{escape(p['name'])}[/]  {p['type']}  [dim]{escape(p['id'] or 'not in KB')}[/]"
    )
    names = ", ".join(f"{k}: {v}" for k, v in p["names"].items())
    out.print(f"  [dim]names:[/] {escape(names)}")
    if p["aliases"]:
        out.print(f"  [dim]aliases:[/] {escape(', '.join(p['aliases']))}")
    out.print(f"  [dim]seen as:[/] {escape(', '.join(p['seen_as']))}")
    for key, value in p["facts"].items():
        if key == "roles":
            for r in value:
                span = f"{r['from'] or '?'} – {r['to'] or 'now'}"
                out.print(f"  [dim]role:[/] {escape(r['title'])}, {escape(r['of'])}, {span}")
        else:
            out.print(f"  [dim]{escape(key)}:[/] {escape(str(value))}")
    out.print(
        f"  [dim]articles:[/] {p['articles']}  [dim]mentions:[/] {p['mentions']}  "
        f"[dim]first seen:[/] {escape(str(p['first_seen']))}  "
        f"[dim]last seen:[/] {escape(str(p['last_seen']))}"
    )
    if p["co_mentioned"]:
        peers = "; ".join(f"{c['name']} ({c['articles']})" for c in p["co_mentioned"])
        out.print(f"  [dim]co-mentioned:[/] {escape(peers)}")
