"""Feeds and sitemaps: parsed by feedparser and defusedxml; entity bombs refused, clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from local_server import Route, serve
from obzor.cli import main
from obzor.ingest.feeds import feed_documents, html_to_text
from obzor.ingest.sitemap import sitemap_documents
from obzor.ingest.xmlsafe import UnsafeXML
from watch_site import BOMB, atom, rss, sitemap

ENV = {"OBZOR_ALLOW_PRIVATE_ADDRESSES": "1", "OBZOR_HOST_DELAY_MS": "0"}
BASE = "https://vestnik.example"


def test_rss_entries_with_declared_fields() -> None:
    docs = feed_documents(rss(BASE), "vestnik")
    assert len(docs) == 9
    first = docs[0]
    assert first.fields["title"] == "Генсек ОДКБ прибыл в Ереван"
    assert first.fields["outlet"] == "Вестник ОДКБ"
    assert first.fields["language"] == "ru"
    assert first.fields["published"] == "Fri, 14 Mar 2025 09:00:00 +0300"
    assert first.content.startswith("Генеральный секретарь ОДКБ")  # content:encoded wins
    assert docs[1].content == "Учения."  # a summary only: the watch fetches the page


def test_atom_and_rdf() -> None:
    (entry,) = feed_documents(atom(BASE), "sco")
    assert entry.fields["url"] == f"{BASE}/en/sco-ministers"
    assert entry.fields["published"] == "2025-03-15T09:00:00Z"
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>R</title></channel>
    <item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link>
    <description>Text one.</description></item></rdf:RDF>"""
    (item,) = feed_documents(rdf, "rdf")
    assert (item.fields["title"], item.content) == ("One", "Text one.")


def test_google_news_sitemap() -> None:
    (page,) = sitemap_documents(sitemap(BASE), "kaz")
    assert page.fields == {
        "url": f"{BASE}/pages/sitemap-page.html",
        "id": f"{BASE}/pages/sitemap-page.html",
        "title": "Казахстан и Кыргызстан завершили демаркацию границы",
        "published": "2025-03-13T08:15:00+05:00",
        "outlet": "Казинформ",
        "language": "ru",
    }
    with pytest.raises(ValueError, match="sitemap index"):
        sitemap_documents(b"<sitemapindex xmlns='x'/>", "idx")


@pytest.mark.parametrize("parse", [feed_documents, sitemap_documents])
def test_billion_laughs_is_refused(parse: object) -> None:
    with pytest.raises(UnsafeXML, match="refused: the XML declares entities"):
        parse(BOMB, "bomb")  # type: ignore[operator]


def _bomb_in(encoding: str, bom: bytes = b"") -> bytes:
    declared = BOMB.replace(b'version="1.0"', f'version="1.0" encoding="{encoding}"'.encode())
    return bom + declared.decode("ascii").encode(encoding)


@pytest.mark.parametrize(
    "data",
    [
        _bomb_in("utf-16-le", b"\xff\xfe"),
        _bomb_in("utf-16-be", b"\xfe\xff"),
        _bomb_in("utf-16-le"),  # no BOM: the first bytes tell
        _bomb_in("utf-16-be"),
        _bomb_in("utf-32-le", b"\xff\xfe\x00\x00"),
        _bomb_in("utf-32-be"),
        _bomb_in("utf-7"),  # '<' is '+ADw-' in UTF-7
        _bomb_in("cp037"),  # EBCDIC
        BOMB.replace(b"<!ENTITY", b"<!entity"),
    ],
    ids=[
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "utf32le",
        "utf32be",
        "utf7",
        "ebcdic",
        "lowercase",
    ],
)
@pytest.mark.parametrize("parse", [feed_documents, sitemap_documents])
def test_entity_declarations_are_refused_in_every_encoding(data: bytes, parse: object) -> None:
    with pytest.raises(UnsafeXML, match="declares entities"):
        parse(data, "bomb")  # type: ignore[operator]


def test_a_feed_in_utf16_without_entities_is_read() -> None:
    feed = rss(BASE).decode("utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    docs = feed_documents(b"\xff\xfe" + feed.encode("utf-16-le"), "vestnik")
    assert docs[0].fields["title"] == "Генсек ОДКБ прибыл в Ереван"


def test_not_a_feed() -> None:
    with pytest.raises(ValueError, match="not a readable RSS/Atom feed"):
        feed_documents(b"<html><body>hello</body></html>", "page")


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>Один &amp; два</p><p>Три<br>четыре</p>") == "Один & два\nТри\nчетыре"


def test_bomb_source_fails_with_a_clear_message_and_ssrf_is_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    run = CliRunner().invoke
    with serve({"/bomb.xml": Route(BOMB, content_type="application/xml")}) as site:
        run(main, ["sources", "add", "bomb", f"{site.base}/bomb.xml", "--kind", "rss", "--db", db])
        result = run(main, ["watch", "--once", "--db", db], env=ENV)
        assert "declares entities" in result.output
        # without the setting, the loopback server itself is refused
        refused = run(main, ["sources", "check", "bomb", "--json", "--db", db], env={})
        assert refused.exit_code == 1
        assert "is a loopback address" in json.loads(refused.output)[0]["detail"]


def test_obzor_ingest_reads_a_saved_feed(tmp_path: Path) -> None:
    feed = tmp_path / "sco.atom"
    feed.write_bytes(atom(BASE))
    db = f"sqlite:///{tmp_path / 'f.db'}"
    result = CliRunner().invoke(main, ["ingest", str(feed), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingested: 1" in result.output
