"""Counts kept at write time (issue 14, part 5): each entity's articles and mentions, and the
tallies table (articles in all, per language, outlet and threat category; mentions), and the
articles per day and name for the trends (tally_days), filled from the rows already stored
(store/tallies.py)."""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the counters, then count what the base holds."""
    # A plain ADD COLUMN on both databases (a constant default needs no table copy, which
    # the mentions' foreign key would refuse in SQLite).
    for name in ("articles", "mentions"):
        column = sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False)
        op.add_column("entities", column)
    op.create_index("entities_articles", "entities", ["articles"])
    op.create_table(
        "tallies",
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key"),
    )
    op.create_table(
        "tally_days",
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("day", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", "day"),
    )
    # The store's own counting code, on the migration's connection (inside its transaction).
    from obzor.store.tallies import recount

    recount(op.get_bind())


def downgrade() -> None:
    """Drop the counts (they are derived: the rows they count stay)."""
    op.drop_table("tally_days")
    op.drop_table("tallies")
    op.drop_index("entities_articles", "entities")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("mentions")
        batch.drop_column("articles")
