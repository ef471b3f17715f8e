"""The store's Alembic migrations: env.py and one revision file per schema change (versions/)."""
