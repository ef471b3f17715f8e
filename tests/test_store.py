"""The SQLite store as a user meets it: add, has, get, search, entities, stats."""

from __future__ import annotations

import re
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from obzor.model import Article, Mention, Quote
from obzor.store import QueryError, SQLiteStore, StoreError, open_store, sqlite, upgrade
from obzor.store import search as search_module
from obzor.store.query import Query


def mentions(text: str, *specs: tuple[str, str, str, str | None]) -> list[Mention]:
    """Mentions at the successive occurrences of each (surface, type, name, kb_id) in text."""
    out, pos = [], 0
    for surface, type_, name, kb_id in specs:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append(Mention(surface, type_, start, pos, name, kb_id))
    return out


T1 = (
    "Астана. Министерство обороны Казахстана сообщило, что осенью в Казахстане пройдут "
    "учения Организации Договора о коллективной безопасности (ОДКБ). По данным КИСИ, в "
    "учениях примут участие военные пяти стран."
)
T2 = (
    "Лидеры стран ШОС обсудили в Астане вопросы безопасности. Казахстанская делегация "
    "предложила расширить торговлю."
)
T3 = (
    "Политологи из Бишкека сравнили роль ОДКБ и ШОС в Центральной Азии. Безопасность "
    "региона, по их мнению, требует коллективных усилий, а ОДКБ остаётся военным союзом."
)


def corpus() -> list[Article]:
    """Three short Russian articles: ОДКБ without ШОС, ШОС without ОДКБ, and both."""
    a1 = Article(
        source="tengri/1.html",
        title="Казахстан примет учения ОДКБ",
        text=T1,
        published="2024-05-01",
        outlet="Tengrinews",
        url="https://tengrinews.kz/1",
        credited_sources=["Минобороны РК", "КИСИ"],
        dateline="Астана",
        language="ru",
        entities=mentions(
            T1,
            ("Казахстана", "LOC", "Казахстан", "Q232"),
            ("Казахстане", "LOC", "Казахстан", "Q232"),
            ("ОДКБ", "ORG", "ОДКБ", None),
            ("КИСИ", "ORG", "КИСИ", None),
        ),
        quotes=[
            Quote(
                "пройдут учения", T1.index("пройдут"), T1.index("пройдут") + 14, False, "Минобороны"
            )
        ],
    )
    a2 = Article(
        source="kazinform/2.html",
        title="Саммит ШОС в Астане",
        text=T2,
        outlet="Kazinform",
        language="ru",
        entities=mentions(T2, ("ШОС", "ORG", "ШОС", None), ("Астане", "LOC", "Астана", "Q1520")),
    )
    a3 = Article(
        source="tengri/3.html",
        title="Эксперты сравнили два союза",
        text=T3,
        outlet="Tengrinews",
        language="ru",
        entities=mentions(
            T3,
            ("Бишкека", "LOC", "Бишкек", None),
            ("ОДКБ", "ORG", "ОДКБ", None),
            ("ШОС", "ORG", "ШОС", None),
            ("ОДКБ", "ORG", "ОДКБ", None),
        ),
    )
    return [a1, a2, a3]


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    """A store on disk holding the three-article corpus, committed."""
    s = open_store(f"sqlite:///{tmp_path / 'obzor.db'}")
    for article in corpus():
        s.add(article)
    s.commit()
    return s


def ids(store: SQLiteStore, query: str) -> set[int]:
    return {hit.id for hit in store.search(query)}


def test_has_after_add_and_add_is_idempotent(tmp_path: Path) -> None:
    a1 = corpus()[0]
    with open_store(str(tmp_path / "x.db")) as s:
        assert s.has(a1.content_hash) is None
        first = s.add(a1)
        assert s.has(a1.content_hash) == first
        assert s.add(corpus()[0]) == first
        assert s.stats()["articles"] == 1


def test_an_added_article_is_durable_at_once_so_a_crash_after_it_loses_nothing(
    tmp_path: Path,
) -> None:
    # Each add is its own short write transaction (so other processes can write between
    # articles): what add() returned survives a crash of the run that added it.
    path = tmp_path / "x.db"
    a1, a2, _ = corpus()
    with open_store(str(path)) as s:
        s.add(a1)
    with pytest.raises(RuntimeError), open_store(str(path)) as s:
        s.add(a2)
        raise RuntimeError("ingest crashed")
    with open_store(str(path)) as s:
        assert s.has(a1.content_hash) is not None
        assert s.has(a2.content_hash) is not None
        assert s.stats()["articles"] == 2


