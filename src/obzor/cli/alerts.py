"""Alert commands: `obzor alerts add|list|remove|test|run|feed`."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

import click
from rich.markup import escape

from obzor.cli.common import DB_OPTION, fail, open_db, out, print_json
from obzor.cli.threats import ENTITY_OPTION, SINCE_OPTION, THREAT_OPTION


@click.group()
def alerts() -> None:
    """Saved searches and watchlists that alert on every new article (webhook, Atom feed).

    Example: obzor alerts add csto ОДКБ --webhook https://hooks.example/obzor --secret s3cret
    """


@alerts.command("add")
@click.argument("name")
@click.argument("query", required=False)
@click.option("--webhook", help="URL that receives a signed JSON POST per new story.")
@click.option("--secret", help="Key of the HMAC-SHA256 signature (X-Obzor-Signature).")
@click.option("--email", help="Addresses (comma-separated) that get an e-mail per new story.")
@click.option(
    "--digest",
    type=click.Choice(["immediate", "hourly", "daily"]),
    default="immediate",
    show_default=True,
    help="Send each story at once, or one webhook POST / e-mail per hour or day (UTC).",
)
@THREAT_OPTION
@ENTITY_OPTION
@SINCE_OPTION
@DB_OPTION
def alerts_add(
    name: str,
    query: str | None,
    webhook: str | None,
    secret: str | None,
    email: str | None,
    digest: str,
    threat: str | None,
    entity: str | None,
    since: str | None,
    db: str | None,
) -> None:
    """Add an alert: a search (QUERY, with filters) or a watchlist (filters only).

    Example: obzor alerts add tokayev --entity per:tokayev --webhook http://127.0.0.1:9000/
    Example: obzor alerts add morning ОДКБ --email desk@example.org --digest daily
    """
    from obzor.store import QueryError, StoreError

    with open_db(db) as store:
        try:
            store.add_alert(name, query, webhook=webhook, secret=secret, email=email,
                            digest=digest, threat=threat, entity=entity, since=since)  # fmt: skip
        except (StoreError, QueryError, ValueError) as e:
            fail(str(e))
    click.echo(f"alert {name} added")


@alerts.command("list")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
def alerts_list(db: str | None, as_json: bool) -> None:
    """List alerts with their matches and deliveries sent.

    Example: obzor alerts list
    """
    with open_db(db) as store:
        rows = store.alerts()
    if as_json:
        print_json(rows)
        return
    for row in rows:
        what = " ".join(
            [row["query"] or ""] + [f"--{k} {v}" for k, v in row["filters"].items()]
        ).strip()
        click.echo(
            f"{row['name']}\t{what}\tmatched {row['matched']}\tsent {row['sent']}"
            f"\t{row['webhook'] or 'feed only'}\t{row['digest']}"
        )


@alerts.command("remove")
@click.argument("name")
@DB_OPTION
def alerts_remove(name: str, db: str | None) -> None:
    """Remove an alert and its queue.

    Example: obzor alerts remove csto
    """
    with open_db(db) as store:
        if not store.remove_alert(name):
            fail(f"no alert {name!r}", 1)
    click.echo(f"alert {name} removed")


@alerts.command("test")
@click.argument("name")
@click.option("--limit", default=5, show_default=True, help="Most stored matches to show.")
@DB_OPTION
def alerts_test(name: str, limit: int, db: str | None) -> None:
    """Show which stored articles an alert matches (nothing is queued or sent).

    Example: obzor alerts test csto
    """
    with open_db(db) as store:
        alert = store.alert(name)
        if alert is None:
            fail(f"no alert {name!r}", 1)
        f = alert["filters"]
        found = store.export_articles(
            alert["query"], threat=f.get("threat"), entity=f.get("entity"), since=f.get("since")
        )
        last: deque[dict[str, Any]] = deque(maxlen=limit)  # the newest ids, in constant memory
        count = 0
        for row in found:
            last.append(row)
            count += 1
    out.print(f"{count} stored articles match")
    for row in reversed(last):
        out.print(f"  #{row['id']} {escape(row['title'] or '')} [dim]{row['published'] or ''}[/]")


@alerts.command("run")
@click.option("--loop", is_flag=True, help="Keep delivering every --every seconds.")
@click.option("--every", default=30, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
def alerts_run(loop: bool, every: int, db: str | None) -> None:
    """Deliver queued alerts by webhook (signed) and e-mail (OBZOR_SMTP_*), retried with
    backoff; once, or --loop.

    Webhooks on private or loopback addresses are refused unless OBZOR_ALLOW_PRIVATE_ADDRESSES=1.

    Example: obzor alerts run --loop
    """
    import httpx

    from obzor.alerts import TIMEOUT_S, SMTPMailer, deliver
    from obzor.net.deadline import transport
    from obzor.settings import Settings

    conf = Settings.load(db=db)
    mailer = None
    if conf.smtp_host:
        mailer = SMTPMailer(conf.smtp_host, conf.smtp_port, conf.smtp_from, conf.smtp_tls,
                            conf.smtp_user, conf.smtp_password)  # fmt: skip
    with open_db(db) as store, httpx.Client(timeout=TIMEOUT_S, transport=transport()) as client:
        while True:
            counts = deliver(store, client, allow_private=conf.allow_private_addresses,
                             mailer=mailer)  # fmt: skip
            click.echo(f"sent: {counts['sent']}  failed: {counts['failed']}")
            if not loop:
                return
            time.sleep(every)


@alerts.command("feed")
@click.argument("name")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@DB_OPTION
def alerts_feed(name: str, limit: int, db: str | None) -> None:
    """Print an alert's Atom feed (one entry per story it matched).

    Example: obzor alerts feed csto > csto.atom
    """
    from obzor.alerts import atom

    with open_db(db) as store:
        if store.alert(name) is None:
            fail(f"no alert {name!r}", 1)
        items = store.alert_items(name, limit)
    click.echo(atom(name, items))
