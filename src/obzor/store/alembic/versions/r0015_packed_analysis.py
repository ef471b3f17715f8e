"""Disk per article (issue 14, part 5): an article's analysis JSON (its quotes, threats and
events, 3.0 KB an article on bench-scale's analysed RIA articles) and each event's JSON
(0.7 KB) zlib-packed in SQLite, as revision 0013 packed the story features
(store/packed.py, PackedJson). PostgreSQL is unchanged (json, compressed by TOAST).
"""

from alembic import op

from obzor.store.packed import register_on

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COLUMNS = (("articles", "analysis"), ("events", "data"))


def _rewrite(function: str) -> None:
    if not register_on(op.get_bind()):
        return
    for table, column in COLUMNS:
        op.execute(f"UPDATE {table} SET {column} = {function}({column})")


def upgrade() -> None:
    """Pack the analysis and event JSON (SQLite only)."""
    _rewrite("obzor_pack")


def downgrade() -> None:
    """The analysis and event JSON as text again."""
    _rewrite("obzor_unpack")
