"""Team server commands: serve, users add, migrate."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click
from rich.markup import escape

from obzor.cli.common import DB_OPTION, err, fail, open_db, out
from obzor.settings import Settings

if TYPE_CHECKING:
    from obzor.store import Store

T = TypeVar("T")


def _need_server() -> None:
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        fail("the server needs its extra: pip install 'obzor[server]'")


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--open", "open_web", is_flag=True, help="Serve the web pages without a login (read-only)."
)
def serve(db: str | None, host: str, port: int, open_web: bool) -> None:
    """Serve the REST API (OpenAPI at /api/docs) and the web interface.

    API clients send "Authorization: Bearer TOKEN" (see `obzor users add`); the web pages
    ask for a token once, unless --open.

    Example: obzor serve --db sqlite:///obzor.db --port 8000
    """
    _need_server()
    import uvicorn

    from obzor.api import create_app

    settings = Settings.load(db=db)
    url = settings.db
    open_db(url).close()  # fail here, with a clear message, if the base is unusable
    out.print(f"obzor UI: http://{host}:{port}/  (API: http://{host}:{port}/api/docs)")
    app = create_app(url, open_web=open_web, settings=settings)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.group()
def users() -> None:
    """Team members and their API tokens.

    Example: obzor users add anna --role analyst
    """


def _user_verb(db: str | None, verb: Callable[[Store], T]) -> T:
    """verb(store) on the base at db; a StoreError (no such user...) is one line and exit 2."""
    from obzor.store import StoreError

    with open_db(db) as store:
        try:
            return verb(store)
        except StoreError as e:
            fail(str(e))


@users.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "analyst", "admin"]),
    default="viewer",
    show_default=True,
    help="viewer reads; analyst also saves searches and annotates; admin manages all.",
)
@DB_OPTION
def users_add(name: str, role: str, db: str | None) -> None:
    """Add a user; print the new API token once, as the last word (only its hash is stored).

    Example: obzor users add anna --role analyst
    """
    token = _user_verb(db, lambda store: store.add_user(name, role))
    click.echo(f"user {name} ({role}) added; token (shown once): {token}")


@users.command("list")
@DB_OPTION
def users_list(db: str | None) -> None:
    """List users and roles (tokens are never shown again).

    Example: obzor users list
    """
    with open_db(db) as store:
        for user in store.users():
            out.print(f"{escape(user['name'])}\t{user['role']}\t{user['created_at']}")


@users.command("remove")
@click.argument("name")
@DB_OPTION
def users_remove(name: str, db: str | None) -> None:
    """Remove a user: their tokens stop working now, saved searches go, notes stay.

    Example: obzor users remove anna
    """
    done = _user_verb(db, lambda store: store.remove_user(name))
    click.echo(
        f"user {name} removed: {done['tokens']} tokens revoked, {done['saved_searches']} saved"
        f" searches deleted, {done['notes_kept']} notes kept"
    )


@users.command("tokens")
@click.argument("name")
@DB_OPTION
def users_tokens(name: str, db: str | None) -> None:
    """List a user's token ids and creation times (the tokens themselves are not stored).

    Example: obzor users tokens anna
    """
    rows = _user_verb(db, lambda store: store.tokens(name))
    for row in rows:
        click.echo(f"{row['id']}\t{row['created_at']}")


@users.command("token")
@click.argument("name")
@DB_OPTION
def users_token(name: str, db: str | None) -> None:
    """Issue one more token for a user (earlier ones stay valid until revoked).

    Example: obzor users token anna
    """
    token = _user_verb(db, lambda store: store.issue_token(name))
    click.echo(f"new token for {name} (shown once): {token}")


@users.command("revoke")
@click.argument("token_id", type=int)
@DB_OPTION
def users_revoke(token_id: int, db: str | None) -> None:
    """Revoke a token by its id (from `obzor users tokens NAME`): it stops working at once.

    Example: obzor users revoke 3
    """
    with open_db(db) as store:
        if not store.revoke_token(token_id):
            fail(f"no token with id {token_id}", 1)
    click.echo(f"token {token_id} revoked")


@click.command()
@click.option("--from", "src", required=True, help="Source database URL (sqlite:///a.db).")
@click.option("--to", "dst", required=True, help="Target database URL (postgresql://...).")
def migrate(src: str, dst: str) -> None:
    """Copy a base (articles, entities, users, tokens, notes) to another database.

    Articles already in the target (same content) are not copied twice.

    Example: obzor migrate --from sqlite:///obzor.db --to postgresql://obzor@127.0.0.1/obzor
    """
    from obzor.cli.progress import progress
    from obzor.store.copy import copy_store

    with (
        open_db(src) as source,
        open_db(dst) as target,
        progress(err, "copying", "articles") as update,
    ):
        counts = copy_store(source, target, update)
    out.print("copied: " + "  ".join(f"{k}: {v}" for k, v in counts.items()))


@click.command()
@DB_OPTION
def reindex(db: str | None) -> None:
    """Rebuild a base's derived keys after a key changed: index lemmas, speaker, name and
    calendar keys.

    Every article's lemmas are made again from its text, as ingest makes them; what is
    already right is not written, so a second run changes nothing. Other processes may keep
    reading and writing the base meanwhile.

    Example: obzor reindex --db sqlite:///obzor.db
    """
    from obzor.cli.progress import progress
    from obzor.reindex import reindex as run

    with open_db(db) as store, progress(err, "reindexing", "articles") as update:
        done = run(store, update)
    out.print(
        f"reindexed: {done.articles} articles, index lemmas changed in {done.index_changed}, "
        f"speaker keys changed in {done.speakers_changed} quotes, "
        f"name keys changed in {done.entities_changed} entities, "
        f"keys changed in {done.calendar_changed} calendar reports"
    )
