"""Source kinds, and telling them apart from the URL or path and the first bytes of content."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# rss covers RSS 2.0, RSS 1.0 (RDF) and Atom alike: feedparser reads all three.
KINDS = ("rss", "atom", "sitemap", "pages", "telegram_export", "telegram_preview")
KIND_HELP = {
    "rss": "RSS 2.0 or RDF feed",
    "atom": "Atom feed",
    "sitemap": "Google-News-style sitemap (urlset with news:news)",
    "pages": "a list of article page URLs, one per line (a file or a URL)",
    "telegram_export": "Telegram Desktop JSON export (result.json)",
    "telegram_preview": "public channel web preview, https://t.me/s/<channel>",
}
_TG_PREVIEW = re.compile(r"^https?://(?:www\.)?t\.me/s/[A-Za-z0-9_]{4,64}/?$", re.IGNORECASE)
_TG_CHANNEL = re.compile(r"^https?://(?:www\.)?t\.me/([A-Za-z0-9_]{4,64})/?$", re.IGNORECASE)
# The root element decides; 2 KB covers an XML declaration, comments and a stylesheet line.
_HEAD = 2048


def preview_url(location: str) -> str:
    """t.me/<channel> as its web preview t.me/s/<channel>; other locations unchanged."""
    match = _TG_CHANNEL.match(location.strip())
    return f"https://t.me/s/{match.group(1)}" if match else location.strip()


def detect_kind(location: str, head: bytes | None = None) -> str | None:
    """The kind a location and its first bytes show, or None when they do not tell."""
    location = preview_url(location)
    if _TG_PREVIEW.match(location):
        return "telegram_preview"
    if head is not None:
        found = sniff(head)
        if found:
            return found
    path = urlsplit(location).path.lower() if "://" in location else location.lower()
    if path.endswith("result.json"):
        return "telegram_export"
    if "sitemap" in path:
        return "sitemap"
    if path.endswith(".atom") or "atom" in path.rsplit("/", 1)[-1]:
        return "atom"
    if path.endswith(".rss") or "rss" in path or "/feed" in path:
        return "rss"
    if path.endswith((".txt", ".list")):
        return "pages"
    return None


def sniff(head: bytes) -> str | None:
    """The kind the start of a document shows: feed, sitemap, Telegram export, page list."""
    text = head[:_HEAD].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    low = text.lower()
    if low.startswith("{"):
        return "telegram_export" if '"messages"' in low or '_channel"' in low else None
    if "<feed" in low and "http://www.w3.org/2005/atom" in low:
        return "atom"
    if "<rss" in low or "<rdf:rdf" in low:
        return "rss"
    if "<urlset" in low or "<sitemapindex" in low:
        return "sitemap"
    if "tgme_widget_message" in low or "tgme_channel_info" in low:
        return "telegram_preview"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(line.startswith(("http://", "https://", "#")) for line in lines[:20]):
        return "pages"
    return None
