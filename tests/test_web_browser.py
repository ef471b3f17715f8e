"""The web UI in Debian's chromium (Playwright, never a downloaded browser): search -> article
-> entity -> story on the sample corpus, screenshots in build/screenshots/, and an injected
script that stays inert."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import SHOTS, serve, tab
from obzor.model import Article
from obzor.store import open_store

EVIL_TITLE = "Атака <script>window.pwned = 1</script> на ОДКБ"
EVIL_TEXT = 'ОДКБ и <img src=x onerror="window.pwned = 2"> Казахстан. <b>жирный</b>'


@pytest.fixture(scope="module")
def site(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """uvicorn on 127.0.0.1 serving a copy of the sample corpus; its URL and a viewer token."""
    path = tmp_path_factory.mktemp("browser") / "ui.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        token = store.add_user("browser", "viewer")
        evil = store.add(Article(source="evil", title=EVIL_TITLE, text=EVIL_TEXT, language="ru"))
    with serve(url) as base:
        yield {"base": base, "token": token, "evil": str(evil)}


@pytest.fixture(scope="module")
def page(site: dict[str, str]) -> Iterator[Any]:
    with tab(site["base"], site["token"]) as page:
        yield page


def test_search_article_entity_story(page: Any, site: dict[str, str]) -> None:
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    assert page.locator("#trends svg").count() == 1  # the chart drew itself

    page.fill("header input[name=q]", "Казахстану")
    page.press("header input[name=q]", "Enter")
    page.wait_for_selector("ol.results li.hit")
    assert page.locator("ol.results mark").count() >= 1
    assert page.locator("aside.facets").inner_text().count("Страна") == 1
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)

    page.click("ol.results li.hit a.title >> nth=0")
    page.wait_for_selector("article.article h1")
    assert page.locator(".text a.hl.entity").count() >= 1
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)
    article_url = page.url

    entity = page.locator(".text a.hl.entity").first
    name = entity.get_attribute("title").split(": ", 1)[1]
    entity.click()
    page.wait_for_selector("svg.graph")
    assert page.locator("h1").inner_text() == name
    assert page.locator(".chart svg").count() == 1
    page.screenshot(path=str(SHOTS / "entity.png"), full_page=True)

    page.goto(article_url)
    page.click("#story-link")
    page.wait_for_selector("ol.timeline li")
    assert page.locator("#timeline").count() == 1
    page.screenshot(path=str(SHOTS / "story.png"), full_page=True)


def test_english_interface(page: Any, site: dict[str, str]) -> None:
    page.goto(site["base"] + "/?lang=en")
    assert page.locator("nav").inner_text().startswith("Dashboard")
    page.goto(site["base"] + "/?lang=ru")


def test_injected_script_is_inert(page: Any, site: dict[str, str]) -> None:
    page.goto(f"{site['base']}/articles/{site['evil']}")
    page.wait_for_selector("article.article h1")
    assert page.locator("h1").inner_text() == EVIL_TITLE  # shown as text
    assert "<b>жирный</b>" in page.locator(".text").inner_text()
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.goto(site["base"] + "/search?q=атака")
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.screenshot(path=str(SHOTS / "escaped.png"), full_page=True)
