"""Shared fixtures: the ../shared data (required in CI) and models loaded once per session."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from types import FrameType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "examples" / "corpus"


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    """A run stopped with SIGTERM (a CI time limit, a killed job) ends as Ctrl-C does: the
    session's fixtures are torn down, so the PostgreSQL and Redis servers they started stop
    and their folders go, instead of running on after the tests."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupted)


def require_shared() -> Path:
    """../shared, or a loud failure in CI (CI=true) and a skip elsewhere when it is missing."""
    if SHARED.is_dir():
        return SHARED
    if os.environ.get("CI") == "true":
        pytest.fail(f"{SHARED} is required in CI but missing")
    pytest.skip(f"{SHARED} not present")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture(scope="session")
def seeds(shared_dir: Path) -> dict[str, Path]:
    """The five seed articles by their number: {"000": path, ...}."""
    return {p.name[:3]: p for p in sorted((shared_dir / "seeds").glob("*.txt"))}


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from obzor.analysis import shared_pipeline

    return shared_pipeline()


@pytest.fixture(scope="session")
def pg_base():  # type: ignore[no-untyped-def]
    """A throwaway PostgreSQL cluster on loopback (tests/pgcluster.py): its base URL.

    Missing PostgreSQL binaries skip, except in CI (CI=true), where they fail.
    """
    from pgcluster import bindir, cluster

    if bindir() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required in CI: run scripts/install-services.sh")
        pytest.skip("PostgreSQL not installed (scripts/install-services.sh installs it)")
    with cluster() as base:
        yield base


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite base with examples/corpus ingested once per session (copy it before writing)."""
    import obzor

    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    obzor.ingest_files([CORPUS], f"sqlite:///{path}")
    return path
