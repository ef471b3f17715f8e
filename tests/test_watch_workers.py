"""`obzor watch --once --workers 2`: two processes share the due sources through the base;
every source is polled once and every article stored once, as with one process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

import watch_site
from local_server import serve
from obzor.cli import main
from test_watch import ENV


def test_two_watch_processes_poll_each_source_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    runner = CliRunner()
    with serve(watch_site.routes) as site:
        for name, path, extra in (
            ("vestnik", "/feed.rss", []),
            ("sco-monitor", "/atom.xml", []),
            ("kazinform-news", "/news-sitemap.xml", []),
            ("down", "/down.xml", ["--kind", "rss"]),
        ):
            args = ["sources", "add", name, site.base + path, "--db", db, *extra]
            added = runner.invoke(main, args, env=ENV)
            assert added.exit_code == 0, added.output
        args = ["watch", "--once", "--workers", "2", "--db", db]
        result = runner.invoke(main, args, env=ENV)
        assert result.exit_code == 0, result.output
        assert "polls: 4  new: 6  duplicates: 0  failed: 1" in result.output  # "down" fails
        again = runner.invoke(main, args, env=ENV)  # every source polled: none is due
        assert "polls: 0  new: 0" in again.output, again.output
    con = sqlite3.connect(tmp_path / "w.db")
    titles = [t for (t,) in con.execute("SELECT title FROM articles")]
    polls = con.execute("SELECT COUNT(*) FROM source_state WHERE last_poll IS NOT NULL").fetchone()
    con.close()
    assert len(titles) == len(set(titles)) == 6
    assert polls == (4,)


def test_workers_and_a_redis_queue_do_not_mix(tmp_path: Path) -> None:
    args = ["watch", "--once", "--workers", "2", "--queue", "redis://127.0.0.1:1/0"]
    result = CliRunner().invoke(main, [*args, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2 and "give one" in result.output
