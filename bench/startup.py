"""make bench: start-up of the `obzor` command, as a user runs it (a fresh process each time).

Every read command (search, show, entities, summary, stories, brief, story, entity, events,
quotes, threats, calendar, positions, sources, alerts, settings) against a small base built
from examples/corpus, and `obzor analyze` of a one-word file, which loads every model. Each
command runs RUNS times; the median wall-clock and CPU seconds (of the child process) are
printed beside the targets: read commands <= 0.3 s, analyze <= 2 s. On a machine shared with
other work the wall clock includes waiting for a core; CPU seconds are what the start costs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OBZOR = Path(sys.executable).with_name("obzor")  # the console script, as a user runs it
RUNS = 5
READ_TARGET, ANALYZE_TARGET = 0.3, 2.0  # seconds, from issue 14


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `obzor ARGS` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(OBZOR), *args], env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"obzor {' '.join(args)} failed:\n{done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users run from cached bytecode
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/startup.db"
        env["OBZOR_DB"] = db
        run(["ingest", str(ROOT / "examples" / "corpus")], env)
        word = Path(tmp) / "word.txt"
        word.write_text("Москва\n", encoding="utf-8")
        commands = [
            (["--help"], READ_TARGET),
            (["search", "Казахстан"], READ_TARGET),
            (["show", "1"], READ_TARGET),
            (["entities", "--limit", "10"], READ_TARGET),
            (["summary"], READ_TARGET),
            (["stories"], READ_TARGET),
            (["brief"], READ_TARGET),
            (["story", "1"], READ_TARGET),
            (["entity", "Токаев"], READ_TARGET),
            (["events"], READ_TARGET),
            (["quotes"], READ_TARGET),
            (["threats"], READ_TARGET),
            (["calendar"], READ_TARGET),
            (["positions", "Токаев"], READ_TARGET),
            (["sources", "list"], READ_TARGET),
            (["alerts", "list"], READ_TARGET),
            (["settings"], READ_TARGET),
            (["analyze", str(word), "--json"], ANALYZE_TARGET),
        ]
        print(f"start-up: median of {args.runs} fresh processes (base: examples/corpus)")
        print(f"{'command':32}{'wall s':>9}{'CPU s':>9}{'target s':>10}")
        for command, target in commands:
            run(command, env)  # warm the file cache and bytecode
            times = [run(command, env) for _ in range(args.runs)]
            wall = statistics.median(t[0] for t in times)
            cpu = statistics.median(t[1] for t in times)
            shown = ["analyze", "WORD.txt", "--json"] if command[0] == "analyze" else command
            label = "obzor " + " ".join(shown)
            print(f"{label:32}{wall:9.2f}{cpu:9.2f}{target:10.1f}")


if __name__ == "__main__":
    main()
