"""The calendar page: announced events as a month grid or a list (docs/calendar.md).

It reads the store's one calendar verb, as `obzor calendar` and GET /api/calendar do, so the
three list the same entries. Month view: the entries dated to a day sit in their days' cells;
those dated only to the month or year are listed above the grid.
"""

from __future__ import annotations

import calendar as stdcal
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from obzor.api.deps import store
from obzor.calendar.entries import STATUSES
from obzor.web.forms import member
from obzor.web.render import error_page, page_language, render
from obzor.yamldata import load_yaml

router = APIRouter(include_in_schema=False)
WORDS = Path(__file__).parents[1] / "calendar.yaml"  # beside web/i18n.yaml
MONTH = r"^\d{4}-\d{2}$"
LIST_LIMIT = 500  # a list view shows this many entries: months of a busy region's news


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """The page's words by language (web/calendar.yaml; ru and en have the same ids)."""
    data = load_yaml(
        Path(__file__).parents[1].joinpath("calendar.yaml").read_text(encoding="utf-8")
    )
    if set(data["ru"]) != set(data["en"]):
        raise ValueError("web/calendar.yaml: ru and en differ in ids")
    return {lang: {k: str(v) for k, v in words.items()} for lang, words in data.items()}


def month_grid(year: int, month: int, entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Weeks (Monday first) of days {day, entries}; days outside the month have day 0."""
    weeks = []
    for week in stdcal.Calendar().monthdayscalendar(year, month):
        row = []
        for day in week:
            iso = date(year, month, day).isoformat() if day else ""
            on = [
                e for e in entries
                if day and e["date_precision"] == "day" and e["first_day"] <= iso <= e["last_day"]
            ]  # fmt: skip
            row.append({"day": day, "entries": on})
        weeks.append(row)
    return weeks


@router.get("/calendar")
def calendar_page(
    request: Request,
    view: str = Query("month", pattern="^(month|list)$"),
    month: str | None = Query(None, pattern=MONTH),
    since: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    until: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    status: str | None = Query(None),
) -> Response:
    if (denied := member(request)) is not None:
        return denied
    if status is not None and status not in STATUSES:
        return error_page(request, 422, f"unknown status {status!r}")
    today = datetime.now(UTC).date()
    shown = month or today.strftime("%Y-%m")
    year, mon = (int(x) for x in shown.split("-"))
    if not 1 <= mon <= 12:
        return error_page(request, 422, f"no month {shown}")
    try:
        if view == "month":
            entries = store(request).calendar(shown, shown, status, limit=LIST_LIMIT)
        else:
            entries = store(request).calendar(since, until, status, limit=LIST_LIMIT)
    except ValueError as exc:
        return error_page(request, 422, str(exc))
    before = date(year - (mon == 1), 12 if mon == 1 else mon - 1, 1).strftime("%Y-%m")
    after = date(year + (mon == 12), 1 if mon == 12 else mon + 1, 1).strftime("%Y-%m")

    def link(**change: Any) -> str:
        params = {"view": view, "month": shown, "since": since, "until": until, "status": status}
        params.update(change)
        return "/calendar?" + urlencode({k: v for k, v in params.items() if v})

    ics = {"since": since, "until": until} if view == "list" else {"since": shown, "until": shown}
    return render(
        request,
        "calendar.html",
        c=strings()[page_language(request)],
        view=view,
        month=shown,
        entries=entries,
        loose=[e for e in entries if e["date_precision"] != "day"],
        weeks=month_grid(year, mon, entries) if view == "month" else [],
        statuses=STATUSES,
        status=status,
        since=since,
        until=until,
        link=link,
        before=before,
        after=after,
        ics="/api/calendar.ics?" + urlencode({**{k: v for k, v in ics.items() if v},
                                               **({"status": status} if status else {})}),
    )  # fmt: skip
