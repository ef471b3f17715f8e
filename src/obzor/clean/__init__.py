"""The clean stage: a raw Document becomes an Article with metadata and a clean body text."""

from __future__ import annotations

from collections.abc import Callable

from obzor.clean.boilerplate import which_rule
from obzor.clean.dates import parse_date
from obzor.clean.html import clean_html
from obzor.clean.language import detect_language
from obzor.clean.page import clean_text, explain
from obzor.clean.record import clean_record
from obzor.limits import check_html, cut_text
from obzor.model import Article, Document

__all__ = ["clean", "detect_language", "explain", "parse_date", "which_rule"]

CLEANERS: dict[str, Callable[[Document], Article]] = {
    "text": clean_text,
    "html": clean_html,
    "record": clean_record,
}


def clean(doc: Document) -> Article:
    """The Article for a Document of kind "text", "html" or "record".

    A page with too many elements or attributes raises LimitExceeded; a text longer than
    MAX_TEXT_CHARS is cut (obzor.limits), so no input costs the analysis more than that.
    """
    cleaner = CLEANERS.get(doc.kind)
    if cleaner is None:
        raise ValueError(f"{doc.source}: unknown document kind {doc.kind!r}")
    if doc.kind == "html":
        check_html(doc.content, doc.source)
    article = cleaner(doc)
    article.text = cut_text(article.text)
    return article
