"""Alembic revisions, oldest first: r0010_baseline, then one file per schema change."""
