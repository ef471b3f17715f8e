"""A throwaway PostgreSQL cluster for tests: initdb in a temp dir, on loopback, stopped after."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUPERUSER = "obzor"


def bindir() -> Path | None:
    """The PostgreSQL server binaries (Debian keeps them out of PATH), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root: run the server as the unprivileged `nobody`.
    return ["runuser", "-u", "nobody", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster on 127.0.0.1 and a free port; yield its base URL; stop and delete it."""
    bins = bindir()
    if bins is None:
        raise RuntimeError("PostgreSQL server binaries not found (run scripts/install-services.sh)")
    root = Path(tempfile.mkdtemp(prefix="obzor-pg-"))
    root.chmod(0o755)
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(data, nobody.pw_uid, nobody.pw_gid)
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    try:
        subprocess.run(
            _as_user(
                [
                    str(bins / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            **run,  # type: ignore[arg-type]
        )
        opts = f"-c listen_addresses=127.0.0.1 -c port={port} -k {data} -c fsync=off"
        subprocess.run(
            _as_user(
                [
                    str(bins / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    opts,
                    "-l",
                    str(data / "log"),
                    "-w",
                    "start",
                ]
            ),
            **run,  # type: ignore[arg-type]
        )
        yield f"postgresql://{SUPERUSER}@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_user([str(bins / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(base: str, name: str) -> str:
    """Create an empty database on the cluster; its URL."""
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    time.sleep(0)
    return f"{base}/{name}"
