"""Watch items that failed are retried on their own schedule, also while the feed answers 304;
a listing longer than the per-poll cap is taken over several polls (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from local_server import Route, Site, serve
from obzor.net import Fetcher
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings
from obzor.sources import make_source
from obzor.store import open_store
from obzor.store import sources as sql
from obzor.watch import poll_source
from obzor.watch.poll import PollResult
from watch_site import _item, page_bytes

ENV = {"OBZOR_ALLOW_PRIVATE_ADDRESSES": "1", "OBZOR_HOST_DELAY_MS": "0"}
DAY = 86400.0
WORDS = " ".join(["Министры обороны стран ОДКБ обсудили совместные учения в Казахстане."] * 12)


def _feed(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def _poll(site: Site, db: Path, settings: Settings, now: float) -> PollResult:
    with open_store(str(db)) as store, Fetcher(settings) as fetcher:
        stored = sql.get_source(store.conn, "feed")
        if stored is None:
            sql.add_source(store.conn, make_source("feed", "rss", site.base + "/feed.rss"))
            stored = sql.get_source(store.conn, "feed")
        assert stored is not None
        return poll_source(stored, store, fetcher, Pipeline([]), settings, now=now)


@pytest.fixture()
def failing() -> Iterator[Site]:
    """A feed (with an ETag) of one thin item whose page answers 500."""
    routes = {
        "/feed.rss": Route(_feed([]), etag='"v1"', content_type="application/rss+xml"),
        "/page.html": Route(b"internal error", status=500),
    }
    with serve(routes) as site:
        link = f"{site.base}/page.html"
        routes["/feed.rss"].body = _feed([_item("Учения", link, "", "Кратко.")])
        yield site


def test_a_failed_item_is_retried_while_the_feed_answers_304(failing: Site, tmp_path: Path) -> None:
    settings, site = Settings.load(env=ENV), failing
    db, now = tmp_path / "r.db", 1_800_000_000.0
    first = _poll(site, db, settings, now)
    assert (first.new, first.retry) == (0, 1)
    site.routes["/page.html"] = Route(page_bytes("utf8"))  # the server recovers
    soon = _poll(site, db, settings, now + 60)  # not yet due: the feed alone is asked
    assert soon.not_modified and soon.new == 0
    later = _poll(site, db, settings, now + DAY)
    assert later.not_modified
    assert later.new == 1
    assert site.hits("/page.html") == 2


def test_an_item_failing_for_ever_is_given_up_and_reported(failing: Site, tmp_path: Path) -> None:
    settings, site = Settings.load(env=ENV), failing
    db, now = tmp_path / "g.db", 1_800_000_000.0
    results = [_poll(site, db, settings, now + n * 30 * DAY) for n in range(10)]
    errors = [r.item_errors for r in results]
    assert any("gave up after 8 attempts" in e for batch in errors for e in batch)
    assert site.hits("/page.html") == 8


def test_a_long_listing_is_taken_a_capped_number_per_poll(tmp_path: Path) -> None:
    settings = Settings.load(env={**ENV, "OBZOR_MAX_ITEMS_PER_POLL": "2"})
    items = [_item(f"Новость {n}", f"https://n.example/{n}", "", f"{n} {WORDS}") for n in range(5)]
    routes = {"/feed.rss": Route(_feed(items), etag='"v1"', content_type="application/rss+xml")}
    with serve(routes) as site:
        db, now = tmp_path / "c.db", 1_800_000_000.0
        polls = [_poll(site, db, settings, now + n * DAY) for n in range(4)]
    assert [p.new for p in polls] == [2, 2, 1, 0]
    assert polls[3].not_modified  # all taken: conditional again
