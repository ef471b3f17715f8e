"""HTML pages: trafilatura's text and metadata, head-tag fallbacks, never an invented date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from obzor.clean import clean
from obzor.clean import html as html_clean
from obzor.clean.html import head_meta
from obzor.model import Article, Document

HTML = Path(__file__).parent / "data" / "html"

FURNITURE = ("Поделиться", "Читайте также", "cookie", "Главная", "©", "Все права защищены")


def _page(name: str) -> Article:
    return clean(Document(str(HTML / name), "html", (HTML / name).read_text(encoding="utf-8")))


def test_news_page() -> None:
    a = _page("news_ru.html")
    assert a.title == "ОДКБ проведет учения «Взаимодействие-2024» в Казахстане"
    assert a.published == "2024-04-03T10:15:00+05:00"  # the meta timestamp refines the day
    assert (a.outlet, a.dateline, a.language) == ("ТАСС", "Астана", "ru")
    assert a.credited_sources == [
        "ТАСС",
        "пресс-служба Министерства обороны республики",
        "Минобороны",
    ]
    assert a.url == "https://vestnik.example.kz/news/odkb-ucheniya"
    assert a.text.startswith("АСТАНА, 3 апреля. /ТАСС/. Совместные учения")
    assert a.text.endswith("в кризисной ситуации в Центральной Азии.")
    assert a.text.count("\n\n") == 3
    for junk in (*FURNITURE, "Токаев провел заседание Совбеза", "Принять"):
        assert junk not in a.text
    assert a.title not in a.text  # the repeated <h1> is not body text


def test_page_without_a_date() -> None:
    a = _page("nodate_ru.html")
    assert a.published is None  # not today, not the copyright year
    assert a.title == "Эксперты обсудили безопасность в Центральной Азии"
    assert a.outlet == "Политический обзор"
    assert a.text.startswith("На круглом столе в Бишкеке")
    assert "Поделиться" not in a.text


def test_english_page() -> None:
    a = _page("english.html")
    assert a.title == "CSTO leaders meet in Minsk amid rising tensions"
    assert a.published == "2023-11-23T18:56:00+06:00"
    assert (a.outlet, a.dateline, a.language) == ("AP", "Minsk", "en")
    assert a.text.startswith("MINSK, Belarus (AP) — Leaders")
    for junk in ("Share this article", "Related articles", "Armenia skips", "All rights reserved"):
        assert junk not in a.text


def test_empty_page_gives_empty_text() -> None:
    a = _page("empty.html")
    assert a.text == ""
    assert a.title == "Страница не найдена"
    assert a.published is None


@pytest.mark.parametrize("content", ["", "   ", "<html></html>", "<p>", "not html at all"])
def test_degenerate_input_never_raises(content: str) -> None:
    a = clean(Document("x.html", "html", content))
    assert a.text == ""
    assert a.published is None


def test_kazakh_page() -> None:
    a = _page("fallback.html")
    assert a.language == "kk"
    assert a.title == "ШЫҰ саммиті Астанада өтті"
    assert a.published == "2024-07-04T12:30:00+05:00"
    assert a.outlet == "Дала жаңалықтары"


def test_head_meta_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """When trafilatura finds nothing, the <head> tags give title, date, outlet and URL."""

    def nothing(content: str, url: str | None = None) -> dict[str, Any] | None:
        return None

    monkeypatch.setattr(html_clean, "_extract", nothing)
    a = _page("fallback.html")
    assert a.title == "ШЫҰ саммиті Астанада өтті"
    assert a.published == "2024-07-04T12:30:00+05:00"
    assert a.outlet == "Дала жаңалықтары"
    assert a.url == "https://dala.example.kz/news/shyu-sammit"
    assert a.text == ""


def test_title_fallback_drops_the_site_suffix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_clean, "_extract", lambda content, url=None: None)
    content = "<html><head><title>Саммит в Астане | Вестник</title>"
    content += '<meta property="og:site_name" content="Вестник"></head></html>'
    a = clean(Document("x.html", "html", content))
    assert (a.title, a.outlet) == ("Саммит в Астане", "Вестник")


def test_head_meta() -> None:
    meta = head_meta((HTML / "fallback.html").read_text(encoding="utf-8"))
    assert meta["og:title"] == "ШЫҰ саммиті Астанада өтті"  # content before property
    assert meta["og:site_name"] == "Дала жаңалықтары"  # single quotes
    assert meta["article:published_time"] == "2024-07-04T12:30:00+05:00"
    assert meta["title"] == "ШЫҰ саммиті Астанада өтті | Дала жаңалықтары"


def test_trafilatura_date_without_meta_stays_a_day() -> None:
    content = (HTML / "english.html").read_text(encoding="utf-8").replace("datePublished", "x")
    content = content.replace("<h1>", '<p class="date">November 23, 2023</p><h1>')
    a = clean(Document("x.html", "html", content))
    assert a.published == "2023-11-23"


def test_date_from_the_declared_url() -> None:
    content = (HTML / "nodate_ru.html").read_text(encoding="utf-8")
    url = "https://example.kz/2024/04/03/eksperty-obsudili"
    a = clean(Document("x.html", "html", content, {"url": url}))
    assert (a.published, a.url) == ("2024-04-03", url)


def test_declared_fields_win() -> None:
    content = (HTML / "nodate_ru.html").read_text(encoding="utf-8")
    a = clean(Document("x.html", "html", content, {"url": "https://x.example/1", "id": "7"}))
    assert (a.url, a.ext_id) == ("https://x.example/1", "7")
