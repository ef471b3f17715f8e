"""Entity rows: one per real-world entity (KB id, else grouped name variants); profiles."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.model import Article, Mention
from obzor.store import migrations
from obzor.store.sqlite import SQLiteStore


def article(text: str, published: str, *mentions: tuple[str, str, str, str | None]) -> Article:
    """An article whose mentions (surface, type, name, id) are found in its text."""
    found = []
    for surface, type_, name, kb_id in mentions:
        start = text.index(surface)
        found.append(Mention(surface, type_, start, start + len(surface), name, kb_id))
    return Article(source="t", text=text, published=published, entities=found)


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(str(tmp_path / "e.db"))
    s.add(
        article(
            "Иван Петров прибыл в Киргизию.",
            "2024-01-02",
            ("Иван Петров", "PER", "Иван Петров", None),
            ("Киргизию", "LOC", "Кыргызстан", "Q813"),
        )
    )
    s.add(
        article(
            "Петрову вручили награду в Кыргызстане.",
            "2024-03-05",
            ("Петрову", "PER", "Петров", None),
            ("Кыргызстане", "LOC", "Кыргызстан", "Q813"),
        )
    )
    s.add(
        article(
            "Глава государства и Петр Сидоров. Сидоров выступил.",
            "2024-02-01",
            ("Глава государства", "PER", "Садыр Жапаров", "per:sadyr-japarov"),
            ("Петр Сидоров", "PER", "Петр Сидоров", None),
        )
    )
    s.commit()
    return s


def test_one_row_per_real_world_entity(store: SQLiteStore) -> None:
    rows = {(r["name"], r["type"], r["kb_id"]): r["articles"] for r in store.entities()}
    assert rows == {
        ("Кыргызстан", "LOC", "Q813"): 2,
        ("Иван Петров", "PER", None): 2,
        ("Садыр Жапаров", "PER", "per:sadyr-japarov"): 1,
        ("Петр Сидоров", "PER", None): 1,
    }


def test_a_full_name_adopts_an_earlier_bare_surname(tmp_path: Path) -> None:
    with SQLiteStore(str(tmp_path / "a.db")) as s:
        s.add(article("Ахметов заявил.", "2024-01-01", ("Ахметов", "PER", "Ахметов", None)))
        s.add(
            article(
                "Серик Ахметов уехал.",
                "2024-01-02",
                ("Серик Ахметов", "PER", "Серик Ахметов", None),
            )
        )
        assert [(r["name"], r["articles"]) for r in s.entities()] == [("Серик Ахметов", 2)]


def test_a_surname_shared_by_two_people_stays_apart(tmp_path: Path) -> None:
    with SQLiteStore(str(tmp_path / "b.db")) as s:
        s.add(
            article(
                "Иван Петров и Олег Петров.",
                "2024-01-01",
                ("Иван Петров", "PER", "Иван Петров", None),
                ("Олег Петров", "PER", "Олег Петров", None),
            )
        )
        s.add(article("Петров промолчал.", "2024-01-02", ("Петров", "PER", "Петров", None)))
        assert sorted(r["name"] for r in s.entities()) == ["Иван Петров", "Олег Петров", "Петров"]


def test_profile_by_any_name_form_or_id(store: SQLiteStore) -> None:
    profile = store.entity("Киргизии")
    assert profile is not None and profile == store.entity("Q813")
    assert profile["name"] == "Кыргызстан" and profile["names"]["en"] == "Kyrgyzstan"
    assert (profile["articles"], profile["mentions"]) == (2, 2)
    assert (profile["first_seen"], profile["last_seen"]) == ("2024-01-02", "2024-03-05")
    assert profile["co_mentioned"] == [
        {"name": "Иван Петров", "type": "PER", "id": None, "articles": 2}
    ]
    assert profile["facts"]["kind"] == "state"
    person = store.entity("Садыра Жапарова")
    assert person is not None and person["seen_as"] == ["Глава государства"]
    assert person["facts"]["roles"][-1]["of"] == "Кыргызстан (Q813)"
    assert store.entity("Петров") == store.entity("Иван Петров")
    assert store.entity("Несуществующий") is None


def test_role_mentions_keep_how_they_were_found(tmp_path: Path) -> None:
    with SQLiteStore(str(tmp_path / "r.db")) as s:
        a = article(
            "Глава государства прибыл.",
            "2024-01-01",
            ("Глава государства", "PER", "Касым-Жомарт Токаев", "per:tokayev"),
        )
        a.entities[0].resolved_by = "role"
        got = s.get(s.add(a))
    assert got is not None and got["entities"][0]["resolved_by"] == "role"


def test_migration_groups_entities_stored_before_it(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    migrations.migrate(db, target=1)
    db.execute(
        "INSERT INTO entities (key, type, name) VALUES ('PER:иван петров', 'PER', 'Иван Петров')"
    )
    migrations.migrate(db)
    aliases = dict(db.execute("SELECT alias, entity_id FROM entity_aliases"))
    assert aliases == {"PER:иван петров": 1, "PER~петров": 1}


def test_entity_command(store: SQLiteStore) -> None:
    db = f"sqlite:///{store.path}"
    store.close()
    runner = CliRunner()
    result = runner.invoke(main, ["entity", "Кыргызстан", "--json", "--db", db])
    assert result.exit_code == 0
    assert json.loads(result.output)["id"] == "Q813"
    text = runner.invoke(main, ["entity", "Q813", "--db", db]).output
    assert "Kyrgyzstan" in text and "co-mentioned" in text
    missing = runner.invoke(main, ["entity", "<b>Нет</b>", "--db", db])
    assert missing.exit_code == 1 and "no stored entity" in missing.output
    listed = json.loads(runner.invoke(main, ["entities", "--json", "--db", db]).output)
    assert len(listed) == 4


def test_seed_entities_list_one_row_per_actor(tmp_path: Path, seeds: dict[str, Path]) -> None:
    db = f"sqlite:///{tmp_path / 'seeds.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", *map(str, seeds.values()), "--db", db]).exit_code == 0
    rows = json.loads(
        runner.invoke(main, ["entities", "--limit", "500", "--json", "--db", db]).output
    )
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))  # no actor listed twice under two spellings
    by_name = {r["name"]: r for r in rows}
    assert (by_name["Кыргызстан"]["kb_id"], by_name["Кыргызстан"]["articles"]) == ("Q813", 3)
    tokayev = by_name["Касым-Жомарт Токаев"]
    assert (tokayev["kb_id"], tokayev["articles"]) == ("per:tokayev", 3)
    assert not {"Киргизия", "Токаев", "Тасмагамбетов", "Организация", "КИСЬ"} & set(names)
