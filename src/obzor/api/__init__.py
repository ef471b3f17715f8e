"""The team server: REST API (FastAPI) and the web pages, over one store URL."""

from __future__ import annotations

from obzor.api.app import create_app

__all__ = ["create_app"]
