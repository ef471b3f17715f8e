"""Disk per article (issue 14, part 5): SQLite's full-text index keeps no copy of its text.

The FTS5 table becomes contentless (content=''): it stored every article's lemma text a
second time (5.7 KB an article on the load base), which only rebuilding the index reads. That
text moves, zlib-packed, to articles_fts_lemmas (1.7 KB), and the story features' JSON in
story_articles is zlib-packed in place (7.0 -> 2.1 KB; store/packed.py). The index is built
anew from the same text, so every search finds what it found. PostgreSQL is unchanged (its
TOAST compresses long values already).

The freed pages are reused by new rows; `VACUUM` (sqlite3 BASE 'VACUUM') returns them to the
file system. A rebuild of the index reads the packed text: bench/grow.py does.
"""

from alembic import op

from obzor.store.packed import register_on

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CONTENTLESS = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, body, content = '', tokenize = 'unicode61 remove_diacritics 0')"
)


def upgrade() -> None:
    """Move the index's text to the packed table, rebuild the index contentless, pack the
    story features."""
    if not register_on(op.get_bind()):
        return
    op.execute(
        "CREATE TABLE articles_fts_lemmas ("
        " article_id INTEGER NOT NULL PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
        " title TEXT NOT NULL, body TEXT NOT NULL)"
    )
    op.execute(
        "INSERT INTO articles_fts_lemmas (article_id, title, body)"
        " SELECT rowid, title, obzor_pack(body) FROM articles_fts ORDER BY rowid"
    )
    op.execute("DROP TABLE articles_fts")
    op.execute(CONTENTLESS)
    op.execute(
        "INSERT INTO articles_fts (rowid, title, body) SELECT article_id, title,"
        " obzor_unpack(body) FROM articles_fts_lemmas ORDER BY article_id"
    )
    op.execute("UPDATE story_articles SET features = obzor_pack(features)")


def downgrade() -> None:
    """The index with its own copy again; the features as JSON text."""
    if not register_on(op.get_bind()):
        return
    op.execute("UPDATE story_articles SET features = obzor_unpack(features)")
    op.execute("DROP TABLE articles_fts")
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 0')"
    )
    op.execute(
        "INSERT INTO articles_fts (rowid, title, body) SELECT article_id, title,"
        " obzor_unpack(body) FROM articles_fts_lemmas ORDER BY article_id"
    )
    op.execute("DROP TABLE articles_fts_lemmas")
