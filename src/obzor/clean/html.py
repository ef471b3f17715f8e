"""HTML pages: trafilatura for the main text and metadata, <head> tags as the fallback."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import trafilatura
from htmldate import find_date

from obzor.clean.boilerplate import strip_furniture
from obzor.clean.dates import parse_date
from obzor.clean.language import detect_language
from obzor.clean.metadata import text_metadata
from obzor.clean.pubdate import publication_date
from obzor.clean.text import join_paragraphs, normalize_line, paragraphs
from obzor.clean.title import choose_title, page_headlines
from obzor.model import Article, Document
from obzor.text import fold

# trafilatura runs htmldate's fast search (dated elements only); its extensive search reads
# free text and copyright lines ("© 2024" -> 2024-01-01), so obzor runs it only as the guarded
# last resort in clean.pubdate. original_date prefers the publication date over a later
# "updated" one. trafilatura's filedate (today) is never read.
DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}

# <nav> and <footer> are never article text; without them a page that has no article yields
# nothing instead of its menu.
PRUNE_XPATH = ["//nav", "//footer"]

# Fewer words than this after furniture removal is a menu or an error page, not an article
# (the shortest real news briefs run to a few dozen words).
MIN_BODY_WORDS = 8

# Meta tags live in <head>; 200 kB covers heads bloated by inline scripts and styles.
HEAD_CHARS = 200_000

_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
)


def clean_html(doc: Document) -> Article:
    """An Article from decoded HTML; a page without main text gives an empty text."""
    content, url = doc.content, doc.fields.get("url")
    result = _extract(content, url) if content.strip() else None
    meta = head_meta(content)
    extracted = (result.get("text") or "") if result else ""
    sitename = _text(result, "sitename") or meta.get("og:site_name")
    title = choose_title(
        [_text(result, "title"), meta.get("og:title"), _unsuffixed(meta.get("title"), sitename)],
        page_headlines(meta.get("og:title"), content),
    )
    paras = paragraphs(extracted)
    if paras and title and fold(paras[0]) == fold(normalize_line(title)):
        paras = paras[1:]  # trafilatura repeats the <h1> headline as the first line
    found_date = publication_date(
        paragraphs=paras,  # before furniture removal drops "Опубликовано: ..." lines
        meta=_published(_text(result, "date"), meta),
        url=url or _text(result, "url"),
        html=content,
        extensive=lambda: _extensive_date(content, url),
    )
    paras = strip_furniture(paras)
    if sum(len(p.split()) for p in paras) < MIN_BODY_WORDS:
        paras = []
    found = text_metadata(paras, fallback_outlets=[sitename])
    text = join_paragraphs(paras)
    return Article(
        source=doc.source,
        text=text,
        title=normalize_line(title) if title else None,
        published=found_date.value if found_date else None,
        outlet=found.outlet,
        url=url or _text(result, "url") or meta.get("og:url"),
        ext_id=doc.fields.get("id"),
        credited_sources=found.credited,
        dateline=found.dateline,
        language=detect_language(text or title or ""),
    )


def head_meta(content: str) -> dict[str, str]:
    """<meta> values by lowercased property/name/itemprop, plus "title" and JSON-LD date."""
    head = content[:HEAD_CHARS]
    found: dict[str, str] = {}
    for tag in _META.finditer(head):
        attrs = {k.lower(): v.strip("\"'") for k, v in _ATTR.findall(tag.group())}
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and key.lower() not in found:
            found[key.lower()] = normalize_line(htmllib.unescape(value))
    title = _TITLE.search(head)
    if title and normalize_line(htmllib.unescape(title[1])):
        found["title"] = normalize_line(htmllib.unescape(title[1]))
    jsonld = _JSONLD_DATE.search(head)
    if jsonld and "datepublished" not in found:
        found["datepublished"] = jsonld[1]
    return found


def _extract(content: str, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura's text and metadata as a dict; the URL lets htmldate read a date from it."""
    result = trafilatura.bare_extraction(
        content,
        url=url,
        with_metadata=True,
        include_comments=False,
        prune_xpath=PRUNE_XPATH,
        date_extraction_params=DATE_PARAMS,
    )
    if result is None:
        return None
    return result if isinstance(result, dict) else dict(result.as_dict())


def _extensive_date(content: str, url: str | None) -> str | None:
    """htmldate's extensive search (page text, copyright lines), run only as a last resort."""
    if not content.strip():
        return None
    try:
        return find_date(content, url=url, extensive_search=True, original_date=True)
    except (ValueError, TypeError):  # htmldate raises on pages lxml cannot parse
        return None


def _published(extracted: str | None, meta: dict[str, str]) -> str | None:
    """trafilatura's date, refined by a meta timestamp of the same day; else the meta date."""
    found = parse_date(extracted) if extracted else None
    stamped = next((d for d in (parse_date(meta[k]) for k in _DATE_KEYS if k in meta) if d), None)
    if found and stamped and stamped.startswith(found):
        return stamped
    return found or stamped


def _unsuffixed(title: str | None, sitename: str | None) -> str | None:
    """<title> without a trailing " | Site name" or " - Site name"."""
    if title and sitename and title.endswith(sitename):
        return title[: -len(sitename)].rstrip(" |-–—:·") or title
    return title


def _text(result: dict[str, Any] | None, key: str) -> str | None:
    value = result.get(key) if result else None
    return str(value) if value else None
