"""Saved searches one by one: read and remove a user's saved search (the web forms' verbs)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select

from obzor.store.portable import Rows
from obzor.store.schema import saved_searches

s = saved_searches.c


class SavedMixin(Rows):
    """Store verbs over one saved search of one user (listing and saving are in team.py)."""

    def saved_search(self, user_id: int, search_id: int) -> dict[str, Any] | None:
        """A user's saved search by id ({"id", "name", "q", "filters"}), or None."""
        rows = self._all(
            select(s.id, s.name, s.query, s.filters).where(s.id == search_id, s.user_id == user_id)
        )
        if not rows:
            return None
        i, n, q, f = rows[0]
        return {"id": int(i), "name": n, "q": q, "filters": json.loads(f)}

    def remove_saved_search(self, user_id: int, search_id: int) -> bool:
        """Delete a user's saved search (never another user's); True if it existed."""
        mine = (s.id == search_id, s.user_id == user_id)
        return bool(self._do(delete(saved_searches).where(*mine).returning(s.id)))
