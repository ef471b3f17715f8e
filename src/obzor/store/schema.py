"""Every table of the store, defined once as SQLAlchemy Core metadata (SQLite and PostgreSQL).

The tables are what the Alembic revisions build (store/alembic/versions: the baseline 0010
is what numbered migrations m001-m010 left, 0011 adds the calendar), and
tests/test_store_schema.py checks that create_all() on an empty base equals a base migrated
that way (docs/store-plan.md: the Alembic baseline and the verbs build on this). Not here:
the full-text index (an FTS5 virtual table in SQLite, a table with a tsvector column in
PostgreSQL) and the PostgreSQL-only parts (pg_trgm, insertion-order columns), added per
dialect.
"""

from sqlalchemy import (
    DOUBLE_PRECISION,
    REAL,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeEngine

from obzor.store.packed import JsonText, PackedJson

metadata = MetaData()

# Row ids: SQLite's INTEGER PRIMARY KEY (the rowid) and 64-bit integers in PostgreSQL.
Id: TypeEngine[int] = BigInteger().with_variant(Integer(), "sqlite")
# SQLite's REAL is 8 bytes; PostgreSQL's REAL only 4, so there it is DOUBLE PRECISION.
Real: TypeEngine[float] = REAL().with_variant(DOUBLE_PRECISION(), "postgresql")


def _id() -> Column[int]:
    return Column("id", Id, primary_key=True, autoincrement=True)


def _ref(
    name: str, target: str, *, nullable: bool = False, ondelete: str | None = None
) -> Column[int]:
    return Column(name, Id, ForeignKey(target, ondelete=ondelete), nullable=nullable)


def _text(name: str, *, nullable: bool = True, default: str | None = None) -> Column[str]:
    return Column(name, Text, nullable=nullable, server_default=default)


def _json(name: str, *, default: str | None = None, packed: bool = False) -> Column[str]:
    """A JSON column (json in PostgreSQL since revision 0014, TEXT in SQLite; packed: its
    longer values zlib-packed in SQLite, revisions 0013 and 0015)."""
    kind = PackedJson if packed else JsonText
    return Column(name, kind, nullable=False, server_default=default)


def _int(name: str, *, nullable: bool = True, default: int | None = None) -> Column[int]:
    zero = None if default is None else text(str(default))
    return Column(name, Integer, nullable=nullable, server_default=zero)


# m001: articles and what they mention.
outlets = Table("outlets", metadata, _id(), _text("name", nullable=False), UniqueConstraint("name"))
articles = Table(
    "articles",
    metadata,
    _id(),
    _text("content_hash", nullable=False),
    _text("source", nullable=False),
    _text("ext_id"),
    _text("url"),
    _text("title"),
    _text("published"),
    _ref("outlet_id", "outlets.id", nullable=True),
    _text("dateline"),
    _text("language"),
    _text("text", nullable=False),
    _text("ingested_at", nullable=False),
    UniqueConstraint("content_hash"),
    Index("articles_outlet", "outlet_id"),
    Index("articles_published", "published"),
)
credits = Table(
    "credits",
    metadata,
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _text("name", nullable=False),
    UniqueConstraint("article_id", "name"),
)
entities = Table(
    "entities",
    metadata,
    _id(),
    _text("key", nullable=False),  # kb_id, else "TYPE:casefolded name"
    _text("type", nullable=False),
    _text("name", nullable=False),
    _text("kb_id"),
    # Revision 0012: the articles naming it and its mentions, kept at write time (tallies.py).
    _int("articles", nullable=False, default=0),
    _int("mentions", nullable=False, default=0),
    # Revision 0019: name_key(name), what search --entity matches words in (threats.py).
    _text("name_key"),
    UniqueConstraint("key"),
    Index("entities_type", "type"),
    Index("entities_articles", "articles"),
)
mentions = Table(
    "mentions",
    metadata,
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _ref("entity_id", "entities.id"),
    _int("start", nullable=False),
    _int("end", nullable=False),
    _text("text", nullable=False),
    _text("resolved_by"),  # m002: "role", "pronoun", "gazetteer", "anaphor"
    # Revision 0018: covering, so the entity filter reads no mention row (threats.py).
    Index("mentions_article_entity", "article_id", "entity_id"),
    Index("mentions_entity", "entity_id"),
)
# m002: alias -> entity; entity_id NULL marks an alias several entities share (ambiguous).
entity_aliases = Table(
    "entity_aliases",
    metadata,
    _text("alias", nullable=False),
    _ref("entity_id", "entities.id", nullable=True),
    PrimaryKeyConstraint("alias"),
    Index("entity_aliases_entity", "entity_id"),
)
# m003: one row per article and threat category.
threats = Table(
    "threats",
    metadata,
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _text("category", nullable=False),
    Column("score", Real, nullable=False),
    _json("evidence", default="[]"),  # JSON: [{"start", "end", "text"}]
    PrimaryKeyConstraint("article_id", "category"),
    Index("threats_category", "category", "score"),
)
# m004: typed events and quotes.
events = Table(
    "events",
    metadata,
    _id(),
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _text("type", nullable=False),
    _text("name"),
    _text("date"),
    _text("date_end"),
    _text("date_precision"),
    _text("place"),
    _json("participants", default="[]"),  # JSON [{"name", "id"}]
    _int("evidence_start"),
    _int("evidence_end"),
    _json("data", default="{}", packed=True),  # the whole event as JSON
    Index("events_type_date", "type", "date"),
    Index("events_date", "date"),
    Index("events_article", "article_id"),
)
quotes = Table(
    "quotes",
    metadata,
    _id(),
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _text("speaker"),
    _text("speaker_key"),  # speaker casefolded, ё as е: what --speaker matches
    _text("speaker_id"),
    _int("direct", nullable=False),
    _int("start", nullable=False),
    _int("end", nullable=False),
    _text("text"),  # NULL: the article's text at [start, end) (revision 0017, findings.py)
    Index("quotes_speaker", "speaker_key"),
    Index("quotes_speaker_id", "speaker_id"),
    Index("quotes_article", "article_id"),
)
# m005: stories. A story's id is the id of the article that opened it; its thread a story id.
stories = Table(
    "stories",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=False),
    Column("thread_id", Id, nullable=False),
    Index("stories_thread", "thread_id"),
)
story_articles = Table(
    "story_articles",
    metadata,
    Column(
        "article_id",
        Id,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    _ref("story_id", "stories.id"),
    _text("role", nullable=False),  # first | member | reprint | duplicate
    _ref("original_id", "articles.id", nullable=True, ondelete="SET NULL"),
    Column("score", Real, nullable=False),
    _int("day"),  # ordinal of the publication date; NULL when undated
    # JSON of stories.features.Item: zlib-packed in SQLite (0013), json in PostgreSQL (0014)
    Column("features", PackedJson, nullable=False),
    Index("story_articles_story", "story_id"),
    Index("story_articles_day", "day"),
)
story_terms = Table(
    "story_terms",
    metadata,
    _text("term", nullable=False),
    _int("docs", nullable=False),
    PrimaryKeyConstraint("term"),
    sqlite_with_rowid=False,
)
# m006: the source registry and watch state; m008: item retries.
sources = Table(
    "sources",
    metadata,
    _id(),
    _text("name", nullable=False),
    _text("kind", nullable=False),
    _text("location", nullable=False),
    _text("country"),
    _text("language"),
    _text("reliability", nullable=False, default="F"),  # Admiralty grade A-F
    _text("affiliation"),
    _int("interval_s", nullable=False),
    _text("added_at", nullable=False),
    UniqueConstraint("name"),
)
source_state = Table(
    "source_state",
    metadata,
    Column(
        "source_id",
        Id,
        ForeignKey("sources.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    _text("etag"),
    _text("last_modified"),
    _text("last_item"),
    _text("last_poll"),
    Column("next_poll", Real, nullable=False, server_default=text("0")),
    _int("failures", nullable=False, default=0),
    _text("last_error"),
    _int("last_new", nullable=False, default=0),
    _int("total_new", nullable=False, default=0),
    Index("source_state_next", "next_poll"),
)
source_items = Table(
    "source_items",
    metadata,
    _ref("source_id", "sources.id", ondelete="CASCADE"),
    _text("item_key", nullable=False),
    _ref("article_id", "articles.id", nullable=True, ondelete="SET NULL"),
    _text("seen_at", nullable=False),
    PrimaryKeyConstraint("source_id", "item_key"),
)
# m007: the team server's rows.
users = Table(
    "users",
    metadata,
    _id(),
    _text("name", nullable=False),
    _text("role", nullable=False),
    _text("created_at", nullable=False),
    UniqueConstraint("name"),
)
tokens = Table(
    "tokens",
    metadata,
    _id(),
    _ref("user_id", "users.id", ondelete="CASCADE"),
    _text("hash", nullable=False),
    _text("created_at", nullable=False),
    UniqueConstraint("hash"),
)
saved_searches = Table(
    "saved_searches",
    metadata,
    _id(),
    _ref("user_id", "users.id", ondelete="CASCADE"),
    _text("name", nullable=False),
    _text("query", nullable=False),
    # '{{}}' as m007 wrote it (a brace escape outside an f-string); verbs always set filters.
    _text("filters", nullable=False, default="{{}}"),
    _text("created_at", nullable=False),
    UniqueConstraint("user_id", "name"),
)
annotations = Table(
    "annotations",
    metadata,
    _id(),
    _ref("user_id", "users.id", ondelete="CASCADE"),
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _text("note", nullable=False),
    _text("created_at", nullable=False),
    Index("annotations_article", "article_id"),
)
# m008
source_retries = Table(
    "source_retries",
    metadata,
    _ref("source_id", "sources.id", ondelete="CASCADE"),
    _text("item_key", nullable=False),
    _json("item"),  # the listed item as JSON, to take it again
    _int("attempts", nullable=False, default=0),
    Column("next_try", Real, nullable=False),  # Unix time of the next attempt
    _text("last_error"),
    PrimaryKeyConstraint("source_id", "item_key"),
)
# m010: alerts and their delivery queue.
alerts = Table(
    "alerts",
    metadata,
    _id(),
    _text("name", nullable=False),
    _text("query"),
    _json("filters", default="{}"),  # JSON {threat, entity, since}
    _text("webhook"),
    _text("secret"),  # HMAC-SHA256 key of the webhook's signature
    _text("email"),  # comma-separated addresses
    _text("created_at", nullable=False),
    UniqueConstraint("name"),
)
alert_queue = Table(
    "alert_queue",
    metadata,
    _id(),
    _ref("alert_id", "alerts.id", ondelete="CASCADE"),
    Column("story_id", Id, nullable=False),  # one delivery per alert, story and channel
    _text("channel", nullable=False),  # feed | webhook | email
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _text("created_at", nullable=False),
    _int("attempts", nullable=False, default=0),
    _text("next_at", nullable=False),
    _text("sent_at"),
    _text("error"),
    UniqueConstraint("alert_id", "story_id", "channel"),
    Index("alert_queue_due", "sent_at", "next_at"),
)


def _event_columns() -> list[Column[str]]:
    """What a calendar entry and a calendar report both say of an event."""
    return [
        _text("type", nullable=False),
        _text("name", nullable=False),
        _text("date", nullable=False),
        _text("date_end"),
        _text("date_precision"),
        _text("place"),
        _json("keys", default="[]"),  # JSON: KB ids and casefolded names
    ]


# Revision 0011: the forward calendar (store/calendar.py, docs/calendar.md).
calendar_entries = Table(
    "calendar_entries",
    metadata,
    _id(),
    _text("kind", nullable=False),  # meeting and conference share one
    *_event_columns(),
    _text("status", nullable=False),  # as the reports leave it; overdue is decided when read
    _text("first_day", nullable=False),
    _text("last_day", nullable=False),
    _text("first_seen"),
    _text("last_seen"),
    Index("calendar_entries_kind_day", "kind", "first_day"),
    Index("calendar_entries_last_day", "last_day"),
)
calendar_reports = Table(
    "calendar_reports",
    metadata,
    _id(),
    _ref("entry_id", "calendar_entries.id", ondelete="CASCADE"),
    _ref("article_id", "articles.id", ondelete="CASCADE"),
    _text("published"),
    _text("status", nullable=False),
    _text("rule", nullable=False),
    *_event_columns(),
    _text("evidence", nullable=False),
    _int("start", nullable=False),
    _int("end", nullable=False),
    Index("calendar_reports_entry", "entry_id"),
    Index("calendar_reports_article", "article_id"),
)
# Revision 0012: counts kept at write time (store/tallies.py): kind (articles, language,
# outlet, threat, mentions), key ("" for all, or for none), n.
tallies = Table(
    "tallies",
    metadata,
    _text("kind", nullable=False),
    _text("key", nullable=False),
    _int("n", nullable=False, default=0),
    PrimaryKeyConstraint("kind", "key"),
)
# Revision 0012: articles per day and name (or threat category) for the trends, kept at write
# time: kind (entity, country, threat), key, day (YYYY-MM-DD), n. Their totals are tallies'
# "trend:<kind>" rows.
tally_days = Table(
    "tally_days",
    metadata,
    _text("kind", nullable=False),
    _text("key", nullable=False),
    _text("day", nullable=False),
    _int("n", nullable=False, default=0),
    PrimaryKeyConstraint("kind", "key", "day"),
)
