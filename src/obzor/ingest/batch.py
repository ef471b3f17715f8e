"""Batch ingest on Dask distributed: shards (JSON Lines, CSV, Parquet) analysed and stored by
the cluster's workers (docs/scale.md).

Each shard is one task. A worker builds its pipeline once (models load once per worker
thread; run workers with one thread each) and ingests the shard exactly as `obzor ingest`
does (obzor.ingest.job.ingest_paths): a known content hash is skipped before analysis, and
every article is written in its own short transaction, the duplicate check repeated under the
base's write lock. So a shard that Dask runs again after its worker died stores only the
articles the dead worker had not stored yet: nothing twice.

A remote cluster's workers read the shards at the paths given here (a shared file system) and
write to the base at the URL given here (a database server they can reach).
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from obzor.ingest import discover
from obzor.ingest.job import IngestReport, ingest_paths
from obzor.ingest.workers import PipelineFactory
from obzor.model import Failure
from obzor.nlp.pipeline import Pipeline, default_pipeline
from obzor.settings import Settings

# A task that raised (a lost database connection, say) is run again this many times; a shard
# run twice stores nothing twice. A worker that dies is Dask's to handle: it reruns the task
# elsewhere, up to `distributed.scheduler.allowed-failures` times (3 by default).
RETRIES = 2

Progress = Callable[[int, int], None]  # (shards done, shards in all)

_local = threading.local()  # in a worker thread: {pickled factory: its pipeline}


def ingest_shard(path: str, settings: Settings, factory: PipelineFactory) -> IngestReport:
    """Ingest one shard into settings.db with this worker thread's pipeline (a Dask task)."""
    from obzor.store import open_store

    # Keyed by the factory's pickle: every task gets a new copy of a partial, equal only so.
    key = pickle.dumps(factory)
    pipelines: dict[bytes, Pipeline] = _local.__dict__.setdefault("pipelines", {})
    if key not in pipelines:
        pipelines[key] = factory()
    with open_store(settings.db) as store:
        return ingest_paths([path], store, pipelines[key], settings)


def run_batch(
    paths: Iterable[str | Path],
    settings: Settings,
    cluster: str | None = None,
    workers: int = 2,
    factory: PipelineFactory = default_pipeline,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every shard under paths on a Dask cluster; one report for the whole run.

    cluster is a scheduler address (tcp://HOST:8786); None starts a LocalCluster of `workers`
    processes of one thread each, stopped at the end. A shard whose task failed for good
    (its workers kept dying) is a Failure in the report; the other shards are stored.
    """
    try:
        import distributed
    except ImportError as exc:
        raise RuntimeError("batch mode needs Dask: pip install 'obzor[scale]'") from exc
    dask: Any = distributed  # untyped
    from obzor.store import open_store

    report = IngestReport()
    shards: list[str] = []
    for found in discover(paths):
        if isinstance(found, Failure):
            report.failures.append(found)
        else:
            shards.append(str(found.resolve()))
    report.files = len(shards)
    if not shards:
        return report
    with open_store(settings.db):  # creates or upgrades the base before any worker writes
        pass
    local: Any = None
    if cluster is None:
        local = dask.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    try:
        with dask.Client(local or cluster, timeout="30s") as client:
            futures = client.map(
                ingest_shard, shards, settings=settings, factory=factory, retries=RETRIES,
                pure=False,  # a second run of the same shards is a new run
            )  # fmt: skip
            by_key = {future.key: path for future, path in zip(futures, shards, strict=True)}
            for done, future in enumerate(dask.as_completed(futures), start=1):
                try:
                    _merge(report, future.result())
                except Exception as exc:  # KilledWorker, or the task's own error after retries
                    why = f"shard not ingested: {type(exc).__name__}: {exc}"
                    report.failures.append(Failure(by_key[future.key], why, stage="batch"))
                if progress:
                    progress(done, len(shards))
    finally:
        if local is not None:
            local.close()
    return report


def _merge(report: IngestReport, shard: IngestReport) -> None:
    report.ingested += shard.ingested
    report.duplicates += shard.duplicates
    report.failures.extend(shard.failures)
