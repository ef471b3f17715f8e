"""Calendar entries as an iCalendar file (RFC 5545), written by hand: all-day VEVENTs.

A month- or year-precise entry spans its whole month or year (DTEND is exclusive, the day
after its last day); the description says how precise the date is and cites the reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

# RFC 5545 STATUS for a VEVENT has three values; obzor's six map onto them.
_ICAL_STATUS = {
    "announced": "TENTATIVE",
    "postponed": "TENTATIVE",
    "overdue": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
}
LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded


def escape_text(value: str) -> str:
    """A TEXT value escaped per RFC 5545 3.3.11 (backslash, semicolon, comma, newline)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets (never inside a UTF-8 character), CRLF-terminated."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # continuation lines lead with " "
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts) + "\r\n"


def _day(value: str) -> str:
    return value.replace("-", "")


def ics(entries: Iterable[dict[str, Any]], stamp: datetime | None = None) -> str:
    """The entries (as store.calendar returns them) as one VCALENDAR."""
    now = (stamp or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//obzor//forward calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for e in entries:
        end = date.fromisoformat(e["last_day"]) + timedelta(days=1)
        cited = "; ".join(
            f"#{r['article_id']} {r.get('published') or '?'} ({r['status']})" for r in e["reports"]
        )
        description = (
            f"{e['type']}, {e['status']}; date {e['date']}"
            + (f"..{e['date_end']}" if e.get("date_end") else "")
            + f" ({e.get('date_precision') or '?'} precision). Reports: {cited}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:obzor-calendar-{e['id']}@obzor",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{_day(e['first_day'])}",
            f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(e['name'])}",
            f"STATUS:{_ICAL_STATUS.get(e['status'], 'TENTATIVE')}",
            f"CATEGORIES:{escape_text(e['type'])}",
            f"DESCRIPTION:{escape_text(description)}",
        ]
        if e.get("place"):
            lines.append(f"LOCATION:{escape_text(e['place'])}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
