"""The CLI: every command has an example; analyze, ingest, search, show, entities end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obzor.cli import main

CONTRACT_KEYS = {
    "source",
    "title",
    "published",
    "outlet",
    "credited_sources",
    "dateline",
    "language",
    "text",
    "entities",
    "quotes",
    "threats",
    "events",
}


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: obzor " + name in result.output


def test_analyze_json_contract_on_a_seed(seeds: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["analyze", str(seeds["004"]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= CONTRACT_KEYS
    for entity in data["entities"]:
        assert data["text"][entity["start"] : entity["end"]] == entity["text"]
        keys = {"text", "type", "start", "end", "name", "id"}
        # "resolved_by" only on mentions found by the gazetteer, a role phrase or a pronoun
        assert keys <= set(entity) <= keys | {"resolved_by"}
    assert any(e["resolved_by"] == "role" for e in data["entities"] if "resolved_by" in e)


def test_analyze_several_files_gives_an_array(seeds: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["analyze", str(seeds["000"]), str(seeds["003"]), "--json"])
    assert result.exit_code == 0
    assert [d["source"] for d in json.loads(result.output)] == [
        str(seeds["000"]),
        str(seeds["003"]),
    ]


def test_analyze_plain_keeps_the_file_text_exactly(seeds: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["analyze", "--plain", str(seeds["002"]), "--json"])
    data = json.loads(result.output)
    assert data["text"] == seeds["002"].read_text(encoding="utf-8")
    assert data["title"] is None and data["published"] is None
    for entity in data["entities"]:
        assert data["text"][entity["start"] : entity["end"]] == entity["text"]


def test_ingest_search_show_entities(tmp_path: Path, seeds: dict[str, Path]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    ingested = runner.invoke(main, ["ingest", *map(str, seeds.values()), "--db", db])
    assert ingested.exit_code == 0, ingested.output
    assert "ingested: 5" in ingested.output and "failed: 0" in ingested.output

    hits = json.loads(runner.invoke(main, ["search", "Газе", "--json", "--db", db]).output)
    assert [h["title"] for h in hits] == [
        "Токаев выступил на сессии Совета коллективной безопасности ОДКБ"
    ]
    shown = json.loads(
        runner.invoke(main, ["show", str(hits[0]["id"]), "--json", "--db", db]).output
    )
    assert shown["outlet"] == "BaigeNews.kz"

    people = json.loads(
        runner.invoke(main, ["entities", "--type", "PER", "--json", "--db", db]).output
    )
    names = [row["name"] for row in people]
    assert names[0] == "Касым-Жомарт Токаев"
    assert "Александр Лукашенко" in names and "Александру Лукашенко" not in names

    bad = runner.invoke(main, ["search", '"unclosed', "--db", db])
    assert bad.exit_code == 2 and "bad query" in bad.output


def test_ingest_exit_status_reports_failures(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(
        main, ["ingest", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "failed: 1" in result.output


def test_show_missing_article(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["show", "99", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1 and "no article with id 99" in result.output


def test_the_readme_command_table_lists_every_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n\n", 2)[1]
    listed = set(re.findall(r"^\| `obzor ([a-z-]+)", table, re.M))
    assert listed == set(main.commands), "README's command table and the CLI differ"


def test_search_sorts_by_date(corpus_db: Path) -> None:
    db = f"sqlite:///{corpus_db}"
    runner = CliRunner()

    def hits(*more: str) -> list[dict[str, Any]]:
        result = runner.invoke(main, ["search", "Казахстан", "--json", "--limit", "50",
                                      "--db", db, *more])  # fmt: skip
        assert result.exit_code == 0, result.output
        return list(json.loads(result.output))

    newest, best = hits("--sort", "date"), hits()
    assert {h["id"] for h in newest} == {h["id"] for h in best}
    days = [h["published"] for h in newest if h["published"]]
    assert days == sorted(days, reverse=True) and newest != best
    assert runner.invoke(main, ["search", "x", "--sort", "alpha", "--db", db]).exit_code == 2
