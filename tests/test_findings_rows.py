"""Revision 0016: an article's quotes, threats and events live only in their rows; get() reads
them back as the dropped analysis JSON held them, and a base whose findings were only in that
JSON (made before the rows existed) gets rows for them before the column goes. Revision 0017:
a quote's text and an evidence's sentence that are the article's text at their offsets are
kept as the offsets only, and read back the same; one that differs is kept written out."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from obzor.model import Article, Event, Evidence, Participant, Quote, Threat
from obzor.store import open_store
from obzor.store.upgrade import LOCATION

TEXT = "Министр обороны заявил: «Учения ОДКБ пройдут в Бишкеке 5 мая 2025 года»."
PARTS = ("quotes", "threats", "events")


def analysed(n: int) -> Article:
    said = Evidence(0, len(TEXT), TEXT)
    return Article(
        source=f"s{n}",
        title=f"Учения {n}",
        text=TEXT,
        quotes=[
            Quote(TEXT[25:70], 25, 70, True, "Министр обороны", None),  # as the text has it
            Quote("Учения пройдут", 25, 70, False, None, None),  # told in other words
        ],
        # not in the threats stage's order: the rows give score order, as that stage does
        threats=[Threat("terrorism", 0.31, [said]), Threat("armed_conflict", 0.82, [said])],
        events=[
            Event("exercise", "учения ОДКБ", said, "2025-05-05", None, "day", "Бишкек",
                  [Participant("ОДКБ", "org:csto")], {"source_rule": "x"}),
        ],
    )  # fmt: skip


def alembic(path: Path | str, verb: str, revision: str) -> None:
    """Run an Alembic command on a SQLite file (a path) or any base (a store URL)."""
    from obzor.store.engine import engine_url

    engine = create_engine(engine_url(path) if isinstance(path, str) else f"sqlite:///{path}")
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(LOCATION))
        config.attributes["connection"] = conn
        getattr(command, verb)(config, revision)
    engine.dispose()


def parts(store: Any, article_id: int) -> dict[str, Any]:
    got = store.get(article_id)
    return {k: got[k] for k in PARTS}


def test_get_reads_the_findings_from_their_rows(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        article = analysed(1)
        got = parts(store, store.add(article))
        db = store.conn
        quote_texts = db.exec_driver_sql("SELECT text FROM quotes ORDER BY id").all()
        evidence = db.exec_driver_sql("SELECT evidence FROM threats").all()
    assert got["quotes"] == [q.to_json() for q in article.quotes]
    assert got["events"] == [e.to_json() for e in article.events]
    assert [t["category"] for t in got["threats"]] == ["armed_conflict", "terrorism"]
    assert got["threats"][0] == article.threats[1].to_json()
    # the rows keep offsets where the text is the article's, the text where it is not
    assert [r[0] for r in quote_texts] == [None, "Учения пройдут"]
    assert all(TEXT not in r[0] for r in evidence)


def test_findings_only_the_old_json_held_get_rows_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(f"sqlite:///{path}") as store:
        ids = [store.add(analysed(n)) for n in range(3)]
        expected = {i: parts(store, i) for i in ids}
    alembic(path, "downgrade", "0015")  # the JSON column back, written from the rows
    db = sqlite3.connect(path)
    assert "analysis" in {r[1] for r in db.execute("PRAGMA table_info(articles)")}
    # A base from before the rows: the second article's findings are only in its JSON.
    for table in PARTS:
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (ids[1],))
    db.commit()
    db.close()
    with open_store(f"sqlite:///{path}") as store:  # opening runs revision 0016
        assert {i: parts(store, i) for i in ids} == expected
        said = store.quotes("Министр обороны", limit=10)
        assert [q["text"] for q in said] == [TEXT[25:70]] * 3
        events = store.events(limit=10)
        assert [e["evidence"]["text"] for e in events] == [TEXT] * 3
        assert store.threat_counts()["armed_conflict"] == 3
    db = sqlite3.connect(path)
    assert "analysis" not in {r[1] for r in db.execute("PRAGMA table_info(articles)")}
    db.close()
