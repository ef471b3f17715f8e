"""Storing cost per article: CPU ms of store.add, and of the story grouping flow.save runs
beside it, for articles analysed beforehand, into a fresh SQLite base (or, with --db, an
empty PostgreSQL database), and the SQL statements store.add sends per article (an
executemany counts once).

    python bench/store_add.py --prepare /tmp/an.jsonl --limit 300   # analyse once (RIA 2023)
    python bench/store_add.py /tmp/an.jsonl                          # time storing them
    python bench/store_add.py /tmp/an.jsonl --db postgresql://HOST/EMPTY_DB

The prepared file holds each article's `to_json()` plus its lemmas, so the same articles can be
stored by two versions of obzor in turns (PYTHONPATH=old/src, then new/src) within one run.
Where the record has a calendar stage, its reports are made before the clock starts and timed
apart: they are analysis, done where the other stages run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path

from sqlalchemy import event

from obzor.model import Article, Document
from obzor.store import open_store


def prepare(out: Path, limit: int) -> None:
    """Analyse the first `limit` distinct RIA articles and write them as JSON lines."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from obzor.analysis import analyze_document
    from obzor.ingest.jsonl import record_document
    from pipeline import CORPUS, load_corpus  # type: ignore[import-not-found]

    rows, _ = load_corpus(CORPUS, limit)
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            doc = record_document(row, row["url"])
            if not isinstance(doc, Document):
                continue
            article = analyze_document(doc)
            data = article.to_json()
            data.update(lemmas=article.lemmas, title_lemmas=article.title_lemmas)
            f.write(json.dumps(data, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} analysed articles to {out}")


def articles(path: Path) -> list[Article]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        article = Article.from_json(data)
        article.lemmas, article.title_lemmas = data["lemmas"], data["title_lemmas"]
        found.append(article)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("analysed", type=Path)
    parser.add_argument("--prepare", action="store_true", help="write the analysed file")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--db", help="an empty database's URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    if args.prepare:
        prepare(args.analysed, args.limit)
        return
    items = articles(args.analysed)
    stage = 0.0
    if "calendar" in {f.name for f in fields(Article)}:
        from obzor.calendar.stage import set_calendar

        start = time.process_time()
        for article in items:
            set_calendar(article)
        stage = time.process_time() - start
    tmp = tempfile.TemporaryDirectory()
    with tmp, open_store(args.db or f"sqlite:///{tmp.name}/s.db") as store:
        store.add(items[0])  # warm: first statements compiled, KB loaded
        spent = grouping = wall = 0.0
        sent = [0]

        def counted(*_: object) -> None:
            sent[0] += 1

        statements = 0
        for article in items[1:]:
            with store.write(), store.savepoint():
                start, clock = time.process_time(), time.perf_counter()
                event.listen(store.conn, "before_cursor_execute", counted)
                article_id = store.add(article)
                event.remove(store.conn, "before_cursor_execute", counted)
                middle = time.process_time()
                wall += time.perf_counter() - clock
                statements += sent[0]
                sent[0] = 0
                store.group(article_id, article)
                spent += middle - start
                grouping += time.process_time() - middle
        entries = len(store.calendar(limit=100_000))
    n = len(items) - 1
    print(
        f"store.add: {1000 * spent / n:.1f} ms CPU/article ({1000 * wall / n:.1f} ms wall, "
        f"{statements / n:.1f} SQL statements), its story grouping "
        f"{1000 * grouping / n:.1f} ms, over {n} articles; "
        f"calendar stage (outside the store): {1000 * stage / len(items):.1f} ms/article; "
        f"calendar entries {entries}"
    )


if __name__ == "__main__":
    main()
