"""An alert is sent at once or as an hourly or daily digest (issue 16): alerts.digest."""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add alerts.digest; every alert made before is sent at once, as it was."""
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("digest", sa.Text(), nullable=False, server_default="immediate"))


def downgrade() -> None:
    """Drop alerts.digest (digest alerts become immediate ones)."""
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("digest")
