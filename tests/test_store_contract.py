"""The store contract: the same verbs give the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from obzor.calendar.reports import article_reports
from obzor.report import build_brief
from obzor.store import PostgresStore, QueryError, SQLiteStore, Store, StoreError, open_store
from obzor.store.copy import copy_store
from obzor.store.schema import entities, tokens


@pytest.fixture(scope="module")
def sqlite_src(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("contract") / "a.db"
    shutil.copy(corpus_db, copy)
    return copy


@pytest.fixture(scope="module")
def pg_url(pg_base: str, sqlite_src: Path) -> str:
    """A PostgreSQL base filled from the SQLite one by copy_store (what `obzor migrate` does)."""
    from pgcluster import fresh_database

    url = fresh_database(pg_base, "contract")
    with open_store(f"sqlite:///{sqlite_src}") as src, open_store(url) as dst:
        copy_store(src, dst)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, sqlite_src: Path) -> Iterator[Any]:
    if request.param == "sqlite":
        url = f"sqlite:///{sqlite_src}"
    else:
        url = request.getfixturevalue("pg_url")
    with open_store(url) as s:
        yield s


def test_no_store_inherits_another_databases_store() -> None:
    # Both stores are core.Store's verbs, written once; each only connects in its own way.
    for cls in (SQLiteStore, PostgresStore):
        assert cls.__bases__ == (Store,)
        own = {n for n, v in vars(cls).items() if callable(v)}
        assert own == {"__init__"}


def test_backend_chosen_by_url(store: Any) -> None:
    assert isinstance(store, PostgresStore) == store.path.startswith("postgresql://")
    assert store.stats()["articles"] >= 38


def test_counts(store: Any) -> None:
    stats = store.stats()
    assert stats["languages"]["en"] == 5 and stats["languages"]["ru"] >= 29
    assert stats["entities"] > 100 and stats["mentions"] > 300


def test_search_finds_every_inflection(store: Any) -> None:
    ids = {h.id for h in store.search("Казахстану", 50)}
    titles = [store.get(i)["title"] for i in ids]
    assert any("Казахстане" in (t or "") for t in titles)
    assert ids == {h.id for h in store.search("Казахстан", 50)}
    hit = store.search("Казахстану", 1)[0]
    assert "[" in hit.snippet and hit.score > 0


def test_search_finds_every_case_of_a_name(store: Any) -> None:
    found = {h.id for h in store.search("Тасмагамбетов", 50, exact=True)}
    assert found and {h.id for h in store.search("Тасмагамбетову", 50, exact=True)} == found
    assert {h.id for h in store.search("тасмагамбетовым", 50, exact=True)} == found
    hit = store.search("Тасмагамбетовым", 1, exact=True)[0]
    assert "[Тасмагамбетов" in hit.snippet


def test_search_knows_the_kb(store: Any) -> None:
    # CSTO, ОДКБ and the full Russian name are one organisation: each finds what the others do,
    # in any script; --exact (exact=True) is the words alone.
    odkb = {h.id for h in store.search("ОДКБ", 100)}
    assert {h.id for h in store.search("CSTO", 100)} == odkb
    assert {
        h.id for h in store.search('"Организация Договора о коллективной безопасности"', 100)
    } == odkb
    exact_csto = {h.id for h in store.search("CSTO", 100, exact=True)}
    assert exact_csto and exact_csto < odkb
    assert {h.id for h in store.search("Tokayev", 100)} == {
        h.id for h in store.search("Токаев", 100)
    }
    russian_only = [h for h in store.search("CSTO", 100) if h.id not in exact_csto]
    # Found by another name (ОДКБ, ҰҚШҰ-ға, Организации Договора...), which is highlighted.
    assert russian_only and all("[" in h.snippet for h in russian_only)


def test_the_typed_words_rank_before_another_name_of_the_entry(store: Any) -> None:
    # "Казахстану" also finds Қазақстан and Kazakhstan; the articles that hold the word asked
    # come first, whatever the rarer spellings would score.
    hits = store.search("Казахстану", 100)
    typed = {h.id for h in store.search("Казахстану", 100, exact=True)}
    assert typed and len(hits) > len(typed)
    ranks = [h.id in typed for h in hits]
    assert ranks == sorted(ranks, reverse=True)


def test_a_common_word_ranks_only_its_newest_matches(
    store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A word in every other article is ranked among its newest RANK_CAP matches only (top-k
    # without scoring a million matches); the filters and the typed-first order still hold.
    import obzor.store.search as search

    every = store.search("Казахстан", 1000)
    newest = sorted((h.id for h in every), reverse=True)[:3]
    recent = store.search("Казахстан", 1000, since="2024-01-01")
    monkeypatch.setattr(search, "RANK_CAP", 3)
    assert len(every) > 3
    assert {h.id for h in store.search("Казахстан", 1000)} == set(newest)
    assert [h.id for h in store.search("Казахстан", 2)] == [
        h.id for h in store.search("Казахстан", 1000)
    ][:2]
    # a filter keeps the newest matches that pass it, not those among the unfiltered newest
    assert len(recent) > 3
    assert {h.id for h in store.search("Казахстан", 1000, since="2024-01-01")} == set(
        sorted((h.id for h in recent), reverse=True)[:3]
    )
    if isinstance(store, SQLiteStore) and not isinstance(store, PostgresStore):
        # SQLite ranks a query with more matches than RANK_CAP without bm25 (whose IDF reads
        # every posting list): headline matches first, then the newest.
        ranked = store.search("Казахстан", 1000, exact=True)
        from obzor.nlp.morph import lemmatize

        keys = [("казахстан" not in lemmatize(h.title or "").split(), -h.id) for h in ranked]
        assert len(keys) == 3 and keys == sorted(keys)
    hits = store.search("Казахстану", 100)
    assert len(hits) == 3
    typed = {h.id for h in store.search("Казахстану", 100, exact=True)}
    ranks = [h.id in typed for h in hits]
    assert ranks == sorted(ranks, reverse=True)


def test_search_operators(store: Any) -> None:
    odkb = {h.id for h in store.search("ОДКБ", 100)}
    sco = {h.id for h in store.search("ШОС", 100)}
    assert {h.id for h in store.search("ОДКБ OR ШОС", 100)} == odkb | sco
    assert {h.id for h in store.search("ОДКБ AND ШОС", 100)} == odkb & sco
    assert {h.id for h in store.search("ОДКБ NOT ШОС", 100)} == odkb - sco
    assert {h.id for h in store.search("казахстан*", 100)} >= {
        h.id for h in store.search("Казахстан", 100, exact=True)
    }


def test_malformed_query_is_a_query_error(store: Any) -> None:
    with pytest.raises(QueryError):
        store.search('"unclosed')
    with pytest.raises(ValueError):
        store.search("ОДКБ", 0)


def test_search_ranks_alike(store: Any, sqlite_src: Path) -> None:
    with open_store(f"sqlite:///{sqlite_src}") as ref:
        expected = {h.id for h in ref.search('"коллективной безопасности"', 100)}
    got = {h.id for h in store.search('"коллективной безопасности"', 100)}
    assert got == expected and len(got) >= 3


def test_search_sorts_by_date_alike(store: Any, sqlite_src: Path) -> None:
    by_date = store.search("Казахстан", 100, sort="date")
    best = store.search("Казахстан", 100)
    assert {h.id for h in by_date} == {h.id for h in best} and len(best) >= 10
    days = [h.published for h in by_date]
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True) and days[: len(dated)] == dated  # undated last
    assert [h.id for h in by_date] != [h.id for h in best]  # a real reordering
    with open_store(f"sqlite:///{sqlite_src}") as ref:
        assert [h.id for h in ref.search("Казахстан", 100, sort="date")] == [h.id for h in by_date]
    with pytest.raises(ValueError, match="sort must be one of"):
        store.search("Казахстан", 10, sort="alphabet")


def test_events_quotes_threats_alike(store: Any, sqlite_src: Path) -> None:
    with open_store(f"sqlite:///{sqlite_src}") as ref:
        assert store.threat_counts() == ref.threat_counts()
        assert store.events(limit=500) == ref.events(limit=500)
        assert store.quotes(limit=500) == ref.quotes(limit=500)
        linked = _names(store, store.entity_ids("Лукашенко"))
        assert linked == _names(ref, ref.entity_ids("Лукашенко"))
        assert "Александр Лукашенко" in linked
        quotes = ref.quotes(limit=500)
        if quotes and quotes[0]["speaker"]:
            speaker = quotes[0]["speaker"]
            assert store.quotes(speaker) == ref.quotes(speaker)
        ids = {h.id for h in ref.search("ОДКБ", 100, entity="Лукашенко", since="2024-06")}
        assert {h.id for h in store.search("ОДКБ", 100, entity="Лукашенко", since="2024-06")} == ids


def test_statements_alike(store: Any, sqlite_src: Path) -> None:
    with open_store(f"sqlite:///{sqlite_src}") as ref:
        for actor in ("Пашинян", "per:tokayev", "Евгений Сысоев"):
            found = ref.statements(actor)
            assert found and found["statements"] and store.statements(actor) == found
        assert store.statements("Никто Никаков") is None


def test_calendar_alike(store: Any, sqlite_src: Path) -> None:
    with open_store(f"sqlite:///{sqlite_src}") as ref:
        expected = ref.calendar(as_of="2025-06-01")
        assert expected and store.calendar(as_of="2025-06-01") == expected
        held = ref.calendar(since="2025-09", status="held", as_of="2025-12-01")
        assert held and store.calendar(since="2025-09", status="held", as_of="2025-12-01") == held
        if isinstance(store, PostgresStore):  # refiling every stored event runs there too
            assert store.rebuild_calendar(article_reports) == len(ref.calendar(limit=10_000))
            assert _unnumbered(store.calendar(as_of="2025-06-01")) == _unnumbered(expected)


def _unnumbered(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "id"} for e in entries]


def test_stories_and_kb_profiles_alike(store: Any, sqlite_src: Path) -> None:
    with open_store(f"sqlite:///{sqlite_src}") as ref:
        stories = ref.stories(limit=500)
        assert stories and store.stories(limit=500) == stories
        assert store.stories(since="2025-01-01", limit=500) == ref.stories(
            since="2025-01-01", limit=500
        )
        biggest = max(stories, key=lambda s: s["size"])
        assert _unscored(store.story(biggest["id"])) == _unscored(ref.story(biggest["id"]))
        assert store.story(999_999) is None
        assert store.entity("Казахстан") == ref.entity("Казахстан")
        assert store.entity("Q232")["name"] == "Казахстан"
        assert store.group_pending() == 0


@pytest.mark.parametrize("command", [["events", "--limit", "5"], ["quotes", "--limit", "5"]])
def test_cli_lists_events_and_quotes_alike(
    command: list[str], pg_url: str, sqlite_src: Path
) -> None:
    from click.testing import CliRunner

    from obzor.cli import main

    answers = [
        CliRunner().invoke(main, [*command, "--json", "--db", url])
        for url in (f"sqlite:///{sqlite_src}", pg_url)
    ]
    assert [a.exit_code for a in answers] == [0, 0], answers[1].output
    assert answers[0].output == answers[1].output
    assert json.loads(answers[0].output)  # the sample corpus has both


def test_source_registry(store: Any) -> None:
    name = f"tass-{uuid.uuid4().hex[:6]}"
    added = store.add_source({"name": name, "url": "https://tass.ru/rss/v2.xml"})
    listed = {s["name"]: s for s in store.list_sources()}
    assert listed[name]["id"] == added["id"] and listed[name]["state"]["failures"] == 0


def _unscored(story: dict[str, Any]) -> dict[str, Any]:
    """A story without its members' similarity scores: copy_store re-derives the articles'
    lemmas, so a score may differ in the third decimal; roles and members may not."""
    return {**story, "members": [{**m, "score": None} for m in story["members"]]}


def _names(store: Any, ids: list[int]) -> set[str]:
    rows = store.conn.execute(select(entities.c.name).where(entities.c.id.in_(ids)))
    return {r.name for r in rows}


def test_get_and_has(store: Any) -> None:
    article = store.get(1)
    assert article["title"] == "ОДКБ и ШОС осудили теракт в Подмосковье"
    assert {"name": "Имангали Тасмагамбетов", "type": "PER"}.items() <= article["entities"][
        1
    ].items()
    assert store.get(10_000) is None
    assert store.has("0" * 64) is None


def test_add_is_idempotent(store: Any) -> None:
    import obzor

    article = obzor.analyze_text(f"Заголовок {uuid.uuid4()}\n\nОДКБ провела учения в Минске.")
    first = store.add(article)
    store.commit()
    assert store.add(article) == first
    assert store.has(article.content_hash) == first


def test_entities_and_profiles(store: Any) -> None:
    top = store.entities(limit=3)
    assert top[0]["articles"] >= top[1]["articles"] >= top[2]["articles"] >= 15
    assert "ОДКБ" in {e["name"] for e in top}
    assert all(e["type"] == "PER" for e in store.entities("PER", limit=5))
    profile = store.entity("Александр Лукашенко")
    assert profile["type"] == "PER" and len(profile["reports"]) == profile["articles"] >= 5
    assert "Беларусь" in {n["name"] for n in profile["co_mentioned"]}
    assert sum(p["count"] for p in profile["timeline"]) <= profile["articles"]
    assert store.entity("Нет Такого") is None


def test_entity_browse_alike(store: Any, sqlite_src: Path) -> None:
    found = store.find_entities(["Лукашенко"])
    assert found and found[0]["name"] == "Александр Лукашенко"
    assert store.find_entities(["per:lukashenko"], type="PER")[0]["kb_id"] == "per:lukashenko"
    assert store.find_entities(type="LOC", kb_ids=["Q232", "Q159"], limit=5)
    assert all(e["kb_id"] in ("Q232", "Q159") for e in store.find_entities(kb_ids=["Q232", "Q159"]))
    assert store.find_entities(kb_ids=[]) == [] and store.find_entities(["%"]) == []
    with open_store(f"sqlite:///{sqlite_src}") as lite:
        assert store.find_entities(["Каз"], limit=20) == lite.find_entities(["Каз"], limit=20)
        assert store.find_entities(type="ORG", offset=3) == lite.find_entities(type="ORG", offset=3)


def test_source_grades_alike(store: Any, sqlite_src: Path) -> None:
    ids = [r["id"] for r in store.export_articles("ОДКБ")]
    with open_store(f"sqlite:///{sqlite_src}") as lite:
        assert store.source_grades(ids) == lite.source_grades(ids)
    assert set(store.source_grades(ids)) == set(ids) and store.source_grades([]) == {}


def test_fuzzy_entity_names(store: Any) -> None:
    names = [e["name"] for e in store.similar_entities("Лукашенка Александр", 3)]
    assert "Александр Лукашенко" in names


def test_entity_by_id_or_any_name(store: Any) -> None:
    for query in ("per:tokayev", "Токаеву", "Касым-Жомарта Токаева", "Tokayev", "Тоқаев"):
        profile = store.entity(query)
        assert profile is not None and profile["name"] == "Касым-Жомарт Токаев", query
    assert store.entity("CSTO")["id"] == "org:csto"
    assert store.entity("Никто Никтоев") is None


def test_similar_names_across_scripts(store: Any) -> None:
    for query in ("Tokayev", "Токаев", "Toqaev"):
        assert store.similar_entities(query, 3)[0]["name"] == "Касым-Жомарт Токаев", query
    assert store.similar_entities("Lukashenko", 1)[0]["name"] == "Александр Лукашенко"


def test_listing_filters_and_facets(store: Any) -> None:
    items, total = store.list_articles(5, 0, language="en")
    assert total == 5 and all(i["language"] == "en" for i in items)
    _, kz = store.list_articles(50, 0, country="Казахстан")
    assert kz >= 10
    _, early = store.list_articles(50, 0, date_to="2024-06-30")
    assert 0 < early < 38
    facets = store.facets(store.article_ids())
    assert {f["value"]: f["count"] for f in facets["language"]} == store.stats()["languages"]
    # Over every article, the threat facet is the counts kept at write time (its top ten).
    counts = store.threat_counts()
    shown = {f["value"]: f["count"] for f in facets["threat"]}
    assert shown and all(counts[c] == n for c, n in shown.items())
    assert len(shown) == min(len(counts), 10)


def test_trends_and_related(store: Any) -> None:
    trends = store.trends("country", "week", 3)
    assert len(trends["series"]) == 3
    assert all("-W" in p["period"] for s in trends["series"] for p in s["points"])
    with pytest.raises(ValueError):
        store.trends("nonsense")
    related = store.related(1)
    assert related[0]["id"] == 1 or 1 in {r["id"] for r in related}


def test_users_tokens_are_hashed(store: Any) -> None:
    name = f"u{uuid.uuid4().hex[:8]}"
    token = store.add_user(name, "analyst")
    assert store.authenticate(token)["role"] == "analyst"
    assert store.authenticate(token + "x") is None
    stored = [r.hash for r in store.conn.execute(select(tokens.c.hash))]
    assert token not in stored and len(stored) >= 1
    with pytest.raises(StoreError, match="already exists"):
        store.add_user(name, "viewer")
    with pytest.raises(StoreError, match="unknown role"):
        store.add_user("other", "boss")


def test_saved_searches_and_annotations(store: Any) -> None:
    name = f"u{uuid.uuid4().hex[:8]}"
    store.add_user(name, "analyst")
    uid = store.authenticate(store.issue_token(name))["id"]
    store.save_search(uid, "odkb", "ОДКБ")
    store.save_search(uid, "odkb", "ОДКБ NOT ШОС")  # same name replaces
    assert [s["query"] for s in store.saved_searches(uid)] == ["ОДКБ NOT ШОС"]
    saved = store.saved_searches(uid)[0]["id"]
    assert store.saved_search(uid, saved)["q"] == "ОДКБ NOT ШОС"
    assert store.saved_search(uid + 1, saved) is None  # another user's is not theirs
    assert not store.remove_saved_search(uid + 1, saved)
    assert store.remove_saved_search(uid, saved) and store.saved_searches(uid) == []
    store.annotate(uid, 2, "проверить цифры")
    assert store.annotations(2)[-1]["note"] == "проверить цифры"
    with pytest.raises(StoreError):
        store.annotate(uid, 10_000, "нет статьи")


def test_unreachable_postgres_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        open_store("postgresql://nobody:s3cret@127.0.0.1:1/none")
    with pytest.raises(StoreError) as err:
        open_store("postgresql://nobody:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in str(err.value)


def test_export_rows_and_countries(store: Any) -> None:
    ids = [r["id"] for r in store.export_articles("ОДКБ", since="2024-01-01")]
    assert ids and ids == sorted(h.id for h in store.search("ОДКБ", 1000, since="2024-01-01"))
    assert "Казахстан" in {c["name"] for c in store.countries()}


def test_alert_queue_alike(store: Any) -> None:
    store.add_alert("contract", "ОДКБ", webhook="https://example.org/hook", threat="terrorism")
    try:
        article = next(iter(store.export_articles("ОДКБ", threat="terrorism")))["id"]
        other = next(iter(store.export_articles("паводок")))["id"]
        assert store.queue_alerts(article) == 1
        assert store.queue_alerts(article) == 0  # one per story
        assert store.queue_alerts(other) == 0  # matches neither the query nor the threat
        due = store.due_deliveries("9999", 6)
        assert [(d["alert"], d["article_id"]) for d in due] == [("contract", article)]
        store.mark_sent(due[0]["id"])
        assert store.due_deliveries("9999", 6) == []
        assert store.alert_items("contract")[0]["article_id"] == article
    finally:
        assert store.remove_alert("contract")


def test_counts_kept_at_write_time_equal_the_rows(store: Any) -> None:
    # summary, entities and the dashboard read counts kept as articles are added (tallies.py);
    # they must say what aggregating the rows says, and recount() must rebuild the same.
    from sqlalchemy import case, func

    from obzor.store import tallies
    from obzor.store.schema import articles, mentions, outlets, tally_days, threats
    from obzor.store.threats import MIN_SCORE

    def aggregated() -> dict[str, Any]:
        run = store.conn.execute
        n = func.count()
        per_entity = run(
            select(entities.c.id, func.count(mentions.c.article_id.distinct()), n)
            .join(mentions, mentions.c.entity_id == entities.c.id)
            .group_by(entities.c.id)
        ).all()
        lang = run(select(articles.c.language, n).group_by(articles.c.language)).all()
        outlet = run(
            select(outlets.c.name, n)
            .select_from(articles.outerjoin(outlets, outlets.c.id == articles.c.outlet_id))
            .group_by(outlets.c.name)
        ).all()
        cats = run(
            select(threats.c.category, n)
            .where(threats.c.score >= MIN_SCORE)
            .group_by(threats.c.category)
        ).all()
        day = func.substr(articles.c.published, 1, 10)
        kind = case((entities.c.type == "LOC", "country"), else_="entity")
        named = (
            select(kind, entities.c.name, day, func.count(articles.c.id.distinct()))
            .select_from(
                articles.join(mentions, mentions.c.article_id == articles.c.id).join(
                    entities, entities.c.id == mentions.c.entity_id
                )
            )
            .where(articles.c.published.is_not(None))
            .group_by(kind, entities.c.name, day)
        )
        return {
            "days": sorted(((str(k), str(n), str(d)), int(c)) for k, n, d, c in run(named)),
            "entities": sorted((int(i), int(a), int(m)) for i, a, m in per_entity),
            "languages": {k or "unknown": int(v) for k, v in lang},
            "outlets": {k or "unknown": int(v) for k, v in outlet},
            "threats": {str(k): int(v) for k, v in cats},
            "articles": int(run(select(n).select_from(articles)).scalar_one()),
            "mentions": int(run(select(n).select_from(mentions)).scalar_one()),
        }

    def kept() -> dict[str, Any]:
        stats = store.stats()
        rows = store.conn.execute(
            select(entities.c.id, entities.c.articles, entities.c.mentions).where(
                entities.c.articles > 0
            )
        ).all()
        days = store.conn.execute(
            select(tally_days.c.kind, tally_days.c.key, tally_days.c.day, tally_days.c.n).where(
                tally_days.c.kind != "threat"
            )
        ).all()
        return {
            "days": sorted(((str(k), str(n), str(d)), int(c)) for k, n, d, c in days),
            "entities": sorted((int(i), int(a), int(m)) for i, a, m in rows),
            "languages": stats["languages"],
            "outlets": stats["outlets"],
            "threats": store.threat_counts(),
            "articles": stats["articles"],
            "mentions": stats["mentions"],
        }

    want = aggregated()
    assert want["entities"] and want["threats"] and want["articles"] >= 38
    assert kept() == want
    top = store.entities(limit=5)
    assert [e["articles"] for e in top] == sorted(
        (a for _, a, _ in want["entities"]), reverse=True
    )[:5]
    trend = store.trends("entity", "day", 3)["series"]
    totals: Counter[str] = Counter()
    for (kind, name, _), k in want["days"]:
        totals[name] += k if kind == "entity" else 0
    assert [s["name"] for s in trend] == sorted(totals, key=lambda n: (-totals[n], n))[:3]
    assert [sum(p["count"] for p in s["points"]) for s in trend] == [
        totals[s["name"]] for s in trend
    ]
    with store.write():
        tallies.recount(store.conn)
    assert kept() == want


def test_the_brief_summarizes_alike(store: Any, sqlite_src: Path) -> None:
    """The brief picks its summary sentences by the keys the index holds, on either database."""
    period = ("2025-01-01", "2025-12-31")
    with open_store(f"sqlite:///{sqlite_src}") as ref:
        expected = build_brief(ref, *period)["stories"]
    got = build_brief(store, *period)["stories"]
    assert any(s["summary"] for s in got)
    assert [(s["id"], s["summary"]) for s in got] == [(s["id"], s["summary"]) for s in expected]
