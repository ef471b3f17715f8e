"""The Redis Streams queue against a real redis-server on loopback (skipped here without one)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import watch_site
from local_server import serve
from obzor.cli import main

ENV = {"OBZOR_ALLOW_PRIVATE_ADDRESSES": "1", "OBZOR_HOST_DELAY_MS": "0"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (scripts/install-services.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_workers_share_entries_and_reclaim_a_dead_workers(redis_url: str) -> None:
    from obzor.watch.queue import RedisQueue

    a = RedisQueue(redis_url, "a", stream="t:share", group="g")
    b = RedisQueue(redis_url, "b", stream="t:share", group="g")
    for name in ("s1", "s2", "s3", "s4", "s5"):
        a.put(name)
    got_a, got_b = a.take(), b.take()
    names_a, names_b = {n for _, n in got_a}, {n for _, n in got_b}
    assert names_a | names_b == {"s1", "s2", "s3", "s4", "s5"}
    assert not names_a & names_b  # each entry goes to one worker
    for entry, _ in got_a:
        a.ack(entry)
    assert a.pending() == len(got_b)  # b took its entries and "died" without acking
    rescuer = RedisQueue(redis_url, "c", stream="t:share", group="g", claim_idle_ms=0)
    rescued = rescuer.take()
    assert {n for _, n in rescued} == names_b
    for entry, _ in rescued:
        rescuer.ack(entry)
    assert rescuer.pending() == 0 and rescuer.take() == []


def test_watch_once_through_redis(redis_url: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    with serve(watch_site.routes) as site:
        for name, path in (("sco", "/atom.xml"), ("kazinform", "/news-sitemap.xml")):
            added = runner.invoke(main, ["sources", "add", name, site.base + path, "--db", db])
            assert added.exit_code == 0, added.output
        result = runner.invoke(main, ["watch", "--once", "--queue", redis_url, "--db", db], env=ENV)
        assert result.exit_code == 0, result.output
        assert "polls: 2  new: 2" in result.output
        # the sources are leased until their next poll: a second worker finds nothing to do
        second = runner.invoke(main, ["watch", "--once", "--queue", redis_url, "--db", db], env=ENV)
        assert "polls: 0  new: 0" in second.output


def test_unreachable_redis_is_a_clear_error(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{_free_port()}/0"
    result = CliRunner().invoke(
        main, ["watch", "--once", "--queue", url, "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 2
    assert "cannot reach Redis" in result.output
