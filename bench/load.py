"""Search under load on loopback: searches per second, p99, shed and failed requests, and the
trivial endpoint's p99 beside them (issue 18).

    .venv/bin/python bench/load.py [--articles 20000] [--rate 50] [--seconds 20]

The base is the sample corpus (examples/corpus, analyzed) and the RIA articles of ../shared
(when present, cleaned but not analyzed), grown to --articles by variants that mix paragraphs
of two articles; it is built once into build/ (about 40 minutes here). A real `obzor serve`
answers on 127.0.0.1, its searches in one worker process per core (OBZOR_SEARCH_WORKERS to
change). First the server's CPU per search and per /api/me, sent one at a time, and where a
search's CPU goes (ranking SQL, snippets, facets, JSON; measured in this process). Then the
client sends searches at a fixed rate (open loop: a slow answer does not slow the sender) and
/api/me at 10/s, each a raw HTTP/1.1 request on its own connection (a light client, so that it
does not measure its own queue), timed from when it was planned. Bounded: rate x seconds
searches, 10 x seconds trivial calls, 10 s each at most.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import html
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench")]

from obzor.analysis import shared_pipeline  # noqa: E402
from obzor.clean import clean  # noqa: E402
from obzor.flow import Prepared, save  # noqa: E402
from obzor.ingest import discover, read  # noqa: E402
from obzor.model import Article, Document  # noqa: E402
from obzor.settings import Settings  # noqa: E402
from obzor.store import open_store  # noqa: E402
from pipeline import CORPUS, load_corpus  # noqa: E402
from server import QUERIES as SERVER_QUERIES  # noqa: E402

# bench/server.py's queries and a few more: a place, a person, a thing.
QUERIES = [*SERVER_QUERIES, "граница", "Токаев", "беспилотник"]
TRIVIAL_RATE = 10  # /api/me calls per second beside the searches
CLIENT_TIMEOUT_S = 10.0


def base_articles() -> list[Article]:
    """The analyzed sample corpus and, when ../shared is there, the cleaned RIA articles."""
    settings, pipeline = Settings.load(env={}), shared_pipeline()
    found: list[Article] = []
    for path in discover([ROOT / "examples" / "corpus"]):
        if not isinstance(path, Path):
            continue
        for item in read(path, settings):
            if isinstance(item, Document):
                article = clean(item)
                if article.text.strip():
                    found.append(pipeline(article))
    if CORPUS.exists():
        rows, _ = load_corpus(CORPUS, None)
        for row in rows:
            fields = {k: row[k] for k in ("title", "url", "published", "outlet")}
            article = clean(Document(f"ria:{row['id']}", "record", row["text"], fields))
            if article.text.strip():
                found.append(article)
    return found


def build(path: Path, count: int) -> None:
    """A base of at least `count` articles (a smaller one is topped up): the originals, then
    variants (an article's text and the last paragraph of another)."""
    pool = base_articles()
    rng = random.Random(18)
    with open_store(str(path)) as store:
        n = stored = store.stats()["articles"]
        while stored < count:
            base = pool[n % len(pool)]
            if n >= len(pool):
                other = pool[rng.randrange(len(pool))].text.split("\n\n")[-1]
                day = f"2024-{1 + n % 12:02}-{1 + n % 28:02}"
                base = replace(base, text=f"{base.text}\n\n{other} ({n})", published=day)
            if store.has(base.content_hash) is None:
                save(Prepared(base), store)
                stored += 1
            n += 1
            if n % 500 == 0:
                store.commit()


@dataclass
class Calls:
    """Latencies (ms) of successful calls, and counts of shed (503) and failed ones."""

    ms: list[float] = field(default_factory=list)
    shed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def pct(self, p: float) -> float:
        if not self.ms:
            return float("nan")
        ordered = sorted(self.ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def call(host: str, port: int, request: bytes, planned: float, into: Calls) -> None:
    """One request on its own loopback connection, timed from when it was planned (so a late
    sender counts against the figures, never for them). A raw HTTP/1.1 exchange: the client
    must cost far less CPU than the server, or it measures its own queue (httpx's async client
    took about as much CPU per request as the server's /api/me)."""
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port), CLIENT_TIMEOUT_S
        )
        try:
            writer.write(request)
            answer = await asyncio.wait_for(reader.read(), CLIENT_TIMEOUT_S)  # to EOF
        finally:
            writer.close()
    except (OSError, TimeoutError) as exc:
        into.failed += 1
        into.errors.append(type(exc).__name__)
        return
    status = answer[9:12]
    if status == b"503":
        into.shed += 1
    elif status != b"200":
        into.failed += 1
        into.errors.append(status.decode("ascii", "replace") or "no answer")
    else:
        into.ms.append(1000 * (time.perf_counter() - planned))