def test_a_failed_add_leaves_nothing_behind(store: SQLiteStore) -> None:
    broken = Article(source="x", title="Учения", text="Учения ОДКБ")
    broken.entities = [Mention("ОДКБ", None, 7, 11, "ОДКБ")]  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):  # the driver's error, wrapped by SQLAlchemy
        store.add(broken)
    store.close()  # close() commits whatever was added before
    with open_store(store.path) as again:
        assert again.has(broken.content_hash) is None
        assert again.stats()["articles"] == 3
        assert ids(again, "учения") == {1}


def test_get_round_trips_the_article_json(store: SQLiteStore) -> None:
    a1 = corpus()[0]
    article_id = store.has(a1.content_hash)
    assert article_id is not None
    got = store.get(article_id)
    assert got is not None
    assert got == {**a1.to_json(), "id": article_id, "ingested_at": got["ingested_at"]}
    assert got["credited_sources"] == ["Минобороны РК", "КИСИ"]
    assert [e["name"] for e in got["entities"]] == ["Казахстан", "Казахстан", "ОДКБ", "КИСИ"]
    assert got["entities"][0]["id"] == "Q232"
    assert T1[got["entities"][0]["start"] : got["entities"][0]["end"]] == "Казахстана"
    assert got["ingested_at"].startswith("20")
    assert store.get(10_000) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Казахстану", {1}),  # any case form finds the lemma
        ("казахстан", {1}),
        ("казахстанский", {2}),  # the adjective is a different word
        ("казахстан*", {1, 2}),  # unless asked for by prefix
        ("КИСИ", {1}),  # acronyms pymorphy mangles still match as typed
        ('"коллективной безопасности"', {1}),  # phrase: adjacent, any case forms
        ("коллективной безопасности", {1, 3}),  # words: anywhere
        ("«коллективная безопасность»", {1}),
        ("ОДКБ NOT ШОС", {1}),
        ("ОДКБ AND НЕ ШОС", {1}),
        ("ОДКБ НЕ ШОС", {1}),
        ("ОДКБ И ШОС", {3}),
        ("ОДКБ ШОС", {3}),  # adjacent words: AND
        ("ОДКБ ИЛИ ШОС", {1, 2, 3}),
        ("(учения OR саммит) AND Астана", {1, 2}),
        ("Астане NOT (саммит OR политолог)", {1}),
        ("учениях", {1}),
        ("талибан", set()),
    ],
)
def test_search_with_russian_morphology(store: SQLiteStore, query: str, expected: set[int]) -> None:
    assert ids(store, query) == expected


def test_title_outranks_body(store: SQLiteStore) -> None:
    # "Астана" is in article 2's title but only in article 1's body.
    hits = store.search("Астана")
    assert [h.id for h in hits] == [2, 1]
    assert hits[0].score > hits[1].score


def test_hits_carry_metadata_and_a_snippet_of_the_original_text(store: SQLiteStore) -> None:
    (hit,) = store.search("Казахстану")
    assert (hit.id, hit.title, hit.published, hit.outlet) == (
        1,
        "Казахстан примет учения ОДКБ",
        "2024-05-01",
        "Tengrinews",
    )
    assert "[Казахстана]" in hit.snippet and "[Казахстане]" in hit.snippet
    assert hit.snippet.startswith("Астана. Министерство") and "…" not in hit.snippet  # short: whole
    (rich,) = store.search("Казахстану", marks=("[bold]", "[/bold]"))
    assert "[bold]Казахстана[/bold]" in rich.snippet


