"""The forward calendar (issue 17): calendar_entries and calendar_reports, filled from the
events already stored (store/calendar.py, docs/calendar.md)."""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Row ids: SQLite's INTEGER PRIMARY KEY (the rowid), 64-bit integers in PostgreSQL.
ID: sa.types.TypeEngine[int] = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _event_columns() -> list[sa.Column[str]]:
    """What an entry and a report both say of an event (keys: JSON, KB ids and names)."""
    return [
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date", sa.Text(), nullable=False),
        sa.Column("date_end", sa.Text(), nullable=True),
        sa.Column("date_precision", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("keys", sa.Text(), server_default="[]", nullable=False),
    ]


def upgrade() -> None:
    """Create the two tables, then file every stored event into them."""
    op.create_table(
        "calendar_entries",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        *_event_columns(),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("first_day", sa.Text(), nullable=False),
        sa.Column("last_day", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.Text(), nullable=True),
        sa.Column("last_seen", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("calendar_entries_kind_day", "calendar_entries", ["kind", "first_day"])
    op.create_index("calendar_entries_last_day", "calendar_entries", ["last_day"])
    op.create_table(
        "calendar_reports",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("entry_id", ID, nullable=False),
        sa.Column("article_id", ID, nullable=False),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        *_event_columns(),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["calendar_entries.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("calendar_reports_entry", "calendar_reports", ["entry_id"])
    op.create_index("calendar_reports_article", "calendar_reports", ["article_id"])
    # A base with articles gets their calendar now: the calendar stage's reading of each
    # stored article, filed by the store's own code on the same connection (inside the
    # migration's transaction).
    from obzor.calendar.reports import article_reports
    from obzor.store.calendar import rebuild

    rebuild(op.get_bind(), article_reports)


def downgrade() -> None:
    """Drop the calendar (it is derived: the events it came from stay)."""
    op.drop_table("calendar_reports")
    op.drop_table("calendar_entries")
