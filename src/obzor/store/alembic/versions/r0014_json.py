"""JSON columns as json in PostgreSQL (issue 15): the analysis, threat evidence, event
participants and data, story features, retried items, alert filters and calendar keys.

`json`, not `jsonb`: jsonb keeps no key order, and the CLI's and API's JSON would then list
an event's or an evidence's keys in another order than SQLite (store/packed.py). A query that
needs jsonb's operators or a GIN index can cast (`analysis::jsonb`).

Each column's text is cast (a value that is not JSON would stop the revision, and with it
the upgrade, in its one transaction: nothing half-done). The verbs still read and write text
(store/packed.py, JsonText). SQLite is unchanged. saved_searches.filters stays text: its
default, as migration m007 wrote it, is '{{}}', which is no JSON (the verbs always set it).
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# (table, column, default)
COLUMNS = (
    ("articles", "analysis", "{}"),
    ("threats", "evidence", "[]"),
    ("events", "participants", "[]"),
    ("events", "data", "{}"),
    ("story_articles", "features", None),
    ("source_retries", "item", None),
    ("alerts", "filters", "{}"),
    ("calendar_entries", "keys", "[]"),
    ("calendar_reports", "keys", "[]"),
)


def _retype(kind: str) -> None:
    for table, column, default in COLUMNS:
        name = f'"{column}"'
        if default is not None:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {name} DROP DEFAULT")
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {name} TYPE {kind} USING {name}::{kind}")
        if default is not None:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {name} SET DEFAULT '{default}'")


def upgrade() -> None:
    """Cast each JSON column's text to json (PostgreSQL only)."""
    if op.get_bind().dialect.name == "postgresql":
        _retype("json")


def downgrade() -> None:
    """The columns as text again."""
    if op.get_bind().dialect.name == "postgresql":
        _retype("text")
