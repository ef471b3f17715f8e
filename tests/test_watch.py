"""`obzor watch --once` against a local HTTP server: exactly the expected articles and metadata."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import watch_site
from local_server import Site, serve
from obzor.cli import main

ENV = {
    "OBZOR_ALLOW_PRIVATE_ADDRESSES": "1",  # the test server is on 127.0.0.1
    "OBZOR_HOST_DELAY_MS": "0",
    "OBZOR_FETCH_TIMEOUT_S": "1",  # the slow page answers after 2.5 s
}


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve(watch_site.routes) as running:
        yield running


@pytest.fixture(scope="module")
def watched(site: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A database with the test sources, after one `obzor watch --once`; (db URL, output)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('watch') / 'w.db'}"
    runner = CliRunner()
    for name, path, extra in (
        ("vestnik", "/feed.rss", ["--country", "ru", "--reliability", "B"]),
        ("sco-monitor", "/atom.xml", ["--language", "en", "--affiliation", "independent"]),
        ("kazinform-news", "/news-sitemap.xml", ["--affiliation", "state"]),
        ("down", "/down.xml", ["--kind", "rss"]),
    ):
        result = runner.invoke(
            main, ["sources", "add", name, site.base + path, "--db", db, *extra], env=ENV
        )
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["watch", "--once", "--db", db], env=ENV)
    assert result.exit_code == 0, result.output
    return db, result.output


def _articles(db: str) -> dict[str, dict[str, object]]:
    con = sqlite3.connect(db.removeprefix("sqlite:///"))
    rows = con.execute(
        "SELECT a.title, a.url, a.published, o.name, a.language, a.source FROM articles AS a"
        " LEFT JOIN outlets AS o ON o.id = a.outlet_id"
    ).fetchall()
    con.close()
    keys = ("url", "published", "outlet", "language", "source")
    return {str(r[0]): dict(zip(keys, r[1:], strict=True)) for r in rows}


def test_watch_once_ingests_exactly_the_expected_articles(
    watched: tuple[str, str], site: Site
) -> None:
    db, output = watched
    found = _articles(db)
    assert sorted(found) == sorted(
        [
            "Генсек ОДКБ прибыл в Ереван",  # full text in the feed itself
            "Учения ОДКБ «Взаимодействие-2025» пройдут в Беларуси",  # UTF-8 page
            "Пограничники Таджикистана усилили охрану границы с Афганистаном",  # cp1251
            "Министры обороны стран СНГ встретились в Москве",  # koi8-r, undeclared
            "SCO foreign ministers meet in Astana",  # Atom, brotli on the wire
            "Казахстан и Кыргызстан завершили демаркацию границы",  # news sitemap
        ]
    )
    assert "polls: 4  new: 6" in output
    full = found["Генсек ОДКБ прибыл в Ереван"]
    # the tracking parameters of the feed link are gone from the stored URL
    assert full["url"] == f"{site.base}/news/full-1"
    assert full["published"] == "2025-03-14T09:00:00+03:00"
    assert full["outlet"] == "Вестник ОДКБ"
    cp = found["Пограничники Таджикистана усилили охрану границы с Афганистаном"]
    assert cp["url"] == f"{site.base}/pages/cp1251.html"
    assert cp["published"] == "2025-03-11T10:30:00+05:00"
    assert cp["outlet"] == "Азия-Плюс"
    assert found["SCO foreign ministers meet in Astana"]["language"] == "en"
    assert found["Казахстан и Кыргызстан завершили демаркацию границы"]["outlet"] == "Казинформ"


def test_watch_honours_robots_and_sends_its_user_agent(
    watched: tuple[str, str], site: Site
) -> None:
    assert site.hits("/private/secret.html") == 0
    assert site.hits("/robots.txt") == 1  # fetched once per host, then cached
    agents = {agent for _, agent in site.requests}
    assert all(agent.startswith("obzor/") for agent in agents)


def test_watch_state_per_source(watched: tuple[str, str]) -> None:
    db, _ = watched
    result = CliRunner().invoke(main, ["sources", "list", "--json", "--db", db])
    state = {s["name"]: s["state"] for s in json.loads(result.output)}
    assert state["vestnik"]["last_new"] == 4
    assert state["vestnik"]["etag"] == '"rss-v1"'
    assert state["vestnik"]["failures"] == 0
    # the broken page, the robots-disallowed one and the slow and failing pages are reported
    error = state["vestnik"]["last_error"]
    assert "broken.html" in error and "secret.html" in error
    assert state["down"]["failures"] == 1
    assert "HTTP 500" in state["down"]["last_error"]
    assert state["sco-monitor"]["last_new"] == 1


def test_transient_failures_are_retried_and_permanent_ones_are_not(
    watched: tuple[str, str],
) -> None:
    db, _ = watched
    con = sqlite3.connect(db.removeprefix("sqlite:///"))
    keys = {k for (k,) in con.execute("SELECT item_key FROM source_items")}
    con.close()
    assert any(k.endswith("/pages/broken.html") for k in keys)  # undecodable: given up
    assert any(k.endswith("/private/secret.html") for k in keys)  # robots.txt: given up
    assert not any(k.endswith(("/pages/slow.html", "/pages/fail.html")) for k in keys)


def test_second_poll_is_conditional_and_stores_nothing_twice(
    watched: tuple[str, str], site: Site, pipeline: object
) -> None:
    from obzor.net import Fetcher
    from obzor.settings import Settings
    from obzor.store import open_store
    from obzor.store import sources as sql
    from obzor.watch import poll_source

    db, _ = watched
    settings = Settings.load(env=ENV, db=db)
    with open_store(db) as store, Fetcher(settings) as fetcher:
        before = store.stats()["articles"]
        vestnik = sql.get_source(store.conn, "vestnik")
        assert vestnik is not None
        result = poll_source(vestnik, store, fetcher, pipeline, settings)  # type: ignore[arg-type]
        assert result.not_modified and result.new == 0
        sco = sql.get_source(store.conn, "sco-monitor")
        assert sco is not None
        again = poll_source(sco, store, fetcher, pipeline, settings)  # type: ignore[arg-type]
        assert (again.new, again.skipped) == (0, 1)
        assert store.stats()["articles"] == before


def test_failing_source_backs_off_exponentially() -> None:
    from obzor.watch import backoff_delay

    delays = [backoff_delay(900, n, 6 * 3600) for n in range(1, 8)]
    assert delays == [900, 1800, 3600, 7200, 14400, 21600, 21600]


def test_sources_check_reports_health(watched: tuple[str, str]) -> None:
    db, _ = watched
    result = CliRunner().invoke(main, ["sources", "check", "--json", "--db", db], env=ENV)
    assert result.exit_code == 1  # one source is down
    health = {h["name"]: h for h in json.loads(result.output)}
    assert health["vestnik"]["ok"] and health["vestnik"]["items"] == 9
    assert health["kazinform-news"]["ok"] and health["kazinform-news"]["items"] == 1
    assert not health["down"]["ok"] and "HTTP 500" in health["down"]["detail"]
    one = CliRunner().invoke(main, ["sources", "check", "vestnik", "--db", db], env=ENV)
    assert one.exit_code == 0 and "ok" in one.output


def test_watch_log_is_json_events(site: Site, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'log.db'}"
    log = tmp_path / "watch.log"
    runner = CliRunner()
    runner.invoke(main, ["sources", "add", "sco", site.base + "/atom.xml", "--db", db], env=ENV)
    result = runner.invoke(main, ["watch", "--once", "--db", db, "--log", str(log)], env=ENV)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in log.read_text().splitlines()]
    names = [e["event"] for e in events]
    assert names[0] == "watch_start" and names[-1] == "watch_stop"
    assert {"event": "item_new", "source": "sco"}.items() <= events[names.index("item_new")].items()


def test_a_crashing_stage_stops_nothing_and_loses_nothing(site: Site, tmp_path: Path) -> None:
    from obzor.model import Article
    from obzor.net import Fetcher
    from obzor.nlp.pipeline import Pipeline, Stage
    from obzor.settings import Settings
    from obzor.sources import make_source
    from obzor.store import open_store
    from obzor.store import sources as sql
    from obzor.watch import Watcher

    def broken(article: Article) -> None:
        raise RuntimeError("a bug in a stage")

    settings = Settings.load(env=ENV)
    with open_store(str(tmp_path / "c.db")) as store, Fetcher(settings) as fetcher:
        sql.add_source(store.conn, make_source("sco", "atom", site.base + "/atom.xml"))
        bad = Watcher(store, fetcher, Pipeline([Stage("bug", (), (), broken)]), settings)
        (result,) = bad.cycle()
        assert result.new == 0 and "RuntimeError: a bug in a stage" in result.item_errors[0]
        sql.lease(store.conn, 1, now=1e12, until=0)  # due again now
        fixed = Watcher(store, fetcher, Pipeline([]), settings)
        (again,) = fixed.cycle()
        assert again.new == 1  # the item was not marked as seen: nothing lost
