"""PostgreSQL's search table with narrow rows (issue 14, part 5): `articles_fts` keeps each
article's lemma text and tsvector out of line (TOAST), its row in the table itself about 200
bytes instead of 1.3 KB, so fetching the matches the GIN index found reads a page per ~40
rows instead of one per match (at 100,000 articles the table's own part went from 130 MB to
20 MB; the GIN-first search of "Казахстан", 3,900 matches, 50 -> 15 ms). A value is moved
out of line once its row passes 2 KB, until the row fits `toast_tuple_target` (128 bytes,
the least PostgreSQL allows); CLUSTER writes the rows stored before this revision that way
(in id order; about 20 s for 100,000 articles), under an exclusive lock. SQLite: nothing.
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE articles_fts SET (toast_tuple_target = 128)")
    op.execute("CLUSTER articles_fts USING articles_fts_pkey")
    op.execute("ANALYZE articles_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE articles_fts RESET (toast_tuple_target)")
    op.execute("CLUSTER articles_fts USING articles_fts_pkey")