def test_search_limit(store: SQLiteStore) -> None:
    assert len(store.search("ОДКБ OR ШОС", limit=2)) == 2
    with pytest.raises(ValueError, match="limit"):
        store.search("ОДКБ", limit=0)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("  ;; -- ", "empty query"),
        ('"коллективной безопасности', "unbalanced quote"),
        ("(ОДКБ OR ШОС", "'(' at position 1 is never closed"),
        ("ОДКБ)", "')' at position 5 has no matching '('"),
        ("ОДКБ AND", "AND at position 6 has nothing after it"),
        ("OR ШОС", "OR at position 1 has nothing before it"),
        ("НЕ ШОС", "needs a word before it"),
        ("ОДКБ AND OR ШОС", "AND at position 6 is followed by OR"),
        ("()", "empty parentheses"),
        ('""', "empty phrase"),
    ],
)
def test_malformed_queries_say_what_is_wrong(store: SQLiteStore, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as err:
        store.search(query)
    assert "\n" not in str(err.value)


def test_fts_errors_become_query_errors(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "parse", lambda q, exact=False: Query("AND AND", ()))
    with pytest.raises(QueryError, match="could not be run"):
        store.search("ОДКБ")


def test_sql_injection_looking_input_is_harmless(store: SQLiteStore) -> None:
    evil = "'; DROP TABLE articles; --"
    assert store.search(evil) == []
    assert store.search('"; DROP TABLE articles_fts; --"') == []
    assert store.entities(type=evil) == []
    assert store.has(evil) is None
    article_id = store.add(Article(source=evil, title=evil, text=f"Текст {evil} ОДКБ", outlet=evil))
    got = store.get(article_id)
    assert got is not None and got["title"] == evil and got["outlet"] == evil
    assert store.stats()["articles"] == 4
    assert 4 in ids(store, "DROP TABLE")


def test_entities_counts_and_order(store: SQLiteStore) -> None:
    top = store.entities()
    assert [(e["name"], e["articles"], e["mentions"]) for e in top] == [
        ("ОДКБ", 2, 3),
        ("ШОС", 2, 2),
        ("Казахстан", 1, 2),
        ("Астана", 1, 1),
        ("Бишкек", 1, 1),
        ("КИСИ", 1, 1),
    ]
    assert top[2] == {
        "name": "Казахстан",
        "type": "LOC",
        "kb_id": "Q232",
        "mentions": 2,
        "articles": 1,
    }
    assert [e["name"] for e in store.entities("LOC")] == ["Казахстан", "Астана", "Бишкек"]
    assert len(store.entities(limit=2)) == 2


def test_entities_merge_by_kb_id_else_type_and_casefolded_name(tmp_path: Path) -> None:
    text = "Токаев и ТОКАЕВ, и Президент Казахстана"
    article = Article(
        source="x",
        text=text,
        entities=mentions(
            text,
            ("Токаев", "PER", "Токаев", None),
            ("ТОКАЕВ", "PER", "ТОКАЕВ", None),
            ("Президент Казахстана", "PER", "Касым-Жомарт Токаев", "Q1546"),
        ),
    )
    with open_store(str(tmp_path / "x.db")) as s:
        s.add(article)
        assert [(e["name"], e["mentions"]) for e in s.entities()] == [
            ("Токаев", 2),
            ("Касым-Жомарт Токаев", 1),
        ]


def test_stats(store: SQLiteStore) -> None:
    assert store.stats() == {
        "articles": 3,
        "languages": {"ru": 3},
        "outlets": {"Tengrinews": 2, "Kazinform": 1},
        "entities": 6,
        "mentions": 10,
        "schema_version": upgrade.head(),
    }


def test_wal_foreign_keys_and_synchronous(store: SQLiteStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_open_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///data/rel.db") as s:
        s.add(corpus()[0])
    assert (tmp_path / "data" / "rel.db").exists()
    absolute = tmp_path / "abs.db"
    with open_store(f"sqlite:///{absolute}") as s:  # sqlite:////tmp/... is absolute
        s.add(corpus()[0])
    assert absolute.exists()
    with open_store("bare.db"):
        pass
    assert (tmp_path / "bare.db").exists()
    with open_store("sqlite:///:memory:") as s:
        s.add(corpus()[0])
        assert s.stats()["articles"] == 1


def test_unknown_scheme_names_the_supported_ones() -> None:
    with pytest.raises(StoreError, match=r"'mysql'.*sqlite:///.*postgresql://") as err:
        open_store("mysql://analyst:s3cret@db.local/obzor")
    assert "s3cret" not in str(err.value)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite, just some notes " * 100)
    with pytest.raises(StoreError, match=re.escape("notes.db")):
        open_store(str(path))


def test_other_connections_see_committed_rows(store: SQLiteStore) -> None:
    reader = sqlite3.connect(store.path)
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    reader.close()


def test_ingest_memory_does_not_grow_with_the_corpus(tmp_path: Path) -> None:
    def article(i: int) -> Article:
        text = f"Учения ОДКБ номер {i} прошли в Казахстане."
        ents = mentions(
            text, ("ОДКБ", "ORG", "ОДКБ", None), ("Казахстане", "LOC", "Казахстан", None)
        )
        return Article(
            source=f"s{i}", title=f"Учения {i}", text=text, outlet="Tengrinews", entities=ents
        )

    def add(store: SQLiteStore, numbers: range) -> None:
        for i in numbers:
            store.add(article(i))
            if i % 100 == 0:  # the caller commits every N articles
                store.commit()

    def snapshot() -> tracemalloc.Snapshot:
        in_store = tracemalloc.Filter(True, str(Path(sqlite.__file__).parent / "*"))
        return tracemalloc.take_snapshot().filter_traces([in_store])

    with open_store(str(tmp_path / "x.db")) as s:
        add(s, range(200))  # warm caches: statements, outlets, entities
        tracemalloc.start()
        try:
            add(s, range(200, 400))
            before = snapshot()
            add(s, range(400, 2400))
            after = snapshot()
        finally:
            tracemalloc.stop()
    growth = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    # Keeping one int per article would add ~70 kB over these 2000; interpreter free lists
    # account for up to ~20 kB of allocations that stay live whatever the corpus size.
    assert growth < 40_000, f"store code kept {growth} bytes while adding 2000 articles"
