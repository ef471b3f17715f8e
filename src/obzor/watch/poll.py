"""One poll of one source: list its items, ingest the new ones, then save its state.

Crash safety: each new item's article and its row in source_items are committed together, and
the source's state is saved in its own transaction after the items. Killed at any moment, a
restart finds every item either fully stored and marked, or not at all, and polls again.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from obzor.clean import clean
from obzor.clean.dates import parse_date
from obzor.flow import Stored, process
from obzor.ingest.decode import DecodeError
from obzor.limits import LimitExceeded
from obzor.model import Article, Document, Failure
from obzor.net import Fetcher, FetchError
from obzor.net.errors import BlockedAddress, RobotsDenied, TooLarge
from obzor.net.urls import canonical_url
from obzor.nlp.pipeline import Pipeline
from obzor.settings import Settings
from obzor.sources.registry import MIN_INTERVAL_S
from obzor.store import Store
from obzor.store import sources as sql
from obzor.watch.events import log_event
from obzor.watch.listing import list_items, page_text

# Feed summaries run one to three sentences (20-50 words); full-text feeds carry hundreds.
# Below this many words the linked page is fetched for the full article.
FULL_TEXT_WORDS = 60
# Kinds whose items link to the article page; a Telegram post's link is the post itself.
FETCHING_KINDS = frozenset({"rss", "atom", "sitemap", "pages"})
# Refusals that will not change on a retry: the item is marked as seen and not tried again.
PERMANENT = (RobotsDenied, TooLarge, BlockedAddress, DecodeError, LimitExceeded)
# A failed item is tried again after the source's interval, doubling each time up to a day,
# and given up after 8 attempts (about four days at the default 15 min interval).
MAX_ATTEMPTS = 8
RETRY_BACKOFF_S = 24 * 3600


@dataclass(slots=True)
class PollResult:
    """What one poll of one source did."""

    source: str
    new: int = 0
    duplicates: int = 0
    skipped: int = 0  # items already taken in an earlier poll
    not_modified: bool = False
    retry: int = 0  # items that failed for now or were left for the next poll (the cap)
    error: str | None = None  # the source itself failed (nothing listed)
    item_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def backoff_delay(interval_s: int, failures: int, max_backoff_s: int) -> float:
    """Seconds to the next poll: the interval, doubled for each consecutive failure past one."""
    return float(min(interval_s * 2 ** max(failures - 1, 0), max(max_backoff_s, interval_s)))


def poll_source(
    stored: sql.StoredSource,
    store: Store,
    fetcher: Fetcher,
    pipeline: Pipeline,
    settings: Settings,
    now: float | None = None,
) -> PollResult:
    """Poll one source once, ingest its new items and save its state; never raises for I/O."""
    now = time.time() if now is None else now
    source, state = stored.source, stored.state
    result = PollResult(source.name)
    log_event("poll_start", source=source.name, kind=source.kind)
    try:
        listing = list_items(source, state, fetcher)
    except (FetchError, ValueError, OSError) as exc:
        return record_failure(stored, store, settings, str(exc), now)
    result.not_modified = listing.not_modified
    taken = left = 0
    for doc in listing.documents:
        if taken < settings.max_items_per_poll:
            taken += _take(stored, doc, store, fetcher, pipeline, result, now)
        elif store.item_seen(stored.id, item_key(doc)):
            result.skipped += 1
        else:
            left += 1  # for the next poll, which fetches the listing in full
    for item in store.due_retries(stored.id, now, settings.max_items_per_poll - taken):
        taken += _take(stored, _from_json(item), store, fetcher, pipeline, result, now)
    result.retry += left
    if listing.documents:
        state.last_item = item_key(listing.documents[0])
    # With items left by the cap, the validators are dropped: the next poll gets the whole
    # listing (not a 304). Failed items wait in source_retries on their own schedule.
    pending = left > 0
    state.etag = None if pending else listing.etag
    state.last_modified = None if pending else listing.last_modified
    state.failures, state.last_new = 0, result.new
    state.total_new += result.new
    state.last_error = "; ".join(result.item_errors[:3]) or None
    state.last_poll = _iso(now)
    # Items left by the cap are taken soon, not a whole interval later.
    state.next_poll = now + (min(source.interval_s, MIN_INTERVAL_S) if left else source.interval_s)
    store.save_source_state(stored.id, state)
    log_event(
        "poll_done",
        source=source.name,
        new=result.new,
        duplicates=result.duplicates,
        seen=result.skipped,
        not_modified=result.not_modified,
        item_errors=len(result.item_errors),
    )
    return result


def record_failure(
    stored: sql.StoredSource, store: Store, settings: Settings, error: str, now: float
) -> PollResult:
    """Save a failed poll: one more failure, the error, and the next poll backed off."""
    state = stored.state
    state.failures += 1
    state.last_error, state.last_new, state.last_poll = error, 0, _iso(now)
    delay = backoff_delay(stored.source.interval_s, state.failures, settings.max_backoff_s)
    state.next_poll = now + delay
    store.save_source_state(stored.id, state)
    log_event("poll_failed", source=stored.source.name, error=error, failures=state.failures)
    return PollResult(stored.source.name, error=error)


def item_key(doc: Document) -> str:
    """An item's identity within its source: canonical URL, else declared id, else its text."""
    url = doc.fields.get("url")
    if url:
        return canonical_url(url)
    return doc.fields.get("id") or f"{doc.fields.get('title', '')}\n{doc.content}"[:500]


