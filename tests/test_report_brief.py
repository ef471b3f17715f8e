"""`obzor brief`: structure, citations on every claim, escaping, languages, the chart."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from unittest import mock

from click.testing import CliRunner

from obzor.cli import main
from obzor.report import brief, build_brief, render_html, render_markdown
from obzor.report.chart import trend_png
from obzor.store import open_store
from story_fixtures import grouped

__all__ = ["grouped"]

CITE = re.compile(r"\[#(\d+)\]")
SEPTEMBER = ("2025-09-01", "2025-09-30")


def test_markdown_brief_has_its_sections_and_every_claim_cites_its_article(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        data = build_brief(store, *SEPTEMBER)
    text = render_markdown(data)
    for heading in (
        "# Обзор: 2025-09-01 — 2025-09-30",
        "## Сводка",
        "## Главные сюжеты",
        "## По странам и местам",
        "## Предстоящие события",
    ):
        assert heading in text.splitlines()
    lyaur = next(s for s in data["stories"] if s["size"] == 3)
    assert data["stories"][0] is lyaur  # the biggest, breaking story leads
    assert 2 <= len(lyaur["summary"]) <= 3
    after = text.split(f'<a id="story-{lyaur["id"]}">')[1].splitlines()[1:]
    section = "\n".join(line for line in after[: next(
        i for i, line in enumerate(after) if line.startswith("#")
    )])  # fmt: skip
    claims = [line for line in section.splitlines() if line.strip() and not line.endswith(":")]
    assert claims, section
    for line in claims:
        cited = {int(n) for n in CITE.findall(line)}
        assert cited and cited <= set(lyaur["articles"]), line
    assert "Андрей Сердюков" in section  # a quote with its speaker
    assert "Первая публикация: ТАСС" in section


def test_html_brief_escapes_everything_and_embeds_the_chart(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        data = build_brief(store, *SEPTEMBER)
    data["stories"][0]["title"] = '<script>alert("x")</script>'
    data["trend"] = {"2025-09-16": {"terrorism": 2}, "2025-09-17": {"terrorism": 1}}
    html = render_html(data, lang="en")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<img alt="Trend by category" src="data:image/png;base64,' in html
    assert "<h2>Top stories</h2>" in html and "Обзор" not in html
    assert html.count("<section") == len(data["stories"])


def test_upcoming_events_are_listed_with_their_citation() -> None:
    story = {
        "id": 7, "title": "Саммит ОДКБ", "size": 1, "breaking": False, "category": None,
        "first_publication": {"id": 7, "outlet": "ТАСС", "seen": "2025-11-01", "url": None},
        "summary": [], "quotes": [], "members": [], "entities": [],
    }  # fmt: skip
    data = {
        "since": "2025-11-01", "until": "2025-11-01", "stories": [story], "total_stories": 1,
        "total_articles": 1, "duplicates": 0, "by_category": {}, "by_place": {}, "trend": {},
        "upcoming": [{"date": "2025-11-27", "name": "саммит ОДКБ", "place": "Бишкек",
                      "article_id": 7, "story_id": 7}],
    }  # fmt: skip
    text = render_markdown(data, lang="en")
    assert "- 2025-11-27: саммит ОДКБ, Бишкек [#7]" in text
    assert "## Upcoming events" in text


def test_trend_chart_is_a_png() -> None:
    png = trend_png({"2025-09-16": {"terrorism": 2}}, "trend")
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert trend_png({}, "trend") is None


def test_brief_command_writes_markdown_with_its_chart_and_html(grouped, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "brief.md"
    args = ["brief", "--since", SEPTEMBER[0], "--until", SEPTEMBER[1], "--db", grouped[0]]
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Обзор: 2025-09-01")
    html = CliRunner().invoke(main, [*args, "--format", "html", "--lang", "en"])
    assert html.exit_code == 0 and html.output.startswith("<!doctype html>")
    (tmp_path / "html").mkdir()
    page = tmp_path / "html" / "brief.html"
    written = CliRunner().invoke(main, [*args, "--format", "html", "--out", str(page)])
    assert written.exit_code == 0, written.output
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not page.with_suffix(".png").exists()  # HTML embeds its chart
    both = CliRunner().invoke(main, ["brief", "--date", "2025-09-16", "--since", "2025-09-01"])
    assert both.exit_code == 2 and "not both" in both.output


def test_the_brief_names_categories_in_its_language_never_by_id(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        data = build_brief(store, *SEPTEMBER)
    assert data["by_category"]
    ids = set(data["by_category"])
    for lang, name in (("ru", "Военное сотрудничество"), ("en", "Military cooperation")):
        for text in (render_markdown(data, lang), render_html(data, lang)):
            assert not any(re.search(rf"\b{c}\b", text) for c in ids), lang
            if "military_cooperation" in ids:
                assert name in text


class _Unkeyed:
    """A store whose index holds no keys: every summary sentence is lemmatized, as before."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def text_keys(self, article_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
        return {}


def test_summaries_from_the_index_keys_are_the_lemmatized_ones(grouped) -> None:  # type: ignore[no-untyped-def]
    with open_store(grouped[0]) as store:
        keyed = build_brief(store, *SEPTEMBER)
        firsts = [s["first_publication"]["id"] for s in keyed["stories"]]
        kazakh = set(firsts) - set(store.text_keys(firsts))  # the index keys Kazakh stems
        assert len(kazakh) == 1 and len(firsts) > 1
        with mock.patch.object(brief.morph, "lemmatize", wraps=brief.morph.lemmatize) as spy:
            assert build_brief(store, *SEPTEMBER) == keyed
        read = " ".join(" ".join(t.split()) for t in store.texts(list(kazakh)).values())
        title = next(s["title"] for s in keyed["stories"] if s["first_publication"]["id"] in kazakh)
        assert spy.call_args_list  # only the Kazakh story's words are lemmatized
        assert all(c.args[0] == title or c.args[0] in read for c in spy.call_args_list)
        lemmatized = build_brief(_Unkeyed(store), *SEPTEMBER)
    assert any(s["summary"] for s in keyed["stories"])
    assert render_markdown(keyed) == render_markdown(lemmatized)
    assert keyed == lemmatized
