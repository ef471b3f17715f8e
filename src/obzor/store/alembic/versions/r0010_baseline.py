"""Baseline: the schema numbered migrations m001-m010 built, as Alembic's first revision.

A new base gets it from here; a base made before Alembic (it has schema_version) is brought
to m010 by the frozen numbered migrations and stamped with this revision (store/upgrade.py).
Frozen: a schema change is a new revision after this one, never an edit here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = None
branch_labels = None
depends_on = None

# Row ids: SQLite's INTEGER PRIMARY KEY (the rowid), 64-bit integers in PostgreSQL.
ID: sa.types.TypeEngine[int] = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# SQLite's REAL is 8 bytes; PostgreSQL's only 4, so there it is DOUBLE PRECISION.
REAL: sa.types.TypeEngine[float] = sa.REAL().with_variant(sa.DOUBLE_PRECISION(), "postgresql")

# The full-text index over lemmas (rowid = articles.id). SQLite: FTS5, remove_diacritics 0
# keeps й and ё distinct. PostgreSQL: a plain table with the same columns and a generated
# tsvector (GIN); 'simple' indexes the lemmas as they are (pymorphy3 lemmatized them).
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')",
)
POSTGRES_EXTRAS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE articles_fts (
        rowid BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        fts tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title), 'A')
            || setweight(to_tsvector('simple', body), 'D')
        ) STORED
    )""",
    "CREATE INDEX articles_fts_gin ON articles_fts USING GIN (fts)",
    # Similar names (pg_trgm) and lookups by KB id.
    "CREATE INDEX entities_name_trgm ON entities USING GIN (name gin_trgm_ops)",
    "CREATE INDEX entities_kb ON entities(kb_id)",
    # Insertion order, which SQLite keeps as the rowid of these key-less tables.
    "ALTER TABLE credits ADD COLUMN ord BIGSERIAL PRIMARY KEY",
    "ALTER TABLE mentions ADD COLUMN ord BIGSERIAL PRIMARY KEY",
)


def upgrade() -> None:
    """Create every table, index and the full-text index of the dialect."""
    op.create_table(
        "alerts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=True),
        sa.Column("filters", sa.Text(), server_default="{}", nullable=False),
        sa.Column("webhook", sa.Text(), nullable=True),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "entities",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kb_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("entities_type", "entities", ["type"], unique=False)
    op.create_table(
        "outlets",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "sources",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("reliability", sa.Text(), server_default="F", nullable=False),
        sa.Column("affiliation", sa.Text(), nullable=True),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "stories",
        sa.Column("id", ID, autoincrement=False, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("stories_thread", "stories", ["thread_id"], unique=False)
    op.create_table(
        "story_terms",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("docs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "users",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "articles",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("ext_id", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("outlet_id", ID, nullable=True),
        sa.Column("dateline", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("analysis", sa.Text(), server_default="{}", nullable=False),
        sa.Column("ingested_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet_id"],
            ["outlets.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_index("articles_outlet", "articles", ["outlet_id"], unique=False)
    op.create_index("articles_published", "articles", ["published"], unique=False)
    op.create_table(
        "entity_aliases",
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("entity_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
        ),
        sa.PrimaryKeyConstraint("alias"),
    )
    op.create_index("entity_aliases_entity", "entity_aliases", ["entity_id"], unique=False)
    op.create_table(
        "saved_searches",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("filters", sa.Text(), server_default="{{}}", nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "name"),
    )
    op.create_table(
        "source_retries",
        sa.Column("source_id", ID, nullable=False),
        sa.Column("item_key", sa.Text(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_try", REAL, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("source_id", "item_key"),
    )
    op.create_table(
        "source_state",
        sa.Column("source_id", ID, autoincrement=False, nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_item", sa.Text(), nullable=True),
        sa.Column("last_poll", sa.Text(), nullable=True),
        sa.Column("next_poll", REAL, server_default=sa.text("0"), nullable=False),
        sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_new", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("total_new", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("source_id"),
    )
    op.create_index("source_state_next", "source_state", ["next_poll"], unique=False)
    op.create_table(
        "tokens",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
    )
    op.create_table(
        "alert_queue",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("alert_id", ID, nullable=False),
        sa.Column("story_id", ID, nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_at", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("alert_id", "story_id", "channel"),
    )
    op.create_index("alert_queue_due", "alert_queue", ["sent_at", "next_at"], unique=False)
    op.create_table(
        "annotations",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("annotations_article", "annotations", ["article_id"], unique=False)
    op.create_table(
        "credits",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("article_id", "name"),
    )
    op.create_table(
        "events",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("date_end", sa.Text(), nullable=True),
        sa.Column("date_precision", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("participants", sa.Text(), server_default="[]", nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("events_article", "events", ["article_id"], unique=False)
    op.create_index("events_date", "events", ["date"], unique=False)
    op.create_index("events_type_date", "events", ["type", "date"], unique=False)
    op.create_table(
        "mentions",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("entity_id", ID, nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
        ),
    )
    op.create_index("mentions_article", "mentions", ["article_id"], unique=False)
    op.create_index("mentions_entity", "mentions", ["entity_id"], unique=False)
    op.create_table(
        "quotes",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("speaker_key", sa.Text(), nullable=True),
        sa.Column("speaker_id", sa.Text(), nullable=True),
        sa.Column("direct", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("quotes_article", "quotes", ["article_id"], unique=False)
    op.create_index("quotes_speaker", "quotes", ["speaker_key"], unique=False)
    op.create_index("quotes_speaker_id", "quotes", ["speaker_id"], unique=False)
    op.create_table(
        "source_items",
        sa.Column("source_id", ID, nullable=False),
        sa.Column("item_key", sa.Text(), nullable=False),
        sa.Column("article_id", ID, nullable=True),
        sa.Column("seen_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("source_id", "item_key"),
    )
    op.create_table(
        "story_articles",
        sa.Column("article_id", ID, autoincrement=False, nullable=False),
        sa.Column("story_id", ID, nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("original_id", ID, nullable=True),
        sa.Column("score", REAL, nullable=False),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("features", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["original_id"], ["articles.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
        ),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.create_index("story_articles_day", "story_articles", ["day"], unique=False)
    op.create_index("story_articles_story", "story_articles", ["story_id"], unique=False)
    op.create_table(
        "threats",
        sa.Column("article_id", ID, nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("score", REAL, nullable=False),
        sa.Column("evidence", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "category"),
    )
    op.create_index("threats_category", "threats", ["category", "score"], unique=False)
    extras = POSTGRES_EXTRAS if op.get_bind().dialect.name == "postgresql" else SQLITE_FTS
    for sql in extras:
        op.execute(sql)


def downgrade() -> None:
    """No way down from the first revision: delete the base instead."""
    raise NotImplementedError("the baseline cannot be downgraded")