def http_get(path: str, token: str) -> bytes:
    """A GET request for path that asks the server to close the connection after answering."""
    target = quote(path, safe="/?=&*")
    return (
        f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Connection: close\r\n\r\n"
    ).encode("ascii")


async def drive(base: str, token: str, rate: float, seconds: float) -> tuple[Calls, Calls]:
    """Searches at `rate` per second and /api/me at TRIVIAL_RATE, for `seconds`."""
    searches, trivial = Calls(), Calls()
    host, port = base.removeprefix("http://").rsplit(":", 1)
    me = http_get("/api/me", token)
    queries = [http_get(f"/api/search?q={q}", token) for q in QUERIES]
    tasks: list[asyncio.Task[None]] = []
    start = time.perf_counter()
    plan = sorted(
        [(i / rate, "s", i) for i in range(int(rate * seconds))]
        + [(i / TRIVIAL_RATE, "t", i) for i in range(int(TRIVIAL_RATE * seconds))]
    )
    for at, kind, i in plan:
        planned = start + at
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if kind == "s":
            job = call(host, int(port), queries[i % len(queries)], planned, searches)
        else:
            job = call(host, int(port), me, planned, trivial)
        tasks.append(asyncio.create_task(job))
    await asyncio.gather(*tasks)
    return searches, trivial


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    obzor = Path(sys.executable).with_name("obzor")
    command = [str(obzor), "serve", "--db", f"sqlite:///{db}", "--port", str(port)]
    # Searches in one worker process per core unless OBZOR_SEARCH_WORKERS says otherwise: on
    # this machine they served 40/s against 34/s in the server process, /api/me beside them
    # at p50 16 ms against 40 ms.
    workers = os.environ.get("OBZOR_SEARCH_WORKERS", str(len(os.sched_getaffinity(0))))
    env = {**os.environ, "OBZOR_SEARCH_WORKERS": workers}
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def wait_up(base: str, token: str) -> None:
    for _ in range(300):
        try:
            r = httpx.get(f"{base}/api/me", headers={"Authorization": f"Bearer {token}"})
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its live descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            kids = [
                k for task in Path(f"/proc/{p}/task").iterdir()
                for k in (task / "children").read_text().split()
            ]  # fmt: skip
        except OSError:
            continue  # gone meanwhile
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        todo += [int(k) for k in kids]
    return total


