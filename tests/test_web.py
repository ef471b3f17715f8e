"""The web pages: rendered in Russian or English, login, search facets, and user text escaped."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.store import open_store
from obzor.web import i18n

INJECTED_TITLE = "Взлом <script>window.pwned=1</script> ОДКБ"
INJECTED_TEXT = (
    'Текст про ОДКБ <img src=x onerror="window.pwned=2"> и Казахстан.\n\n'
    "<script>document.title='pwned'</script> Конец."
)


@pytest.fixture(scope="module")
def web(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    from obzor.model import Article

    with open_store(url) as store:
        token = store.add_user("reader", "viewer")
        store.add(Article(source="evil", title=INJECTED_TITLE, text=INJECTED_TEXT, language="ru"))
    with TestClient(create_app(url)) as client:
        client.token = token  # type: ignore[attr-defined]
        yield client


def csrf_of(client: Any) -> str:
    """The CSRF token the login page puts in its form (and its cookie)."""
    page = client.get("/login").text
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@pytest.fixture()
def logged_in(web: Any) -> Any:
    data = {"token": web.token, "csrf": csrf_of(web)}
    r = web.post("/login", data=data, follow_redirects=False)
    assert r.status_code == 303 and "obzor_token" in r.headers["set-cookie"]
    assert "httponly" in r.headers["set-cookie"].lower()
    return web


def test_ui_strings_have_every_id_in_both_languages() -> None:
    messages = i18n.messages()
    assert set(messages) == {"ru", "en"}
    assert set(messages["ru"]) == set(messages["en"])
    assert messages["ru"]["search"] == "Поиск" and messages["en"]["search"] == "Search"


def test_pages_need_a_login(web: Any) -> None:
    web.cookies.clear()
    r = web.get("/search?q=ОДКБ", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    bad = web.post("/login", data={"token": "wrong", "csrf": csrf_of(web)})
    assert bad.status_code == 401 and "Неверный токен" in bad.text


def test_login_and_logout_need_the_csrf_token(web: Any) -> None:
    web.cookies.clear()
    forged = web.post("/login", data={"token": web.token}, follow_redirects=False)
    assert forged.status_code == 403 and "obzor_token" not in forged.headers.get("set-cookie", "")
    token = csrf_of(web)
    wrong = web.post("/login", data={"token": web.token, "csrf": token[::-1]})
    assert wrong.status_code == 403
    web.cookies.clear()  # a cross-site form: the browser sends no SameSite=Strict cookie
    assert web.post("/login", data={"token": web.token, "csrf": token}).status_code == 403
    good = web.post("/login", data={"token": web.token, "csrf": csrf_of(web)})
    assert good.status_code == 200 and 'action="/logout"' in good.text
    assert web.post("/logout", data={}, follow_redirects=False).status_code == 403
    out = web.post("/logout", data={"csrf": csrf_of(web)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"


def test_dashboard_in_russian_and_english(logged_in: Any) -> None:
    ru = logged_in.get("/")
    assert ru.status_code == 200 and "Сводка" in ru.text and 'class="chart"' in ru.text
    en = logged_in.get("/?lang=en")
    assert "Dashboard" in en.text and "By country" in en.text
    assert "Dashboard" in logged_in.get("/").text  # the choice is remembered
    logged_in.get("/?lang=ru")


def test_search_page_highlights_and_facets(logged_in: Any) -> None:
    r = logged_in.get("/search", params={"q": "Казахстану"})
    assert r.status_code == 200
    assert "<mark>Казахстан" in r.text  # inflected forms highlighted
    assert "Уточнить" in r.text and "/search?q=" in r.text and "country=" in r.text
    narrowed = logged_in.get("/search", params={"q": "ОДКБ", "language": "en"})
    assert "Язык: en" in narrowed.text
    bad = logged_in.get("/search", params={"q": "ОДКБ AND"})
    assert bad.status_code == 400 and "AND" in bad.text


def test_article_page_marks_entities_and_links(logged_in: Any) -> None:
    r = logged_in.get("/articles/1")
    assert "ОДКБ и ШОС осудили теракт в Подмосковье" in r.text
    assert 'href="/entities/%D0%98%D0%BC%D0%B0%D0%BD%D0%B3%D0%B0%D0%BB%D0%B8' in r.text
    assert 'id="story-link"' in r.text
    assert logged_in.get("/articles/99999").status_code == 404


def test_entity_and_story_pages(logged_in: Any) -> None:
    r = logged_in.get("/entities/Александр Лукашенко")
    assert r.status_code == 200 and "<svg" in r.text and "Беларусь" in r.text
    related = logged_in.get("/articles/1/related")
    assert "Хронология сообщений" in related.text and "Первым сообщил" in related.text
    assert logged_in.get("/entities/Никто").status_code == 404
    for other in ("per:lukashenko", "Лукашенко", "Александра Лукашенко", "Lukashenko"):
        page = logged_in.get(f"/entities/{other}")
        assert page.status_code == 200 and "Александр Лукашенко" in page.text


def test_story_list_page_filters_by_size_and_shows_roles(logged_in: Any) -> None:
    page = logged_in.get("/stories?min_size=2&sort=importance")
    assert page.status_code == 200 and "Сюжеты" in page.text
    linked = page.text.count('href="/stories/') - 1  # the menu links the list itself
    everything = logged_in.get("/stories?min_size=1&sort=time")
    assert 0 < linked < everything.text.count('href="/stories/') - 1
    story = page.text.split('<a href="/stories/', 2)[2].split('"', 1)[0]
    shown = logged_in.get(f"/stories/{story}")
    assert shown.status_code == 200 and "первое сообщение" in shown.text
    assert logged_in.get("/stories?sort=size").status_code == 422


def test_briefing_page(logged_in: Any) -> None:
    page = logged_in.get("/briefing?day=2025-09-16")
    assert page.status_code == 200 and 'href="/stories/' in page.text and "[#" in page.text
    assert logged_in.get("/briefing?day=вчера").status_code == 400


def test_injected_script_is_escaped(logged_in: Any) -> None:
    hits = logged_in.get("/search", params={"q": "взлом"})
    assert "<script>window.pwned" not in hits.text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in hits.text
    article_id = logged_in.get("/api/search", params={"q": "взлом"}).json()["items"][0]["id"]
    page = logged_in.get(f"/articles/{article_id}")
    assert "<script>document.title" not in page.text and "<img src=x" not in page.text
    assert "&lt;img src=x onerror=" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_highlight_nests_entities_in_quotes_and_escapes() -> None:
    from obzor.web.highlight import Span, render

    text = "Он сказал: «ОДКБ <b>готова</b>». Конец"
    quote = Span(12, 30, "quote", None, "Лавров")
    entity = Span(12, 16, "entity ORG", "/entities/%D0%9E", "ORG: ОДКБ")
    crossing = Span(28, 34, "entity LOC", "/entities/x", "LOC: x")  # crosses the quote's end
    html = str(render(text, [quote, entity, crossing]))
    assert html == (
        'Он сказал: «<mark class="hl quote" title="Лавров"><a class="hl entity ORG" '
        'title="ORG: ОДКБ" href="/entities/%D0%9E">ОДКБ</a> &lt;b&gt;готова&lt;/b&gt;</mark>». '
        "Конец"
    )


def test_open_web_serves_pages_without_login_but_not_the_api(corpus_db: Path) -> None:
    with TestClient(create_app(f"sqlite:///{corpus_db}", open_web=True)) as client:
        page = client.get("/search", params={"q": "ОДКБ"})
        assert page.status_code == 200 and "<mark>ОДКБ</mark>" in page.text
        assert client.get("/api/search", params={"q": "ОДКБ"}).status_code == 401


def test_threat_categories_are_shown_by_name_in_both_languages(logged_in: Any) -> None:
    ru = logged_in.get("/articles/1")  # the Crocus attack: terrorism
    assert '<li class="threat">Терроризм' in ru.text
    en = logged_in.get("/articles/1?lang=en")
    assert '<li class="threat">Terrorism' in en.text
    for page in (ru.text, en.text, logged_in.get("/search?q=ОДКБ").text):
        assert not re.search(r">\s*(military_cooperation|drug_trafficking|terrorism)\b", page)
    trends = logged_in.get("/?by=threat&lang=en").text
    assert "terrorism" not in trends and "military_cooperation" not in trends
