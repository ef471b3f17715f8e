"""Events and quotes stored as indexed rows; `obzor events`, `obzor quotes`, `obzor eval events`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from obzor.cli import main
from obzor.model import Article, Event, Quote
from obzor.store import SQLiteStore

EVENT: dict[str, Any] = {
    "type": "exercise",
    "name": "учения «Рубеж-2025»",
    "date": "2025-09",
    "date_end": None,
    "date_precision": "month",
    "place": "Таджикистан",
    "participants": [{"name": "ОДКБ", "id": "org:csto"}],
    "evidence": {"start": 0, "end": 30, "text": "В сентябре прошли учения «Рубеж-2025»"},
}
QUOTE: dict[str, Any] = {
    "text": "Учения прошли успешно",
    "speaker": "Имангали Тасмагамбетов",
    "speaker_id": "per:tasmagambetov",
    "direct": True,
    "start": 40,
    "end": 61,
}


def article(title: str, events: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> Article:
    return Article(
        source=f"{title}.txt",
        text=f"{title}: текст статьи про учения ОДКБ.",
        title=title,
        published="2025-09-20",
        language="ru",
        events=[Event.from_json(e) for e in events],
        quotes=[Quote.from_json(q) for q in quotes],
    )


def fill(path: Path) -> None:
    with SQLiteStore(str(path)) as store:
        store.add(article("Учения", [EVENT], [QUOTE]))
        meeting = {**EVENT, "type": "meeting", "name": "саммит", "date": None, "place": None}
        other = {**QUOTE, "speaker": "Касым-Жомарт Токаев", "speaker_id": "per:tokayev"}
        store.add(article("Саммит", [meeting], [other, {**other, "direct": False}]))


def test_rows_are_indexed_and_filtered(tmp_path: Path) -> None:
    fill(tmp_path / "t.db")
    with SQLiteStore(str(tmp_path / "t.db")) as store:
        indexes = {
            r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert {"events_type_date", "quotes_speaker", "quotes_speaker_id"} <= indexes
        assert [e["name"] for e in store.events("exercise")] == ["учения «Рубеж-2025»"]
        assert [e["type"] for e in store.events()] == ["exercise", "meeting"]  # undated last
        assert store.events(since="2025-10-01") == []
        assert len(store.quotes("токаев")) == 2  # any case, part of the name
        assert len(store.quotes("per:tokayev")) == 2  # or the KB id
        (quote,) = store.quotes("Тасмагамбетов")
        assert (quote["text"], quote["direct"], quote["title"]) == (QUOTE["text"], True, "Учения")
        assert store.quotes("Путин") == []
        # the analyze contract is kept whole in the article too
        assert store.get(1)["events"] == [EVENT]


def test_cli_lists_events_and_quotes(tmp_path: Path) -> None:
    fill(tmp_path / "t.db")
    db = ["--db", f"sqlite:///{tmp_path / 't.db'}"]
    runner = CliRunner()
    result = runner.invoke(main, ["events", "--type", "exercise", "--json", *db])
    assert result.exit_code == 0, result.output
    assert [e["place"] for e in json.loads(result.output)] == ["Таджикистан"]
    result = runner.invoke(main, ["events", *db])
    assert result.exit_code == 0 and "Рубеж-2025" in result.output
    result = runner.invoke(main, ["quotes", "--speaker", "Токаев", "--json", *db])
    assert [q["speaker"] for q in json.loads(result.output)] == ["Касым-Жомарт Токаев"] * 2
    result = runner.invoke(main, ["quotes", "--speaker", "Токаев", *db])
    assert result.exit_code == 0 and "Учения прошли успешно" in result.output
    result = runner.invoke(main, ["events", "--type", "nonsense", *db])
    assert result.exit_code == 2 and "nonsense" in result.output


def test_eval_events_prints_counts(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps(
            {
                "text": "В 2023 году произошло 183 конфликта. Учения «Рубеж» прошли в октябре.",
                "published": "2023-11-23",
                "language": "ru",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["eval", "events", "--corpus", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "articles: 1  skipped inputs: 0"
    assert any(line.split()[:3] == ["exercise", "1", "1"] for line in lines)
    assert any(line.split()[:3] == ["statistic", "1", "1"] for line in lines)
