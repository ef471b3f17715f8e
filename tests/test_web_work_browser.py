"""The analyst's day in chromium: save a search, make an alert of it, receive the alert (signed
webhook on loopback, and the Atom feed) for an article ingested afterwards, export the search
as CSV and STIX, annotate an article; browse entities; the admin page. Screenshots in
build/screenshots/."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from browser import SHOTS, serve, tab
from obzor.sources.yamlfile import load_sources
from obzor.store import open_store
from test_alerts import receiver

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "sources.yaml"
SECRET = "browser-secret"
NEW_TITLE = "ОДКБ начала учения «Эшелон-2099» в Казахстане"
NEW_TEXT = (
    "Организация Договора о коллективной безопасности (ОДКБ) начала в Казахстане учения "
    "«Эшелон-2099», сообщил генеральный секретарь организации. В учениях участвуют "
    "подразделения Казахстана, Киргизии и Таджикистана."
)


@pytest.fixture(scope="module")
def site(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    path = tmp_path_factory.mktemp("work-browser") / "work.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        analyst = store.add_user("analyst", "analyst")
        admin = store.add_user("boss", "admin")
        for source in load_sources(EXAMPLES):  # TASS, RIA, Kazinform graded B
            store.register(source)
    with serve(url) as base:
        yield {"base": base, "url": url, "analyst": analyst, "admin": admin}


@pytest.fixture(scope="module")
def page(site: dict[str, str]) -> Iterator[Any]:
    with tab(site["base"], site["analyst"]) as page:
        yield page


def _download(page: Any, selector: str) -> str:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_saved_search_alerts_on_a_new_article(page: Any, site: dict[str, str]) -> None:
    from obzor.alerts import deliver

    base = site["base"]
    page.goto(base + "/search?q=ОДКБ")
    page.wait_for_selector("ol.results li.hit")
    page.fill("form.save-search input[name=name]", "ОДКБ каждый день")
    page.click("form.save-search button")
    page.wait_for_url(base + "/saved")
    assert page.locator("table.saved td a").first.inner_text() == "ОДКБ каждый день"
    page.screenshot(path=str(SHOTS / "saved-searches.png"), full_page=True)

    with receiver() as (hook, seen):
        page.click("table.saved a[href^='/alerts?']")  # "alert on new ones": the form filled
        assert page.input_value("form.new-alert input[name=q]") == "ОДКБ"
        page.fill("form.new-alert input[name=name]", "odkb-daily")
        page.fill("form.new-alert input[name=webhook]", hook)
        page.fill("form.new-alert input[name=secret]", SECRET)
        page.click("form.new-alert button")
        page.wait_for_url(base + "/alerts")
        assert "odkb-daily" in page.locator("table.alerts").inner_text()

        # a new article through the API (the ingest route an admin's script would use)
        answer = httpx.post(
            base + "/api/ingest",
            json={"title": NEW_TITLE, "text": NEW_TEXT, "published": "2099-01-02"},
            headers={"Authorization": f"Bearer {site['admin']}"},
        )
        assert answer.status_code == 201, answer.text
        with open_store(site["url"]) as store, httpx.Client() as client:
            assert deliver(store, client, allow_private=True) == {"sent": 1, "failed": 0}
            assert deliver(store, client, allow_private=True) == {"sent": 0, "failed": 0}
        assert len(seen) == 1  # once, however often the queue is drained
    body = seen[0]["body"]
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert seen[0]["headers"]["X-Obzor-Signature"] == signature
    assert json.loads(body)["article"]["title"] == NEW_TITLE

    page.reload()
    row = page.locator("table.alerts tr", has_text="odkb-daily")
    assert row.locator("td.n").all_inner_texts() == ["1", "1"]  # matched, sent
    page.screenshot(path=str(SHOTS / "alerts.png"), full_page=True)
    feed = page.request.get(base + "/api/alerts/odkb-daily/feed")
    assert feed.ok and NEW_TITLE in feed.text() and feed.text().count("<entry>") == 1
    row.locator("a.test").click()
    page.wait_for_selector("ol.results li.hit")
    assert NEW_TITLE in page.locator("ol.results").inner_text()
    page.screenshot(path=str(SHOTS / "alert-test.png"), full_page=True)


def test_export_the_search_as_csv_and_stix(page: Any, site: dict[str, str]) -> None:
    from stix2validator import ValidationOptions, validate_string

    page.goto(site["base"] + "/search?q=ОДКБ&language=ru")
    page.wait_for_selector("ol.results li.hit")
    total = int(page.locator("p.count strong").inner_text())
    rows = list(csv.DictReader(io.StringIO(_download(page, "a.export[data-format=csv]"))))
    assert len(rows) == total > 0 and {r["language"] for r in rows} == {"ru"}
    stix = _download(page, "a.export[data-format=stix]")
    here = Path.cwd()
    os.chdir(SHOTS)  # stix2-validator reads files relative to the working directory
    try:
        result = validate_string(stix, ValidationOptions(version="2.1"))
    finally:
        os.chdir(here)
    assert result.is_valid, [str(e) for o in result.object_results for e in o.errors][:5]
    reports = [o for o in json.loads(stix)["objects"] if o["type"] == "report"]
    assert len(reports) == total


def test_annotate_an_article(page: Any, site: dict[str, str]) -> None:
    page.goto(site["base"] + "/search?q=Эшелон")
    page.click("ol.results li.hit a.title >> nth=0")
    page.wait_for_selector("form.note-form")
    page.fill("form.note-form textarea", "Проверить <b>даты</b> учений по сайту ОДКБ")
    page.click("form.note-form button")
    page.wait_for_selector("li.annotation")
    assert "Проверить <b>даты</b> учений" in page.locator("li.annotation").last.inner_text()
    page.screenshot(path=str(SHOTS / "article-note.png"), full_page=True)


def test_browse_entities_by_country_and_type(page: Any, site: dict[str, str]) -> None:
    page.goto(site["base"] + "/entities")
    page.select_option("form.entity-find select[name=country]", "Q232")
    page.select_option("form.entity-find select[name=type]", "PER")
    page.click("form.entity-find button")
    page.wait_for_selector("table.entity-list")
    names = page.locator("table.entity-list a.hl.entity").all_inner_texts()
    assert "Касым-Жомарт Токаев" in names
    page.screenshot(path=str(SHOTS / "entities.png"), full_page=True)


def test_story_grades_and_english_names(page: Any, site: dict[str, str]) -> None:
    base = site["base"]
    page.goto(base + "/stories")
    page.click("a[href^='/stories/'] >> nth=0")
    page.wait_for_selector("p.grade abbr")
    code = page.locator("p.grade abbr").inner_text()
    assert len(code) == 2 and code[0] in "ABCDEF" and code[1] in "12346"
    assert page.locator("ol.timeline abbr.grade").count() >= 2
    page.screenshot(path=str(SHOTS / "story-grades.png"), full_page=True)
    page.goto(base + "/briefing")
    if page.locator("section.brief-story").count():
        assert page.locator("section.brief-story abbr.grade").count() >= 1
    page.screenshot(path=str(SHOTS / "briefing-grades.png"), full_page=True)
    page.goto(base + "/entities?type=PER&country=Q232&lang=en")
    assert "Kassym-Jomart Tokayev" in page.locator("table.entity-list").inner_text()
    page.screenshot(path=str(SHOTS / "entities-en.png"), full_page=True)
    page.goto(base + "/?lang=ru")


def test_admin_page(page: Any, site: dict[str, str]) -> None:
    page.click("form.logout button")  # the analyst leaves; the admin logs in
    page.wait_for_url(site["base"] + "/login")
    page.fill("input[name=token]", site["admin"])
    page.click("form.login button")
    page.wait_for_url(site["base"] + "/")
    page.click("nav a[href='/admin']")
    page.fill("form.new-user input[name=name]", "reader")
    page.click("form.new-user button")
    token = page.locator("#issued-token").inner_text()
    assert len(token) > 30
    page.fill("form.new-source input[name=name]", "tengri")
    page.fill("form.new-source input[name=url]", "https://tengrinews.kz/rss/")
    page.select_option("form.new-source select[name=reliability]", "B")
    page.click("form.new-source button")
    page.wait_for_selector("table.sources td")
    assert "tengrinews.kz" in page.locator("table.sources").inner_text()
    page.screenshot(path=str(SHOTS / "admin.png"), full_page=True)
    with open_store(site["url"]) as store:
        assert store.authenticate(token)["name"] == "reader"  # type: ignore[index]
