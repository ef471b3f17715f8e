"""Telegram exports and channel previews: each post an article, forwards credited as reprints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from local_server import Route, serve
from obzor.clean import clean
from obzor.cli import main
from obzor.ingest.telegram import export_documents, preview_documents

DATA = Path(__file__).parent / "data" / "telegram"
ENV = {"OBZOR_ALLOW_PRIVATE_ADDRESSES": "1", "OBZOR_HOST_DELAY_MS": "0"}


def test_export_posts_become_articles_and_forwards_are_credited() -> None:
    docs = export_documents(json.loads((DATA / "result.json").read_text()), "result.json")
    articles = [clean(d) for d in docs]
    # the service message and the photo without text are not articles
    assert [a.ext_id for a in articles] == [
        "tg:1712345678:2",
        "tg:1712345678:3",
        "tg:1712345678:5",
    ]
    first, forwarded, short = articles
    assert first.title == "Совет министров иностранных дел ОДКБ соберется в Бишкеке"
    assert first.text.endswith("Генеральный секретарь Имангали Тасмагамбетов.")
    assert first.published == "2025-03-18T12:30:00"
    assert first.outlet == "ОДКБ Новости"
    assert first.credited_sources == []
    assert forwarded.credited_sources == ["ТАСС"]  # a forward is a reprint of its channel
    assert short.title is None and short.text.startswith("Миротворческие силы ОДКБ")


def test_preview_posts_become_articles_and_forwards_are_credited() -> None:
    docs = preview_documents((DATA / "preview.html").read_text(), "preview")
    articles = [clean(d) for d in docs]
    assert [a.url for a in articles] == [
        "https://t.me/sco_vestnik/101",
        "https://t.me/sco_vestnik/102",
    ]
    own, forwarded = articles
    assert own.title == "Главы МИД ШОС встретились в Астане"
    assert own.text.endswith("Председательство в организации перешло к Казахстану.")
    assert own.published == "2025-03-20T09:15:00+00:00"
    assert own.outlet == "Вестник ШОС" and own.credited_sources == []
    assert forwarded.credited_sources == ["РИА Новости"]


def test_not_a_preview_page_is_refused() -> None:
    with pytest.raises(ValueError, match="not a Telegram channel preview"):
        preview_documents("<html><body><p>hello</p></body></html>", "page")


def test_obzor_ingest_reads_a_telegram_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    result = CliRunner().invoke(main, ["ingest", str(DATA / "result.json"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingested: 3" in result.output
    shown = json.loads(CliRunner().invoke(main, ["show", "2", "--json", "--db", db]).output)
    assert shown["credited_sources"] == ["ТАСС"]
    assert shown["outlet"] == "ОДКБ Новости"


def test_other_json_files_are_refused_clearly(tmp_path: Path) -> None:
    other = tmp_path / "data.json"
    other.write_text('{"items": []}')
    broken = tmp_path / "result.json"
    broken.write_text('{"messages": [')
    db = f"sqlite:///{tmp_path / 't.db'}"
    result = CliRunner().invoke(main, ["ingest", str(other), str(broken), "--db", db])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "data.json: not a Telegram Desktop export" in output
    assert "result.json: malformed JSON" in output


def test_watch_follows_a_preview_and_an_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    preview = Route((DATA / "preview.html").read_bytes())
    run = CliRunner().invoke
    with serve({"/s/sco_vestnik": preview}) as site:
        for args in (
            ["sco", f"{site.base}/s/sco_vestnik", "--kind", "telegram_preview"],
            ["odkb", str(DATA / "result.json")],
        ):
            added = run(main, ["sources", "add", *args, "--db", db], env=ENV)
            assert added.exit_code == 0, added.output
        result = run(main, ["watch", "--once", "--db", db], env=ENV)
        assert result.exit_code == 0, result.output
        assert "new: 5" in result.output
        assert site.hits("/s/sco_vestnik") == 1  # posts are not fetched one by one
