"""The entity filter at scale (issue 14, part 5): each entity keeps its name's key
(obzor.text.name_key) in `entities.name_key`, so `search --entity NAME` finds the entities
whose name holds the words in SQL, instead of folding every entity's name in Python on every
search (a cost that grew with the entities table). Filled here from the names stored; kept by
the store when it writes a name; `obzor reindex` writes it anew after the key changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

BATCH = 5000  # entities keyed per statement


def upgrade() -> None:
    # A plain ADD COLUMN (nullable, no default): no table copy in SQLite.
    op.add_column("entities", sa.Column("name_key", sa.Text(), nullable=True))
    from obzor.store.entities import rekey

    rekey(op.get_bind(), BATCH)


def downgrade() -> None:
    op.execute("ALTER TABLE entities DROP COLUMN name_key")  # SQLite >= 3.35: no table copy
