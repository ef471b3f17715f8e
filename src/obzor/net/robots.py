"""robots.txt, fetched once per host and cached; a missing file allows everything."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

RobotsGetter = Callable[[str], tuple[int, bytes]]  # URL -> (status, body); status 0 = failed


class Robots:
    """Answers whether a URL may be fetched by the product token of a User-Agent."""

    def __init__(self, user_agent: str, get: RobotsGetter) -> None:
        self.agent = user_agent.split("/")[0].strip() or user_agent
        self.get = get
        self._parsers: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of url's host lets obzor fetch it."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            parser = self._parsers.get(origin)
        if parser is None:
            parser = self._load(origin)
            with self._lock:
                self._parsers[origin] = parser
        return parser.can_fetch(self.agent, url)

    def _load(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser()
        status, body = self.get(origin + "/robots.txt")
        if status in (401, 403):
            lines = ["User-agent: *", "Disallow: /"]  # the site closes itself to robots
        elif status == 200:
            lines = body.decode("utf-8", errors="replace").splitlines()
        else:
            lines = []  # no file (404) or unreachable: no rules to honour
        parser.parse(lines)  # also marks it read: an unread parser refuses every URL
        return parser
