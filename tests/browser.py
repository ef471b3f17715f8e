"""What the browser tests share: Debian's chromium through Playwright (never a downloaded
browser), a free loopback port and the app served by uvicorn on it."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"


def require_browser() -> Any:
    """Playwright's sync_playwright; skips (fails in CI) without it or /usr/bin/chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and playwright are required in CI (scripts/install-services.sh)")
        pytest.skip("no /usr/bin/chromium or playwright (scripts/install-services.sh)")
    return sync_playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db_url: str) -> Iterator[str]:
    """The team server over db_url on 127.0.0.1 (uvicorn in a thread); its base URL."""
    import uvicorn

    from obzor.api import create_app

    port = free_port()
    config = uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def tab(base: str, token: str) -> Iterator[Any]:
    """A chromium tab logged in with token (through the login form), on the dashboard."""
    sync_playwright = require_browser()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="ru-RU", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(base + "/login")
        page.fill("input[name=token]", token)
        page.click("form.login button")
        page.wait_for_url(base + "/")
        try:
            yield page
        finally:
            context.close()
            browser.close()
