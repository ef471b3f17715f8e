"""`obzor eval ...`: quality on the public evaluation data in ../shared/eval."""

from __future__ import annotations

import click


@click.group("eval", invoke_without_command=True)
@click.pass_context
def evaluate(ctx: click.Context) -> None:
    """Score obzor on the public evaluation data (../shared/eval); no subcommand runs all.

    Example: obzor eval
    """
    if ctx.invoked_subcommand is None:
        for name, command in sorted(evaluate.commands.items()):
            click.echo(f"== {name}")
            ctx.invoke(command)
