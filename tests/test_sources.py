"""The source registry: validation, kind detection, YAML import, storage and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.sources import SourceError, detect_kind, load_sources, make_source
from obzor.store import open_store
from obzor.store import sources as sql

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("location", "head", "kind"),
    [
        ("https://t.me/s/odkb_csto", None, "telegram_preview"),
        ("https://t.me/odkb_csto", None, "telegram_preview"),
        ("https://tass.ru/rss/v2.xml", None, "rss"),
        ("https://example.kz/news.atom", None, "atom"),
        ("https://www.inform.kz/sitemap-news.xml", None, "sitemap"),
        ("exports/odkb/result.json", None, "telegram_export"),
        ("https://example.kz/latest", b'<?xml version="1.0"?><rss version="2.0">', "rss"),
        ("https://example.kz/x", b'<feed xmlns="http://www.w3.org/2005/Atom">', "atom"),
        ("https://example.kz/x", b"<urlset xmlns=...>", "sitemap"),
        (
            "data/chat.json",
            b'{"name": "X", "type": "public_channel", "messages": []}',
            "telegram_export",
        ),
        ("urls", b"https://a.kz/1\nhttps://a.kz/2\n", "pages"),
        ("https://example.kz/latest", None, None),
        ("https://example.kz/x", b"<html><body>hello</body></html>", None),
    ],
)
def test_detect_kind(location: str, head: bytes | None, kind: str | None) -> None:
    assert detect_kind(location, head) == kind


def test_make_source_validates_each_field() -> None:
    source = make_source("tass", "rss", "https://tass.ru/rss/v2.xml", reliability="b", country="RU")
    assert (source.reliability, source.country, source.interval_s) == ("B", "ru", 900)
    bad = [
        ({"reliability": "G"}, "Admiralty grade"),
        ({"affiliation": "private"}, "affiliation"),
        ({"country": "Russia"}, "2-letter code"),
        ({"interval_s": 5}, "interval"),
    ]
    for fields, message in bad:
        with pytest.raises(SourceError, match=message):
            make_source("tass", "rss", "https://tass.ru/rss/v2.xml", **fields)  # type: ignore[arg-type]
    with pytest.raises(SourceError, match="unknown kind"):
        make_source("tass", "gopher", "https://tass.ru/")
    with pytest.raises(SourceError, match="bad name"):
        make_source("-x", "rss", "https://tass.ru/")


def test_example_yaml_loads() -> None:
    found = {s.name: s for s in load_sources(ROOT / "examples" / "sources.yaml")}
    assert found["tass"].reliability == "B" and found["tass"].interval_s == 600
    assert found["odkb-telegram"].kind == "telegram_preview"  # detected from the URL
    assert found["csto-export"].location == "exports/odkb/result.json"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: a\n  url: https://a.kz/rss\n  colour: red\n", "unknown fields"),
        ("- name: a\n", "required"),
        ("- name: a\n  url: https://a.kz/rss\n- name: a\n  url: https://b.kz/rss\n", "twice"),
        ("- name: a\n  url: https://a.kz/latest\n", "add 'kind:'"),
        ("name: [unclosed\n", "not valid YAML"),
        ("just text\n", "expected a list"),
    ],
)
def test_bad_yaml_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(SourceError, match=message):
        load_sources(path)


def test_store_registry_round_trip() -> None:
    with open_store(":memory:") as store:
        source = make_source("kaz", "sitemap", "https://kaz.kz/sitemap.xml", affiliation="state")
        source_id = sql.add_source(store.conn, source)
        with pytest.raises(SourceError, match="exists"):
            sql.add_source(store.conn, source)
        stored = sql.get_source(store.conn, "kaz")
        assert stored is not None and stored.id == source_id and stored.source == source
        assert [s.source.name for s in sql.due_sources(store.conn, now=0)] == ["kaz"]
        assert sql.lease(store.conn, source_id, now=0, until=100)
        assert not sql.lease(store.conn, source_id, now=0, until=100)  # another worker loses
        assert sql.due_sources(store.conn, now=50) == []
        assert store.list_sources()[0]["affiliation"] == "state"  # the API verb
        assert sql.remove_source(store.conn, "kaz") and sql.list_sources(store.conn) == []


def test_cli_add_list_import_remove(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    run = CliRunner().invoke
    added = run(main, ["sources", "add", "odkb", "https://t.me/s/odkb_csto", "--db", db])
    assert added.exit_code == 0 and "(telegram_preview)" in added.output
    again = run(main, ["sources", "add", "odkb", "https://t.me/s/odkb_csto", "--db", db])
    assert again.exit_code == 2 and "exists" in again.output
    bad = run(
        main,
        ["sources", "add", "x", "https://a.kz/", "--kind", "rss", "--interval", "1", "--db", db],
    )
    assert bad.exit_code == 2 and "interval" in bad.output
    imported = run(main, ["sources", "import", str(ROOT / "examples" / "sources.yaml"), "--db", db])
    assert imported.exit_code == 0, imported.output
    assert "imported 5 sources" in imported.output
    listed = json.loads(run(main, ["sources", "list", "--json", "--db", db]).output)
    assert sorted(s["name"] for s in listed) == [
        "csto-export",
        "kazinform",
        "odkb",
        "odkb-telegram",
        "ria",
        "tass",
    ]
    table = run(main, ["sources", "list", "--db", db]).output
    assert "tass" in table and "state" in table
    assert run(main, ["sources", "remove", "tass", "--db", db]).exit_code == 0
    missing = run(main, ["sources", "remove", "tass", "--db", db])
    assert missing.exit_code == 1 and "no source named 'tass'" in missing.output


def test_cli_add_refuses_private_addresses_when_sniffing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    result = CliRunner().invoke(main, ["sources", "add", "lan", "http://192.168.1.1/x", "--db", db])
    assert result.exit_code == 2
    assert "private address" in result.output and "--kind" in result.output
