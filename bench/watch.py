"""The watch over a loopback site: RIA articles served as HTML pages (feed + page per item).

Measures what watching adds to ingest: one `obzor watch` cycle over an RSS feed of N thin items
(every page fetched, decoded, extracted by trafilatura, analyzed, stored), then a second cycle
(feed unchanged: a 304) and a third after the ETag is dropped (every item already seen).

    .venv/bin/python bench/watch.py --limit 300
"""

from __future__ import annotations

import argparse
import html
import logging
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from obzor.model import Article
from obzor.net import Fetcher
from obzor.nlp.pipeline import Pipeline, default_pipeline
from obzor.settings import Settings
from obzor.sources import make_source
from obzor.store import open_store
from obzor.store import sources as sql
from obzor.watch import Watcher
from pipeline import CORPUS, load_corpus

PAGE = (
    "<html><head><meta charset='utf-8'><title>{title}</title>"
    "<meta property='og:site_name' content='РИА Новости'></head><body><article>"
    "<h1>{title}</h1>{body}</article></body></html>"
)


class TimedPipeline(Pipeline):
    """The default stages, adding up the seconds spent in them."""

    seconds = 0.0

    def __call__(self, article: Article) -> Article:
        start = time.perf_counter()
        try:
            return super().__call__(article)
        finally:
            self.seconds += time.perf_counter() - start


def build_site(rows: list[dict[str, str]]) -> dict[str, bytes]:
    """path -> body: /feed.rss listing /a/N.html (a one-line summary each) and the pages."""
    pages, items = {}, []
    stamp = format_datetime(datetime(2023, 6, 1, tzinfo=UTC))
    for n, row in enumerate(rows):
        body = "".join(f"<p>{html.escape(p)}</p>" for p in row["text"].split("\n") if p.strip())
        pages[f"/a/{n}.html"] = PAGE.format(title=html.escape(row["title"]), body=body).encode()
        items.append(
            f"<item><title>{html.escape(row['title'])}</title><link>{{base}}/a/{n}.html</link>"
            f"<pubDate>{stamp}</pubDate><description>Кратко.</description></item>"
        )
    pages["/feed.rss"] = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>РИА</title>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()
    return pages


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    """A loopback server for the pages; /feed.rss has an ETag and answers 304 to it."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            if self.path == "/feed.rss" and self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", '"v1"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="Articles to serve.")
    args = parser.parse_args()
    logging.getLogger("obzor.watch").setLevel(logging.ERROR)  # no per-item events here
    rows = load_corpus(CORPUS, args.limit)
    if not rows:
        sys.exit(f"no corpus at {CORPUS}")
    pages: dict[str, bytes] = {}
    server, base = serve(pages)  # filled below, once the port (and so the links) are known
    pages.update({k: v.replace(b"{base}", base.encode()) for k, v in build_site(rows).items()})
    settings = Settings(allow_private_addresses=True, host_delay_ms=0)
    pipeline = TimedPipeline(default_pipeline().stages)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "watch.db"))
        sql.add_source(store.conn, make_source("ria", "rss", f"{base}/feed.rss"))
        with Fetcher(settings) as fetcher:
            watcher = Watcher(store, fetcher, pipeline, settings, clock=lambda: 1e12)
            start = time.perf_counter()
            first = watcher.cycle()
            cold = time.perf_counter() - start
            start = time.perf_counter()
            second = watcher.cycle()
            not_modified = time.perf_counter() - start
            store.db.execute("UPDATE source_state SET etag = NULL")
            start = time.perf_counter()
            third = watcher.cycle()
            seen = time.perf_counter() - start
        store.close()
    server.shutdown()
    new = first[0].new
    print(f"site: {len(rows)} RIA articles as pages behind one RSS feed (loopback), 1 core")
    print(
        f"first cycle:  {new} new in {cold:.1f} s = {new / cold:.1f} articles/s"
        " (fetch + extract + analyze + store)"
    )
    rest = cold - pipeline.seconds
    print(
        f"  of which analysis stages {pipeline.seconds:.1f} s; fetch, decode, extract, store"
        f" {rest:.1f} s = {rest / new * 1000:.0f} ms per article"
    )
    print(
        f"second cycle: feed unchanged, 304: {second[0].not_modified}, {not_modified * 1000:.0f} ms"
    )
    print(
        f"third cycle:  feed refetched, {third[0].skipped} items already seen, {seen * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
