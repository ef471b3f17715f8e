"""`obzor batch`: ingest shards on a Dask cluster (obzor.ingest.batch)."""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from obzor.cli.common import DB_OPTION, err, fail, out
from obzor.settings import Settings


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--cluster",
    metavar="tcp://HOST:8786",
    help="A Dask scheduler's address [default: a local cluster of --workers processes].",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes of the local cluster (without --cluster) [default: one per core].",
)
@DB_OPTION
def batch(paths: tuple[str, ...], cluster: str | None, workers: int | None, db: str | None) -> None:
    """Ingest JSON Lines, CSV and Parquet shards on a Dask cluster, one shard per task.

    The cluster's workers read each shard, analyse it (models loaded once per worker) and
    store it; a shard run again (its worker died) stores nothing twice. With --cluster the
    workers must reach the shards at these paths and a database server (postgresql://).
    The exit status is 1 when anything failed.

    Example: obzor batch --cluster tcp://10.0.0.5:8786 --db postgresql://obzor@db/obzor /data/shards
    """
    from obzor.cli.progress import progress
    from obzor.ingest.batch import run_batch
    from obzor.ingest.workers import all_cores

    settings = Settings.load(db=db)
    if cluster and settings.db.startswith("sqlite"):
        fail("a cluster's workers need a database server: give --db postgresql://...")
    try:
        with progress(err, "batch", "shards") as update:
            report = run_batch(paths, settings, cluster, workers or all_cores(), progress=update)
    except (OSError, TimeoutError, RuntimeError) as exc:  # no scheduler there, no Dask installed
        fail(f"batch: {exc}")
    for failure in report.failures:
        err.print(f"[yellow]skipped[/] {escape(failure.source)}: {escape(failure.reason)}")
    out.print(
        f"shards: {report.files}  ingested: {report.ingested}  "
        f"duplicate: {report.duplicates}  failed: {len(report.failures)}"
    )
    sys.exit(0 if report.ok else 1)
