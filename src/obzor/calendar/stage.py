"""The calendar stage: the article's calendar reports, read before the store files them.

The store stores (docs/architecture.md): `store.add` writes `Article.calendar` into its entries
and reports and reads nothing else of the article for it, so this stage runs where the other
analysis runs (a worker process in `ingest --workers`), not inside the write transaction.
"""

from __future__ import annotations

from obzor.calendar.reports import article_reports
from obzor.model import Article


def set_calendar(article: Article) -> None:
    """Pipeline stage: every calendar report of the article (calendar/reports.py)."""
    article.calendar = article_reports(article)
