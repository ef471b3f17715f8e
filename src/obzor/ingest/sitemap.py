"""Google-News-style sitemaps: page URLs with publication name, language, date and title."""

from __future__ import annotations

from obzor.ingest.xmlsafe import parse_xml
from obzor.model import Document

_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def sitemap_documents(data: bytes, source: str) -> list[Document]:
    """One empty record Document per <url> (the page is fetched later), declared fields set."""
    root = parse_xml(data, source)
    tag = root.tag.rsplit("}", 1)[-1]
    if tag == "sitemapindex":
        raise ValueError(f"{source}: a sitemap index; add its news sitemaps as sources instead")
    if tag != "urlset":
        raise ValueError(f"{source}: not a sitemap (root element <{tag}>, expected <urlset>)")
    docs = []
    for number, node in enumerate(root.iter(f"{_SM}url"), 1):
        url = _text(node, f"{_SM}loc")
        if not url:
            continue
        fields = {
            "url": url,
            "id": url,
            "title": _text(node, f"{_NEWS}news/{_NEWS}title"),
            "published": _text(node, f"{_NEWS}news/{_NEWS}publication_date")
            or _text(node, f"{_SM}lastmod"),
            "outlet": _text(node, f"{_NEWS}news/{_NEWS}publication/{_NEWS}name"),
            "language": _text(node, f"{_NEWS}news/{_NEWS}publication/{_NEWS}language")[:2],
        }
        docs.append(
            Document(f"{source}#{number}", "record", "", {k: v for k, v in fields.items() if v})
        )
    return docs


def _text(node: object, path: str) -> str:
    found = node.find(path)  # type: ignore[attr-defined]
    return " ".join((found.text or "").split()) if found is not None else ""
