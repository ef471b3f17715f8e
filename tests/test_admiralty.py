"""Source reliability in use: the Admiralty code ("B2") of a story's claims, from the sources
that vouch for its independent reports; shown in the brief and on the story page; ranking."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from obzor.report import build_brief, render_html, render_markdown
from obzor.report.admiralty import grade, independent_reports, label, rank_bonus, rules
from obzor.sources.yamlfile import load_sources
from obzor.store import open_store
from story_fixtures import grouped

__all__ = ["grouped"]

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "sources.yaml"


@pytest.mark.parametrize(
    ("reports", "code", "low"),
    [
        ([("TASS", "B"), ("Kazinform", "B"), ("Kabar", None)], "B1", False),  # 3 outlets
        ([("TASS", "B"), ("Blog", "E")], "B2", False),
        ([("TASS", "B"), ("tass", "B")], "B3", False),  # one outlet reported twice
        ([("Kazinform", "C")], "C3", False),
        ([("Blog", "D")], "D4", True),
        ([("Blog", None)], "F6", True),  # no registered source vouches
        ([("Blog", "E"), ("Forum", "F")], "E2", True),  # two outlets, neither reliable
        ([], "F6", False),
    ],
)
def test_grade_follows_the_rules(reports: list[Any], code: str, low: bool) -> None:
    g = grade(reports)
    assert g.code == code and g.low_only is low


def test_every_grade_has_labels_and_rules_are_complete() -> None:
    r = rules()
    assert set(r.reliability) == set("ABCDEF")
    assert all(v["ru"] and v["en"] for v in r.reliability.values())
    assert label(grade([("TASS", "B"), ("Kabar", "C")]), "en") == "usually reliable, probably true"
    assert label(grade([("Blog", None)]), "ru") == (
        "надёжность нельзя оценить, достоверность нельзя оценить"
    )
    # a reliable source and more independent outlets rank higher
    one_f, one_b, two_b = grade([("x", None)]), grade([("x", "B")]), grade([("x", "B"), ("y", "F")])
    assert rank_bonus(one_f) < rank_bonus(one_b) < rank_bonus(two_b)


def test_reprints_are_not_independent() -> None:
    story = {
        "articles": [1, 2, {"id": 3}],
        "reprints": [{"id": 2, "original_id": 1, "role": "reprint"}],
    }
    assert independent_reports(story) == [1, 3]


@pytest.fixture(scope="module")
def graded(grouped: Any, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The grouped corpus with examples/sources.yaml registered (TASS, RIA, Kazinform: B)."""
    path = tmp_path_factory.mktemp("graded") / "g.db"
    shutil.copy(grouped[0].removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        for source in load_sources(EXAMPLES):
            store.register(source)
    return url


def test_source_grades_by_watch_outlet_and_host(graded: str) -> None:
    with open_store(graded) as store:
        rows = store.conn.exec_driver_sql(
            "SELECT a.id, o.name, a.url FROM articles AS a"
            " LEFT JOIN outlets AS o ON o.id = a.outlet_id"
        ).all()
        grades = store.source_grades([r[0] for r in rows])
        assert set(grades) == {r[0] for r in rows}
        by_outlet = {r[1]: grades[r[0]]["reliability"] for r in rows if r[1]}
        kazinform = [o for o in by_outlet if o.casefold() in ("kazinform", "казинформ")]
        assert kazinform and all(by_outlet[o] == "B" for o in kazinform)
        assert by_outlet.get("ТАСС") == "B"  # the source "tass", in another script
        assert None in by_outlet.values()  # an outlet no source vouches for
        # an article the watch took from a source gets that source's grade
        unvouched = next(r[0] for r in rows if grades[r[0]]["reliability"] is None)
        store.register(
            load_sources(EXAMPLES)[0].__class__(
                name="blog", kind="rss", location="https://blog.example/rss", reliability="E"
            )
        )
        blog = store.stored_source("blog")
        assert blog is not None
        store.mark_item(blog.id, "https://blog.example/1", unvouched)
        store.commit()
        assert store.source_grades([unvouched])[unvouched]["reliability"] == "E"


def test_the_brief_shows_codes_beside_claims_and_ranks_by_them(graded: str) -> None:
    with open_store(graded) as store:
        data = build_brief(store, "2025-09-01", "2025-09-30")
    assert data["stories"]
    for story in data["stories"]:
        code = story["admiralty"]["code"]
        assert code[0] in "ABCDEF" and code[1] in "12346"
        for sentence in story["summary"]:
            assert sentence["grade"][1] == code[1]  # the story's credibility, the report's source
    keys = [s["importance"] + s["rank_bonus"] for s in data["stories"]]
    assert keys == sorted(keys, reverse=True)
    text = render_markdown(data)
    first = data["stories"][0]
    assert f"`{first['admiralty']['code']}`" in text
    low = [s for s in data["stories"] if s["admiralty"]["low_only"]]
    if low:
        assert text.count("только источники с низкой или неизвестной надёжностью") >= len(low)
    html = render_html(data, "en")
    assert "<abbr" in html and first["admiralty"]["code"] in html


def test_story_page_and_dashboard_show_and_use_the_grades(graded: str) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from obzor.api import create_app

    with open_store(graded) as store:
        token = store.add_user("grader", "viewer")
        stories = store.stories(limit=200)
        ids = [i for s in stories for i in s["articles"]]
        grades = store.source_grades(ids)
    kazinform = next(s for s in stories
                     if any(grades[i]["reliability"] == "B" for i in s["articles"]))  # fmt: skip
    unvouched = next(s for s in stories
                     if all(grades[i]["reliability"] is None for i in s["articles"]))  # fmt: skip
    with TestClient(create_app(graded)) as client:
        bearer = {"Authorization": f"Bearer {token}"}
        page = client.get(f"/stories/{kazinform['id']}", headers=bearer).text
        assert re.search(r'<p class="grade">Оценка: <abbr [^>]+>B[1-6]</abbr>', page)
        assert '<abbr class="grade" title="Надёжность">B</abbr>' in page
        low = client.get(f"/stories/{unvouched['id']}", headers=bearer).text
        assert '<p class="grade low">' in low and "только источники с низкой" in low
        assert '<abbr class="grade" title="Надёжность">F</abbr>' in low
