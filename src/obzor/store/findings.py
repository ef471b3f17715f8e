"""An article's findings read from their rows: quotes, threats and events as Article.to_json()
writes them.

The rows are the one copy (Alembic revision 0016 dropped the `analysis` JSON column that
repeated them): `get()`, the story views and the brief read them here, in batches of ids.
Quotes and events come in the order they were added (their ids); threats by score, highest
first, then category, the order the threats stage gives them.

A quote's text and an evidence's sentence are the article's own text at their offsets, so
the rows keep the offsets only (revision 0017): a quote's `text` is NULL and an evidence has
no "text" key where they equal `Article.text[start:end]`, and are written out where they do
not (`slim`, `slim_one`). Reading puts them back (`quote_text()` in SQL, `full`, `full_one`).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from obzor.model import Quote
from obzor.store.dialect import id_set, id_values
from obzor.store.schema import articles as art
from obzor.store.schema import events as ev
from obzor.store.schema import quotes as qt
from obzor.store.schema import threats as th

Findings = dict[str, list[dict[str, Any]]]  # {"quotes": [...], "threats": [...], "events": [...]}


def quote_text() -> ColumnElement[str]:
    """A quote's text (labelled "text"): its own where stored, else the article's text at its
    offsets; the query joins `articles`."""
    said = func.substr(art.c.text, qt.c.start + 1, qt.c.end - qt.c.start)
    return func.coalesce(qt.c.text, said).label("text")


def evidence_text() -> ColumnElement[str]:
    """An event's evidence sentence, the article's text at the event row's offsets (labelled
    "said"); the query joins `articles`."""
    start, end = ev.c.evidence_start, ev.c.evidence_end
    return func.substr(art.c.text, start + 1, end - start).label("said")


def with_evidence(data: dict[str, Any], said: str | None) -> dict[str, Any]:
    """An event's JSON as read, its evidence's text put back from said (evidence_text())."""
    evidence = data.get("evidence")
    if not isinstance(evidence, dict) or "text" in evidence or said is None:
        return data
    return {**data, "evidence": {**evidence, "text": said}}


def stored_quote(text: str, article_text: str, start: int, end: int) -> str | None:
    """What a quote row keeps of its text: None where the article's text at its offsets is it."""
    return None if article_text[start:end] == text else text


def slim_one(evidence: dict[str, Any], article_text: str) -> dict[str, Any]:
    """An evidence as stored: without its "text" where that is the article's at its offsets."""
    start, end = evidence.get("start"), evidence.get("end")
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and evidence.get("text") == article_text[start:end]
    ):
        return {k: v for k, v in evidence.items() if k != "text"}
    return evidence


def full_one(evidence: dict[str, Any], article_text: str) -> dict[str, Any]:
    """An evidence as read: its "text" back from the article where the row left it out."""
    if "text" in evidence:
        return evidence
    return {**evidence, "text": article_text[int(evidence["start"]) : int(evidence["end"])]}


def slim(evidence: list[dict[str, Any]], article_text: str) -> list[dict[str, Any]]:
    return [slim_one(e, article_text) for e in evidence]


def full(evidence: list[dict[str, Any]], article_text: str) -> list[dict[str, Any]]:
    return [full_one(e, article_text) for e in evidence]


def slim_event(data: dict[str, Any], article_text: str) -> dict[str, Any]:
    """An event's JSON as stored (its evidence slimmed)."""
    evidence = data.get("evidence")
    if not isinstance(evidence, dict):
        return data
    return {**data, "evidence": slim_one(evidence, article_text)}


def full_event(data: dict[str, Any], article_text: str) -> dict[str, Any]:
    """An event's JSON as read (its evidence's text back)."""
    evidence = data.get("evidence")
    if not isinstance(evidence, dict):
        return data
    return {**data, "evidence": full_one(evidence, article_text)}


def empty() -> Findings:
    return {"quotes": [], "threats": [], "events": []}


def findings(conn: Connection, article_ids: Collection[int]) -> dict[int, Findings]:
    """Each article's quotes, threats and events as JSON-ready dicts (every id has an entry)."""
    found = {int(i): empty() for i in article_ids}
    if not found:
        return found
    params = id_values(conn, found)
    ids = id_set(conn.dialect.name).scalar_subquery()
    quotes = (
        select(qt.c.article_id, quote_text(), qt.c.start, qt.c.end, qt.c.direct, qt.c.speaker,
               qt.c.speaker_id)
        .join(art, art.c.id == qt.c.article_id)
        .where(qt.c.article_id.in_(ids))
        .order_by(qt.c.article_id, qt.c.id)
    )  # fmt: skip
    for aid, text, start, end, direct, speaker, speaker_id in conn.execute(quotes, params):
        quote = Quote(text, int(start), int(end), bool(direct), speaker, speaker_id)
        found[int(aid)]["quotes"].append(quote.to_json())
    threats = (
        select(th.c.article_id, th.c.category, th.c.score, th.c.evidence)
        .where(th.c.article_id.in_(ids))
        .order_by(th.c.article_id, th.c.score.desc(), th.c.category)
    )
    for aid, category, score, evidence in conn.execute(threats, params):
        threat = {"category": category, "score": float(score), "evidence": json.loads(evidence)}
        found[int(aid)]["threats"].append(threat)
    events = (
        select(ev.c.article_id, ev.c.data, evidence_text())
        .join(art, art.c.id == ev.c.article_id)
        .where(ev.c.article_id.in_(ids))
        .order_by(ev.c.article_id, ev.c.id)
    )
    for aid, data, said in conn.execute(events, params):
        found[int(aid)]["events"].append(with_evidence(json.loads(data), said))
    texts = _texts(conn, {aid for aid, f in found.items() if f["threats"]})
    for aid, text in texts.items():
        for threat in found[aid]["threats"]:
            threat["evidence"] = full(threat["evidence"], text)
    return found


def _texts(conn: Connection, article_ids: Collection[int]) -> dict[int, str]:
    """The texts of the articles (those whose evidences are read back from them)."""
    if not article_ids:
        return {}
    ids = id_set(conn.dialect.name).scalar_subquery()
    query = select(art.c.id, art.c.text).where(art.c.id.in_(ids))
    return {int(i): str(t) for i, t in conn.execute(query, id_values(conn, article_ids))}
