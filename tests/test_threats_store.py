"""Threat rows in the store, the search filters (--threat, --entity, --since) and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.model import Article, Evidence, Mention, Threat
from obzor.store import SQLiteStore

CYBER = "Хакеры атаковали серверы ОДКБ. Токаев призвал усилить защиту."
FLOOD = "Паводок в Казахстане: ОДКБ направила спасателей. Токаев поблагодарил союзников."
OLD_CYBER = "Хакеры атаковали сайт ОДКБ, сообщил Лукашенко."


def article(text: str, published: str | None, threats: dict[str, float], person: str) -> Article:
    start = text.index(person.split()[-1])
    mention = Mention(person, "PER", start, start + len(person.split()[-1]), person)
    return Article(
        source=f"{published}.txt",
        text=text,
        title=text.split(".")[0],
        published=published,
        entities=[mention],
        threats=[Threat(c, s, [Evidence(0, 6, text[:6])]) for c, s in threats.items()],
    )


@pytest.fixture()
def store(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(str(tmp_path / "t.db"))
    store.add(article(CYBER, "2024-03-05", {"cyber": 0.9, "diplomacy": 0.3}, "Касым-Жомарт Токаев"))
    store.add(article(FLOOD, "2023-04-01", {"emergency": 0.95}, "Касым-Жомарт Токаев"))
    store.add(article(OLD_CYBER, None, {"cyber": 0.8}, "Александр Лукашенко"))
    store.commit()
    return store


def ids(store: SQLiteStore, query: str = "ОДКБ", **filters: str) -> set[int]:
    return {hit.id for hit in store.search(query, **filters)}  # type: ignore[arg-type]


def test_threat_rows_are_stored_with_score_and_evidence(store: SQLiteStore) -> None:
    rows = store.db.execute(
        "SELECT article_id, category, score, evidence FROM threats ORDER BY article_id, category"
    ).fetchall()
    assert [r[:3] for r in rows] == [
        (1, "cyber", 0.9),
        (1, "diplomacy", 0.3),
        (2, "emergency", 0.95),
        (3, "cyber", 0.8),
    ]
    # the evidence is kept as offsets into the article's text and read back with its words
    assert '"start"' in rows[0][3] and "Хакеры" not in rows[0][3]
    first = store.get(1)
    assert first is not None and first["threats"][0]["evidence"][0]["text"] == "Хакеры"
    assert store.threat_counts() == {"cyber": 2, "emergency": 1}


def test_threats_table_is_indexed_by_category(store: SQLiteStore) -> None:
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT article_id FROM threats WHERE category = ? AND score >= ?",
        ("cyber", 0.5),
    ).fetchall()
    assert "threats_category" in str(plan)


def test_search_without_filters_is_unchanged(store: SQLiteStore) -> None:
    assert ids(store) == {1, 2, 3}


def test_search_by_threat_keeps_only_articles_scoring_it(store: SQLiteStore) -> None:
    assert ids(store, threat="cyber") == {1, 3}
    assert ids(store, threat="emergency") == {2}
    assert ids(store, threat="diplomacy") == set()  # 0.3 is under the threshold


def test_search_by_entity_name_surname_or_nothing_known(store: SQLiteStore) -> None:
    assert ids(store, entity="Касым-Жомарт Токаев") == {1, 2}
    assert ids(store, entity="токаев") == {1, 2}
    assert ids(store, entity="Лукашенко") == {3}
    assert ids(store, entity="Путин") == set()


def test_search_since_a_date_drops_older_and_undated_articles(store: SQLiteStore) -> None:
    assert ids(store, since="2024-01-01") == {1}
    assert ids(store, since="2023") == {1, 2}


def test_filters_combine(store: SQLiteStore) -> None:
    assert ids(store, threat="cyber", entity="Токаев", since="2024-01-01") == {1}
    assert ids(store, threat="emergency", since="2024-01-01") == set()


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"threat": "weather"}, "unknown threat 'weather'"),
        ({"since": "01.01.2024"}, "must look like 2024-01-01"),
        ({"since": "2024-02-30"}, "not a real date"),
    ],
)
def test_bad_filters_get_a_clear_error(
    store: SQLiteStore, filters: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ids(store, **filters)


def test_cli_search_with_filters(store: SQLiteStore, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    store.close()
    runner = CliRunner()
    args = ["search", "ОДКБ", "--threat", "cyber", "--entity", "Токаев", "--since", "2024-01-01"]
    result = runner.invoke(main, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    assert "#1 " in result.output and "#2 " not in result.output and "#3 " not in result.output
    result = runner.invoke(main, ["search", "ОДКБ", "--since", "2024-13-01", "--db", db])
    assert result.exit_code == 2
    assert "not a real date" in result.output
    result = runner.invoke(main, ["search", "ОДКБ", "--threat", "weather", "--db", db])
    assert result.exit_code == 2
    result = runner.invoke(main, ["threats", "--json", "--db", db])
    assert result.exit_code == 0
    assert '"cyber": 2' in result.output


def test_cli_eval_threats_prints_every_category(shared_dir: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "threats", "--shared", str(shared_dir)])
    assert result.exit_code == 0, result.output
    for category in ("terrorism", "military_cooperation", "diplomacy", "rules only", "kappa"):
        assert category in result.output


def test_the_default_pipeline_has_a_threats_stage_that_fills_articles() -> None:
    from obzor.nlp.pipeline import default_pipeline
    from obzor.nlp.threats import set_threats

    unused_tagger = object()  # the NER model is not needed to list the stages
    stages = {s.name: s for s in default_pipeline(unused_tagger).stages}  # type: ignore[arg-type]
    assert stages["threats"].run is set_threats
    assert stages["threats"].assigns == ("threats",)
    done = Article(source="x", text=CYBER, language="ru", published="2024-03-05")
    set_threats(done)
    assert done.threats[0].category == "cyber"
