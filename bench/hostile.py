"""Analysis cost on hostile texts (issue 18): CPU per stage as a text doubles, and a 5 MB line.

    .venv/bin/python bench/hostile.py [--sizes 16000,32000,64000]

Each case is a text built here, made denser in what one stage compares (names, event
triggers, role phrases, dates, quotes; real news read as one line). A stage whose cost grows
linearly takes about twice the CPU when the text doubles; the ratio column shows it. Then a
5 MB single-line file goes the way `obzor ingest` takes it (read, clean: cut at
MAX_TEXT_CHARS, analysis): its CPU time and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from obzor.analysis import shared_pipeline
from obzor.clean import clean
from obzor.ingest import discover, read
from obzor.model import Article, Document
from obzor.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def news_line() -> str:
    """The Russian sample corpus as one line (no paragraph breaks)."""
    settings, texts = Settings.load(env={}), []
    for path in discover([ROOT / "examples" / "corpus"]):
        if isinstance(path, Path):
            for item in read(path, settings):
                if isinstance(item, Document) and (article := clean(item)).language == "ru":
                    texts.append(article.text.replace("\n", " "))
    return " ".join(texts)


CASES = {
    "names": lambda: "Путин, Токаев, Лукашенко, Мирзиёев, Пашинян, ОДКБ, Астана, Москва, ",
    "triggers": lambda: (
        "Токаев провёл переговоры с Путиным в Астане и подписал соглашение с ОДКБ в Москве, "
    ),
    "roles": lambda: (
        "Президент Казахстана заявил, что он поддерживает министра обороны России. Он сказал,"
        " что глава МИД Киргизии и генсек ОДКБ согласны с ним. "
    ),
    "dates": lambda: (
        "12 марта 2024 года в Астане, с 1 января 2025 года до 2030 года, в понедельник, "
    ),
    "quotes": lambda: (
        "«Мы готовы к переговорам», – сказал Токаев. По словам Путина, «всё решено». "
    ),
    "news-line": news_line,
}


def stage_cpu(text: str) -> dict[str, float]:
    """CPU seconds of each analysis stage on text."""
    article = Article(source="bench", text=text, language="ru", title="", published="2024-10-05")
    spent = {}
    for stage in shared_pipeline().stages:
        started = time.process_time()
        stage.run(article)
        spent[stage.name] = time.process_time() - started
    return spent


def _ratio(now: float, before: float) -> str:
    """How many times the CPU grew when the text doubled (shown above 0.05 s only)."""
    return f" (x{now / before:.1f})" if before > 0.05 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="16000,32000,64000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    stage_cpu("Разогрев: Токаев в Астане.")  # models load outside the measurement
    for name, build in CASES.items():
        unit, text = build(), ""
        while len(text) < sizes[-1]:
            text += unit
        previous: dict[str, float] = {}
        for size in sizes:
            spent = stage_cpu(text[:size])
            shown = "  ".join(
                f"{k} {v:5.2f}{_ratio(v, previous.get(k, 0))}" for k, v in spent.items()
            )
            print(f"{name:<9} {size:>6,} chars  {shown}", flush=True)
            previous = spent
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "line.txt"
        path.write_text(("Токаев провёл переговоры с Путиным в Астане, " * 120_000)[:5_000_000])
        started = time.process_time()
        (document,) = [d for d in read(path, Settings.load(env={})) if isinstance(d, Document)]
        article = shared_pipeline()(clean(document))
        cpu = time.process_time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"5 MB single line: read, cut to {len(article.text):,} characters and analysed in"
        f" {cpu:.1f} s CPU; peak memory of this process {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
