"""Every setting declared once (name, default, help); obzor.toml, then OBZOR_<NAME>, override.

Order: defaults, then the config file (`OBZOR_CONFIG`, else `obzor.toml` in the working folder
when it exists; flat `name = value` lines), then OBZOR_<NAME> environment variables, then
explicit overrides (CLI flags). `obzor settings` lists them all; docs/settings.md documents them.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

CONFIG_FILE = "obzor.toml"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolved settings, passed down as one object."""

    db: str = _setting("sqlite:///obzor.db", "Database URL (sqlite:///PATH).")
    # A news page is rarely over 2 MB; 20 MB leaves room for inline images and still
    # refuses dumps and binaries that would stall the extractor.
    max_file_bytes: int = _setting(20 * 1024 * 1024, "Skip files larger than this many bytes.")
    max_record_bytes: int = _setting(5 * 1024 * 1024, "Skip JSON Lines records longer than this.")
    # Each stored article is its own short write transaction (many processes share a base);
    # a commit every 200 articles is a no-op then, kept for callers that open one themselves.
    batch_size: int = _setting(
        200, "Ingest commits at least every N articles (each is already its own transaction)."
    )
    # Analysis runs in worker processes, the calling process writes (ingest/workers.py).
    workers: int = _setting(0, "Analysis processes for ingest; 0 = one per core.")
    # Sources and watching (issue 6; docs/sources.md).
    allow_private_addresses: bool = _setting(
        False, "Fetch from private, loopback and link-local addresses (off: SSRF guard)."
    )
    # E-mail alerts (issue 16; docs/alerts.md). 587 is the mail submission port (STARTTLS).
    smtp_host: str = _setting("", "SMTP server for e-mail alerts; empty: none are sent.")
    smtp_port: int = _setting(587, "SMTP port (587 STARTTLS, 465 implicit TLS).")
    smtp_tls: str = _setting("starttls", "SMTP encryption: starttls, ssl or none.")
    smtp_user: str = _setting("", "SMTP login user; empty: no login.")
    smtp_password: str = _setting("", "SMTP login password.")
    smtp_from: str = _setting("obzor@localhost", "From address of alert e-mails.")
    user_agent: str = _setting(
        "obzor/0.1 (+https://github.com/obzor/obzor; news monitor)",
        "User-Agent sent with every request; robots.txt rules for 'obzor' apply.",
    )
    # News pages answer in well under a second; 20 s tolerates slow regional hosts without
    # letting one dead host hold a watch cycle for minutes.
    fetch_timeout_s: int = _setting(20, "Seconds to wait to connect, and between bytes.")
    # A whole request (connect, headers, body) of a page well under 5 MB takes seconds; 60 s
    # lets a slow regional host finish and stops a server that trickles its headers.
    fetch_deadline_s: int = _setting(60, "Most seconds one request may take in all.")
    # Feeds and article pages are well under 5 MB; bigger is a dump or a decompression bomb.
    max_fetch_bytes: int = _setting(5 * 1024 * 1024, "Refuse responses larger than this (decoded).")
    # Browsers stop at 20; a real article is at most 2-3 hops from its feed link.
    max_redirects: int = _setting(5, "Most redirects followed for one URL.")
    # One request per second per host is the common courtesy rate for polite crawlers.
    host_delay_ms: int = _setting(1000, "Milliseconds between requests to the same host.")
    # Two parallel connections per host, as HTTP/1.1 advised, never hammer a small site.
    host_concurrency: int = _setting(2, "Most simultaneous requests to one host.")
    respect_robots: bool = _setting(True, "Honour robots.txt (turn off only for your own hosts).")
    # Outlets publish every few minutes to hours; 15 min catches news without hammering feeds.
    poll_interval_s: int = _setting(900, "Default seconds between polls of a source.")
    # A source down for long is retried at least every 6 hours, so a recovery is noticed.
    max_backoff_s: int = _setting(6 * 3600, "Longest wait after repeated failures of a source.")
    # A news feed lists 10-100 items; a listing of thousands (a sitemap dump, a hostile feed)
    # is taken 200 at a time so one poll stays within minutes; the rest come next poll.
    max_items_per_poll: int = _setting(200, "New items taken from a source in one poll.")
    # The daemon wakes this often to look for due sources; 5 s keeps it responsive but idle.
    watch_tick_s: int = _setting(5, "Seconds `obzor watch` sleeps between looks for due sources.")
    # The API may register local files as sources only inside these folders: a file path from
    # the network would let an admin's token read the server's files (issue 18).
    source_folders: str = _setting(
        "",
        "Folders (separated by ':') whose files the API may register as sources; '' = none"
        " (local paths are then registered only with `obzor sources add`).",
    )
    # The team server (issue 18). On 2 cores, 4 searches at once keep both busy while one
    # waits on the disk; more only lengthen every answer.
    search_concurrency: int = _setting(4, "Searches the server runs at once; others wait.")
    # Searches spend most of their time in Python (snippets, facets): in worker processes they
    # use every core and leave the server's GIL to cheap calls. 0: in the server process.
    search_workers: int = _setting(0, "Worker processes for searches (one per core); 0 = none.")
    # A search waits this long for a slot, then gets 503 + Retry-After (never an endless queue).
    search_wait_ms: int = _setting(1000, "Longest wait for a search slot before a 503.")
    # A search answers in tens of ms; one still running after 2 s is stopped (503), also when
    # its client has gone away.
    search_deadline_ms: int = _setting(2000, "Longest a search's queries may run.")
    queue_url: str = _setting(
        "", "redis://HOST:PORT/DB to share sources among workers via Redis Streams; '' = local."
    )

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then the config file, then OBZOR_* variables, then non-None overrides."""
        env = os.environ if env is None else env
        values = read_config(Path(env.get("OBZOR_CONFIG") or CONFIG_FILE))
        for f in fields(cls):
            raw = env.get(f"OBZOR_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(f.name, raw, f.default)
            if overrides.get(f.name) is not None:
                values[f.name] = overrides[f.name]
        return cls(**values)

    @classmethod
    def origins(cls, env: Mapping[str, str] | None = None) -> dict[str, str]:
        """Where each value comes from: "default", the config file's path, or OBZOR_<NAME>."""
        env = os.environ if env is None else env
        path = Path(env.get("OBZOR_CONFIG") or CONFIG_FILE)
        from_file = read_config(path)
        found = {}
        for f in fields(cls):
            var = f"OBZOR_{f.name.upper()}"
            found[f.name] = var if var in env else str(path) if f.name in from_file else "default"
        return found

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for docs and `obzor settings`."""
        return [(f.name, f.default, f.metadata["help"]) for f in fields(cls)]


def read_config(path: Path) -> dict[str, Any]:
    """The settings a TOML file sets ({} when it does not exist); ValueError names a bad one."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not valid TOML: {e}") from e
    defaults = {f.name: f.default for f in fields(Settings)}
    for name, value in data.items():
        if name not in defaults:
            raise ValueError(f"{path}: unknown setting {name!r}; `obzor settings` lists them")
        want = type(defaults[name])
        if type(value) is not want:
            raise ValueError(f"{path}: {name} must be of type {want.__name__}, got {value!r}")
    return data


def _parse(name: str, raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        if raw.strip().lower() not in _BOOLS:
            raise ValueError(f"OBZOR_{name.upper()} must be 1/0, true/false, yes/no; got {raw!r}")
        return _BOOLS[raw.strip().lower()]
    if not isinstance(default, int):
        return raw
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"OBZOR_{name.upper()} must be a whole number, got {raw!r}") from None


_BOOLS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False}
_BOOLS |= {"no": False, "off": False, "": False}
