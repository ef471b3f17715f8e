"""Search under load on loopback: searches per second, p99, shed and failed requests, and the
trivial endpoint's p99 beside them (issue 18).

    .venv/bin/python bench/load.py [--articles 20000] [--rate 50] [--seconds 20]

The base is the sample corpus (examples/corpus, analyzed) and the RIA articles of ../shared
(when present, cleaned but not analyzed), grown to --articles by variants that mix paragraphs
of two articles; it is built once into build/. A real `obzor serve` answers on 127.0.0.1; the
client sends searches at a fixed rate (open loop: a slow answer does not slow the sender) and
/api/me at 10/s. Bounded: rate x seconds searches, 10 x seconds trivial calls, 10 s each at most.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "bench")]

from obzor.analysis import shared_pipeline  # noqa: E402
from obzor.clean import clean  # noqa: E402
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
                store.add(base)
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


async def call(client: httpx.AsyncClient, url: str, into: Calls) -> None:
    start = time.perf_counter()
    try:
        r = await client.get(url)
    except httpx.HTTPError as exc:
        into.failed += 1
        into.errors.append(type(exc).__name__)
        return
    if r.status_code == 503:
        into.shed += 1
    elif r.status_code != 200:
        into.failed += 1
        into.errors.append(str(r.status_code))
    else:
        into.ms.append(1000 * (time.perf_counter() - start))


async def drive(base: str, token: str, rate: float, seconds: float) -> tuple[Calls, Calls]:
    """Searches at `rate` per second and /api/me at TRIVIAL_RATE, for `seconds`."""
    searches, trivial = Calls(), Calls()
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=500, max_keepalive_connections=100)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=CLIENT_TIMEOUT_S, limits=limits
    ) as client:
        tasks: list[asyncio.Task[None]] = []
        start = time.perf_counter()
        plan = sorted(
            [(i / rate, "s", i) for i in range(int(rate * seconds))]
            + [(i / TRIVIAL_RATE, "t", i) for i in range(int(TRIVIAL_RATE * seconds))]
        )
        for at, kind, i in plan:
            delay = start + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if kind == "s":
                url = f"/api/search?q={QUERIES[i % len(QUERIES)]}"
                tasks.append(asyncio.create_task(call(client, url, searches)))
            else:
                tasks.append(asyncio.create_task(call(client, "/api/me", trivial)))
        await asyncio.gather(*tasks)
    return searches, trivial


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    obzor = Path(sys.executable).with_name("obzor")
    command = [str(obzor), "serve", "--db", f"sqlite:///{db}", "--port", str(port)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


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


def cpu_per_search(base: str, token: str, pid: int, rounds: int = 5) -> float:
    """Server CPU milliseconds per search, searches sent one at a time (no queueing): what
    the searches cost whatever else the machine runs."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        for q in QUERIES:  # warm: caches, the workers' first queries
            client.get("/api/search", params={"q": q})
        before = cpu_seconds(pid)
        for _ in range(rounds):
            for q in QUERIES:
                client.get("/api/search", params={"q": q}).raise_for_status()
        return 1000 * (cpu_seconds(pid) - before) / (rounds * len(QUERIES))


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
        print(f"base: {total:,} articles; cores: {len(os.sched_getaffinity(0))}; loopback {base}")
        cores = len(os.sched_getaffinity(0))
        ms = cpu_per_search(base, token, server.pid)
        print(
            f"server CPU per search {ms:.1f} ms (one at a time): at most {1000 * cores / ms:.0f}"
            f" searches/s on {cores} idle cores (load average now {os.getloadavg()[0]:.1f})"
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
