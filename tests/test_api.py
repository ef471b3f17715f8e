"""The small public API is pinned: changing it is a deliberate act."""

from __future__ import annotations

from pathlib import Path

import obzor


def test_public_names() -> None:
    assert sorted(obzor.__all__) == [
        "Article",
        "Document",
        "Failure",
        "Mention",
        "Settings",
        "analyze",
        "analyze_text",
        "ingest_files",
        "open_store",
    ]


def test_analyze_text_and_ingest(tmp_path: Path) -> None:
    article = obzor.analyze_text(
        "Лукашенко встретился с Токаевым\n\nМИНСК, 3 апр. /ТАСС/. Александр Лукашенко "
        "провел переговоры с Касым-Жомартом Токаевым в Минске."
    )
    assert article.title == "Лукашенко встретился с Токаевым"
    assert article.dateline == "Минск"
    assert "Касым-Жомарт Токаев" in {e.name for e in article.entities}
    path = tmp_path / "a.txt"
    path.write_text("Заголовок\n\nТекст про ОДКБ в Минске.", encoding="utf-8")
    report = obzor.ingest_files([path], f"sqlite:///{tmp_path / 'a.db'}")
    assert report.ingested == 1
