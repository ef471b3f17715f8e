"""One APIRouter per noun of the REST API, each with its paths under /api; api/app.py mounts
them all, and what they share (the store, roles, paging, filters, ETags) is in api/deps.py."""
