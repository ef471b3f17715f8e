"""The web UI in Debian's chromium (Playwright, never a downloaded browser): search -> article
-> entity -> story on the sample corpus, screenshots in build/screenshots/, and an injected
script that stays inert."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from obzor.model import Article
from obzor.store import open_store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
EVIL_TITLE = "Атака <script>window.pwned = 1</script> на ОДКБ"
EVIL_TEXT = 'ОДКБ и <img src=x onerror="window.pwned = 2"> Казахстан. <b>жирный</b>'


def _require_browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and playwright are required in CI (scripts/install-services.sh)")
        pytest.skip("no /usr/bin/chromium or playwright (scripts/install-services.sh)")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """uvicorn on 127.0.0.1 serving a copy of the sample corpus; its URL and a viewer token."""
    import uvicorn

    from obzor.api import create_app

    path = tmp_path_factory.mktemp("browser") / "ui.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        token = store.add_user("browser", "viewer")
        evil = store.add(Article(source="evil", title=EVIL_TITLE, text=EVIL_TEXT, language="ru"))
    port = _free_port()
    config = uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield {"base": f"http://127.0.0.1:{port}", "token": token, "evil": str(evil)}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(site: dict[str, str]) -> Iterator[Any]:
    sync_playwright = _require_browser()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        tab.goto(site["base"] + "/login")
        tab.fill("input[name=token]", site["token"])
        tab.click("form.login button")
        tab.wait_for_url(site["base"] + "/")
        yield tab
        context.close()
        browser.close()


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