def cpu_per_request(base: str, token: str, pid: int, urls: list[str], rounds: int = 5) -> float:
    """Server CPU milliseconds per request, sent one at a time (no queueing): what a request
    costs whatever else the machine runs."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        for url in urls:  # warm: caches, the workers' first queries
            client.get(url)
        before = cpu_seconds(pid)
        for _ in range(rounds):
            for url in urls:
                client.get(url).raise_for_status()
        return 1000 * (cpu_seconds(pid) - before) / (rounds * len(urls))


def breakdown(db: Path, rounds: int = 5) -> dict[str, float]:
    """CPU milliseconds of a search's parts, in this process over the same base: the store's
    ranking SQL, the page's 20 snippets, the facets of up to 500 hits, JSON and ETag."""
    from obzor.api import queries

    def spent(part: Callable[[str], object]) -> float:
        for q in QUERIES:
            part(q)  # warm
        started = time.process_time()
        for _ in range(rounds):
            for q in QUERIES:
                part(q)
        return 1000 * (time.process_time() - started) / (rounds * len(QUERIES))

    marks, escape = queries.HTML_MARKS, html.escape
    with open_store(str(db)) as store:
        hits = {q: [h.id for h in store.search(q, queries.SEARCH_CAP, snippets=0)] for q in QUERIES}
        answers = {q: queries.search(store, q, {}, 20, 0) for q in QUERIES}
        ranking = spent(lambda q: store.search(q, queries.SEARCH_CAP, snippets=0))
        paged = spent(lambda q: store.search(q, queries.SEARCH_CAP, marks=marks, escape=escape,
                                             snippets=20))  # fmt: skip
        return {
            "search (queries.search)": spent(lambda q: queries.search(store, q, {}, 20, 0)),
            "ranking SQL (store.search)": ranking,
            "20 snippets": paged - ranking,
            "facets (store.facets)": spent(lambda q: store.facets(hits[q])),
            "JSON + ETag": spent(
                lambda q: hashlib.sha256(json.dumps(answers[q], ensure_ascii=False).encode())
            ),
        }


def report(name: str, calls: Calls, sent: int) -> None:
    ok = len(calls.ms)
    print(
        f"{name:<14} sent {sent:>5}  ok {ok:>5}  503 {calls.shed:>4}  failed {calls.failed:>3}"
        f"  p50 {calls.pct(50):7.1f} ms  p99 {calls.pct(99):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=50.0, help="searches per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    db = ROOT / "build" / f"load-{args.articles}.db"
    db.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    build(db, args.articles)  # once: later runs find the base built
    print(f"base ready in {time.perf_counter() - started:.0f} s")
    with open_store(str(db)) as store:
        token = store.add_user(f"load-{time.time_ns()}", "viewer")
        total = store.stats()["articles"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(db, port)
    try:
        wait_up(base, token)
        workers = os.environ.get("OBZOR_SEARCH_WORKERS", "one per core")
        print(f"base: {total:,} articles; cores: {len(os.sched_getaffinity(0))}; search workers:"
              f" {workers}; loopback {base}")  # fmt: skip
        cores = len(os.sched_getaffinity(0))
        search_urls = [f"/api/search?q={q}" for q in QUERIES]
        ms = cpu_per_request(base, token, server.pid, search_urls)
        me = cpu_per_request(base, token, server.pid, ["/api/me"] * 20)
        print(
            f"server CPU per search {ms:.1f} ms (one at a time): at most {1000 * cores / ms:.0f}"
            f" searches/s on {cores} idle cores (load average now {os.getloadavg()[0]:.1f});"
            f" per /api/me {me:.2f} ms (auth, routing, HTTP)"
        )
        parts = breakdown(db)
        print(
            "  where a search's CPU goes (ms):", ", ".join(f"{k} {v:.1f}" for k, v in parts.items())
        )
        _, quiet = asyncio.run(drive(base, token, 0.001, min(args.seconds, 10)))
        report("/api/me alone", quiet, int(TRIVIAL_RATE * min(args.seconds, 10)))
        searches, trivial = asyncio.run(drive(base, token, args.rate, args.seconds))
        report(f"search {args.rate:g}/s", searches, int(args.rate * args.seconds))
        report("/api/me beside", trivial, int(TRIVIAL_RATE * args.seconds))
        if searches.errors:
            print("errors:", dict(Counter(searches.errors)))
        served = len(searches.ms) / args.seconds
        print(f"served {served:.1f} searches/s of {args.rate:g}/s asked")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
