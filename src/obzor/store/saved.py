"""Saved searches one by one: read and remove a user's saved search (the web forms' verbs)."""

from __future__ import annotations

import json
from typing import Any

from obzor.store.portable import Rows


class SavedMixin(Rows):
    """Store verbs over one saved search of one user (listing and saving are in team.py)."""

    def saved_search(self, user_id: int, search_id: int) -> dict[str, Any] | None:
        """A user's saved search by id ({"id", "name", "q", "filters"}), or None."""
        rows = self._rows(
            "SELECT id, name, query, filters FROM saved_searches WHERE id = ? AND user_id = ?",
            (search_id, user_id),
        )
        if not rows:
            return None
        i, n, q, f = rows[0]
        return {"id": int(i), "name": n, "q": q, "filters": json.loads(f)}

    def remove_saved_search(self, user_id: int, search_id: int) -> bool:
        """Delete a user's saved search (never another user's); True if it existed."""
        rows = self._write(
            "DELETE FROM saved_searches WHERE id = ? AND user_id = ? RETURNING id",
            (search_id, user_id),
        )
        return bool(rows)
