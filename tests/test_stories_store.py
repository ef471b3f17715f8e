"""Stories in the store: duplicates, reprints and same-event groups on the corpus and seeds."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.flow import Prepared, save
from obzor.model import Article
from obzor.report import build_brief, render_markdown
from obzor.store import open_store
from story_fixtures import article_id, grouped, story_of

__all__ = ["grouped"]  # the session fixture, imported so pytest finds it here

LYAUR = (
    "2025-09-16_asiaplus_csto_exercise_lyaur.html",
    "2025-09-16_tass_csto_exercise_tajikistan.txt",
    "feed_regional_2024-2025.jsonl:1",
)
RATS_TASS = "2025-04-10_tass_rats_sco_council_tashkent.txt"
RATS_ZAKON = "2025-04-10_zakon_rats_sco_council_reprint.html"


def test_three_reports_of_the_lyaur_exercise_form_one_breaking_story(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        ids = [article_id(store, name) for name in LYAUR]
        assert len({story_of(store, i) for i in ids}) == 1
        story = store.story(story_of(store, ids[0]))
    assert story is not None
    assert sorted(story["articles"]) == sorted(ids)
    assert story["size"] == 3
    assert set(story["sources"]) == {"Asia-Plus", "ТАСС", "Kazinform"}
    assert story["breaking"]  # three reports in a day where a story usually gets one


def test_reprint_is_linked_to_the_tass_original(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        tass, zakon = article_id(store, RATS_TASS), article_id(store, RATS_ZAKON)
        story = store.story(story_of(store, tass))
    assert story is not None and zakon in story["articles"]
    roles = {m["id"]: (m["role"], m["original_id"]) for m in story["members"]}
    assert roles[zakon] == ("reprint", tass)
    assert story["first_publication"]["outlet"] == "ТАСС"
    assert story["first_publication"]["id"] == tass


def test_seeds_001_and_004_are_one_story_and_the_interview_is_another(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        interview, tokayev, session = (
            article_id(store, f"seeds/{n}_") for n in ("000", "001", "004")
        )
        assert story_of(store, tokayev) == story_of(store, session)
        assert story_of(store, interview) != story_of(store, session)


def test_different_events_stay_apart(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        astana = article_id(store, "2024-11-28_baigenews_csto_summit_astana.txt")
        bishkek = article_id(store, "2025-11-27_kabar_csto_summit_bishkek.html")
        exercise = article_id(store, "feed_regional_2024-2025.jsonl:5")  # «Рубеж-2024»
        lyaur = article_id(store, LYAUR[0])
        assert story_of(store, astana) != story_of(store, bishkek)  # a year apart
        assert story_of(store, exercise) != story_of(store, lyaur)
        multi = store.db.execute(
            "SELECT COUNT(*) FROM (SELECT story_id FROM story_articles"
            " GROUP BY story_id HAVING COUNT(*) > 1)"
        ).fetchone()[0]
    assert multi == 3  # Ляур, the RATS council, the Minsk session: nothing else merges


def test_exact_duplicate_is_stored_once(grouped) -> None:  # type: ignore[no-untyped-def]
    _, report = grouped
    assert report.duplicates == 1
    with open_store(grouped[0]) as store:
        proxy = article_id(store, "2025-10-08_tass_proxy_operation_dup_a.txt")
        story = store.story(story_of(store, proxy))
    assert story is not None and story["size"] == 1


def _copy_with_a_changed_sentence(store, source: str) -> Article:  # type: ignore[no-untyped-def]
    data = store.get(article_id(store, source))
    sentences = data["text"].split(". ")
    sentences[1] = "Редакция дополнила материал новым предложением о погоде в регионе"
    return Article(
        source=f"{source}#copy",
        text=". ".join(sentences),
        title=data["title"],
        published=data["published"],
        outlet="Копипаст.kz",
        language=data["language"],
    )


def test_near_duplicate_links_to_the_first_copy_and_is_not_counted(grouped, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "copy.db"
    with open_store(grouped[0]) as source_store:
        source_store.db.execute(f"VACUUM INTO '{db}'")
    with open_store(f"sqlite:///{db}") as store:  # reopened: the window comes from the database
        tass = article_id(store, RATS_TASS)
        before = store.story(story_of(store, tass))
        copy = _copy_with_a_changed_sentence(store, RATS_TASS)
        new_id = save(Prepared(replace(copy, lemmas="")), store).id  # add, then group
        after = store.story(story_of(store, tass))
        role = store.db.execute(
            "SELECT role, original_id FROM story_articles WHERE article_id = ?", (new_id,)
        ).fetchone()
    assert before is not None and after is not None
    assert tuple(role) == ("duplicate", tass)
    assert new_id in after["articles"]
    assert after["size"] == before["size"]  # never counted twice
    assert after["duplicates"] == before["duplicates"] + 1


def test_group_pending_regroups_articles_stored_without_stories(grouped, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "pending.db"
    with open_store(grouped[0]) as source_store:
        source_store.db.execute(f"VACUUM INTO '{db}'")
    with open_store(f"sqlite:///{db}") as store:
        ids = [article_id(store, name) for name in LYAUR]
        for table in ("story_articles", "stories", "story_terms"):
            store.db.execute(f"DELETE FROM {table}")
        assert store.group_pending() == store.stats()["articles"]
        assert len({story_of(store, i) for i in ids}) == 1
        assert store.group_pending() == 0


def test_stories_json_contract(grouped) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        main,
        ["stories", "--since", "2025-09-01", "--until", "2025-09-30", "--json", "--db", grouped[0]],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    keys = {
        "id",
        "title",
        "articles",
        "first_seen",
        "last_seen",
        "sources",
        "entities",
        "threats",
        "breaking",
    }
    assert data and all(keys <= set(s) for s in data)
    lyaur = [s for s in data if len(s["articles"]) == 3]
    assert len(lyaur) == 1 and lyaur[0]["breaking"] is True
    assert "Взаимодействие-2025" in lyaur[0]["title"]
    assert all(s["first_seen"] and s["last_seen"][:7] >= "2025-09" for s in data)


def test_story_command_and_its_errors(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        story_id = story_of(store, article_id(store, RATS_TASS))
    shown = CliRunner().invoke(main, ["story", str(story_id), "--db", grouped[0]])
    assert shown.exit_code == 0, shown.output
    assert "reprint <- #" in shown.output
    missing = CliRunner().invoke(main, ["story", "999999", "--db", grouped[0]])
    assert missing.exit_code == 1 and "no story with id 999999" in missing.output
    bad = CliRunner().invoke(main, ["stories", "--since", "yesterday", "--db", grouped[0]])
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_threat_filter_keeps_only_stories_with_that_threat(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        everything = store.stories(limit=1000)
        category = next(c for s in everything for c in s["threats"])
        only = store.stories(threat=category, limit=1000)
        none = store.stories(threat="no-such-category")
    assert only and all(category in s["threats"] for s in only)
    assert len(only) < len(everything)
    assert none == []


def test_min_size_and_importance_sort_in_store_cli_and_api(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        everything = store.stories(limit=1000)
        multi = store.stories(limit=1000, min_size=2)
        ranked = store.stories(limit=1000, sort="importance")
        top = store.stories(limit=2, sort="importance")
        with pytest.raises(ValueError, match="sort must be one of"):
            store.stories(sort="size")
    assert {s["id"] for s in multi} == {s["id"] for s in everything if s["size"] >= 2}
    assert len(multi) == 3  # Ляур, the RATS council, the Minsk session
    scores = [s["importance"] for s in ranked]
    assert scores == sorted(scores, reverse=True) and len(ranked) == len(everything)
    assert [s["id"] for s in top] == [s["id"] for s in ranked[:2]]
    assert ranked[0]["size"] == 3  # the Ляур exercise, three outlets, leads
    shown = CliRunner().invoke(
        main, ["stories", "--min-size", "2", "--sort", "importance", "--json", "--db", grouped[0]]
    )
    assert shown.exit_code == 0, shown.output
    listed = [s["id"] for s in json.loads(shown.output)]
    assert listed == [s["id"] for s in ranked if s["size"] >= 2]
    bad = CliRunner().invoke(main, ["stories", "--min-size", "0", "--db", grouped[0]])
    assert bad.exit_code == 2


def test_first_report_and_roles_agree_with_publication_times(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        stories = store.stories(limit=1000, min_size=2, members=True)
    for story in stories:
        members = story["members"]
        times = {m["id"]: m["seen"] for m in members}
        firsts = [m for m in members if m["role"] == "first"]
        assert len(firsts) == 1 and story["first_publication"]["id"] == firsts[0]["id"]
        originals = [m["seen"] for m in members if m["role"] not in ("reprint", "duplicate")]
        assert firsts[0]["seen"] == min(s for s in originals if s)
        for m in members:
            if m["original_id"] is not None:
                assert times[m["original_id"]] <= m["seen"]


def test_story_view_flags_disagreeing_figures_and_shows_the_thread(grouped, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "figures.db"
    with open_store(grouped[0]) as source_store:
        source_store.db.execute(f"VACUUM INTO '{db}'")
    url = f"sqlite:///{db}"
    report = Article(  # a unit example: one more report of the exercise, with another figure
        source="unit/lyaur-other-figure",
        title="В Таджикистане проходят учения ОДКБ «Взаимодействие-2025»",
        text="На полигоне Ляур в Таджикистане идут учения Коллективных сил оперативного "
        "реагирования ОДКБ «Взаимодействие-2025». В учениях участвуют около 3000 "
        "военнослужащих России, Казахстана, Кыргызстана и Таджикистана, сообщил генерал "
        "Андрей Сердюков.",
        published="2025-09-16T18:00:00+03:00",
        outlet="Вестник",
        language="ru",
    )
    later = replace(
        report,
        source="unit/lyaur-results",
        title="Учения ОДКБ «Взаимодействие-2025» в Таджикистане завершились",
        published="2025-09-20T18:00:00+03:00",
    )
    with open_store(url) as store:
        lyaur = story_of(store, article_id(store, LYAUR[0]))
        added = save(Prepared(report), store).id
        assert story_of(store, added) == lyaur
        follow_up = story_of(store, save(Prepared(later), store).id)
        story = store.story(lyaur)
        brief = render_markdown(build_brief(store, "2025-09-16", "2025-09-20"), "en")
    assert "**Figures disagree** (participants): около 2,5 тыс. военнослужащих" in brief
    assert f"около 3000 военнослужащих [#{added}]" in brief
    assert (
        "Thread:\n- 2025-09-20: Учения ОДКБ «Взаимодействие-2025» в Таджикистане завершились"
        in brief
    )
    assert story is not None and follow_up != lyaur
    participants = next(f for f in story["figures"] if f["what"] == "participants")
    values = {(v["value"], v["article_id"]) for v in participants["values"]}
    assert (3000.0, added) in values and {v for v, _ in values} == {2500.0, 3000.0}
    assert [t["id"] for t in story["thread"]] == [lyaur, follow_up]  # oldest first
    shown = CliRunner().invoke(main, ["story", str(lyaur), "--db", url])
    assert "figures disagree (participants)" in shown.output
    assert f"#{follow_up}" in shown.output and "thread (2 stories" in shown.output