def _take(
    stored: sql.StoredSource,
    doc: Document,
    store: Store,
    fetcher: Fetcher,
    pipeline: Pipeline,
    result: PollResult,
    now: float,
) -> int:
    """Take one item; 1 when it cost work (counted against the per-poll cap), 0 if seen."""
    key = item_key(doc)
    if store.item_seen(stored.id, key):
        result.skipped += 1
        return 0
    try:
        article = to_article(doc, fetcher if stored.source.kind in FETCHING_KINDS else None)
    except PERMANENT as exc:
        _give_up(stored, key, store, result, str(exc))
        return 1
    except Exception as exc:  # transient (network, server, a parser's bug): tried again later
        _defer(stored, doc, key, store, result, str(exc), now)
        return 1
    outcome = process(article, store, pipeline)  # a new article opens the transaction
    if isinstance(outcome, Failure):
        if outcome.stage == "analyze":  # must not stop the watch; kept for a later attempt
            _defer(stored, doc, key, store, result, outcome.reason, now)
        else:
            _give_up(stored, key, store, result, outcome.reason)
        return 1
    if isinstance(outcome, Stored):  # marked in the article's transaction
        store.mark_item(stored.id, key, outcome.id)
        store.commit()
        result.new += 1
        log_event("item_new", source=stored.source.name, item=key, article=outcome.id)
    else:
        store.mark_item(stored.id, key, outcome.id)
        result.duplicates += 1
    return 1


def _defer(
    stored: sql.StoredSource,
    doc: Document,
    key: str,
    store: Store,
    result: PollResult,
    why: str,
    now: float,
) -> None:
    """Keep a failed item for a later attempt (backed off), or give up after MAX_ATTEMPTS."""
    attempts = store.retry_attempts(stored.id, key) + 1
    if attempts >= MAX_ATTEMPTS:
        _give_up(stored, key, store, result, f"{why} (gave up after {MAX_ATTEMPTS} attempts)")
        return
    delay = backoff_delay(stored.source.interval_s, attempts, RETRY_BACKOFF_S)
    fields = {"source": doc.source, "kind": doc.kind, "content": doc.content, "fields": doc.fields}
    item = json.dumps(fields, ensure_ascii=False)
    store.defer_item(stored.id, key, item, why, now + delay)
    result.item_errors.append(f"{key}: {why}")
    result.retry += 1
    log_event("item_failed", source=stored.source.name, item=key, error=why, attempt=attempts)


def _from_json(item: str) -> Document:
    data = json.loads(item)
    return Document(data["source"], data["kind"], data["content"], dict(data["fields"]))


def _give_up(
    stored: sql.StoredSource, key: str, store: Store, result: PollResult, why: str
) -> None:
    store.mark_item(stored.id, key, None)
    result.item_errors.append(f"{key}: {why}")
    log_event("item_skipped", source=stored.source.name, item=key, reason=why)


def to_article(doc: Document, fetcher: Fetcher | None) -> Article:
    """The cleaned Article for an item: its own text, or its linked page when the text is thin.

    Without a fetcher the item's own text is used, however short.
    """
    url = doc.fields.get("url")
    source = canonical_url(url) if url else doc.fields.get("id") or doc.source
    if fetcher is None or len(doc.content.split()) >= FULL_TEXT_WORDS or not url:
        fields = {**doc.fields, "url": source} if url else doc.fields
        return clean(Document(source, "record", doc.content, fields))
    response = fetcher.get(url)
    page = Document(source, "html", page_text(response), {"url": response.url})
    article = clean(page)
    if not article.text.strip() and doc.content.strip():
        return clean(Document(source, "record", doc.content, doc.fields))  # the summary at least
    declared = doc.fields
    article.title = article.title or declared.get("title")
    published = declared.get("published")
    article.published = article.published or (parse_date(published) if published else None)
    article.outlet = article.outlet or declared.get("outlet")
    article.url = canonical_url(response.url)
    article.ext_id = article.ext_id or declared.get("id")
    return article


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
