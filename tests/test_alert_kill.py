"""Alerts survive a killed ingest: an article's alert queue rows are written in the same
transaction as the article (flow.save), so a process killed at any point leaves no stored
article without its alerts, and the rerun queues exactly what an uninterrupted run queues."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import obzor
from obzor.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
KILLED = 9  # the child's exit status when it kills itself

# The child ingests the corpus and dies (os._exit: no cleanup, no rollback, as a kill -9)
# either inside the k-th article's write, after its article and story rows and before its
# alert rows, or right after the k-th article's transaction is committed.
CHILD = """
import os, sys
from obzor.ingest import job
from obzor.store import core
import obzor

db, at, where = sys.argv[1], int(sys.argv[2]), sys.argv[3]
calls = [0]
if where == "before-alerts":
    queue_alerts = core.Store.queue_alerts
    def dying(self, article_id):
        calls[0] += 1
        if calls[0] == at:
            os._exit(9)
        return queue_alerts(self, article_id)
    core.Store.queue_alerts = dying
else:
    save = job.save
    def dying_save(prepared, store):
        saved = save(prepared, store)
        store.commit()
        calls[0] += 1
        if calls[0] == at:
            os._exit(9)
        return saved
    job.save = dying_save
obzor.ingest_files([sys.argv[4]], "sqlite:///" + db)
"""


def queued_and_matching(db: Path) -> tuple[set[int], set[int], int]:
    """Stories queued for the alert, stories of the stored articles it matches, articles."""
    with open_store(f"sqlite:///{db}") as store:
        queued = {i["story_id"] for i in store.alert_items("csto", limit=10_000)}
        matching = {r["story_id"] for r in store.export_articles("ОДКБ")}
        return queued, matching, store.stats()["articles"]


def titles_queued(db: Path) -> set[str]:
    with open_store(f"sqlite:///{db}") as store:
        return {i["title"] for i in store.alert_items("csto", limit=10_000)}


def new_base(path: Path) -> Path:
    with open_store(f"sqlite:///{path}") as store:
        store.add_alert("csto", "ОДКБ", webhook="https://hooks.example/obzor")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 14 reports of examples/corpus (half of them name the CSTO), in their order."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(p for p in CORPUS.iterdir() if p.is_file())[:14]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports ingested without interruption."""
    db = new_base(tmp_path_factory.mktemp("kill") / "reference.db")
    obzor.ingest_files([corpus], f"sqlite:///{db}")
    return db


@pytest.mark.parametrize("where", ["before-alerts", "after-commit"])
def test_a_killed_ingest_loses_no_alert(
    where: str, corpus: Path, reference: Path, tmp_path: Path
) -> None:
    db = new_base(tmp_path / "killed.db")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(obzor.__file__).parents[1]), *sys.path])
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), "7", where, str(corpus)],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert child.returncode == KILLED, child.stderr
    queued, matching, articles = queued_and_matching(db)
    # Dead inside the 7th article's write: 6 stored; dead after its commit: 7 stored.
    assert articles == (6 if where == "before-alerts" else 7)
    assert queued == matching  # every stored match is queued, nothing else
    # The rerun stores the rest and queues what an uninterrupted run queues.
    obzor.ingest_files([corpus], f"sqlite:///{db}")
    queued, matching, articles = queued_and_matching(db)
    ref_queued, ref_matching, ref_articles = queued_and_matching(reference)
    assert queued == matching and ref_queued == ref_matching
    assert articles == ref_articles
    assert len(queued) == len(ref_queued) > 3
    assert titles_queued(db) == titles_queued(reference)
