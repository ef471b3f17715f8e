"""Content-Encoding decoded with a running cap: a gzip, deflate or brotli bomb stops at the limit.

httpx decodes a whole network chunk at once, so a 1.6 KB brotli chunk can become gigabytes
before any size check sees it. Here every decoder hands out at most `step` bytes per call.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Protocol

import brotli

# Bytes a decoder hands out per call: small enough that a bomb is caught within one step.
STEP = 64 * 1024


class Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...


class Identity:
    """No encoding."""

    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data


class Zlib:
    """gzip, or deflate with or without its zlib header (servers send both)."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        self.started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self.started and not self.gzip and data:
            self.started = True
            if data[0] & 0x0F != 8:  # no zlib header: a raw deflate stream
                self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            while data:
                out = self.obj.decompress(data, STEP)
                data = self.obj.unconsumed_tail
                if out:
                    yield out
        except zlib.error as exc:
            raise ValueError(f"bad compressed data: {exc}") from None


class Brotli:
    """brotli, its output buffer capped (brotli >= 1.2)."""

    def __init__(self) -> None:
        self.obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self.obj.process(data, output_buffer_limit=STEP)
            while out:  # pending output comes with empty input, a step at a time
                yield out
                if self.obj.is_finished():
                    return
                out = self.obj.process(b"", output_buffer_limit=STEP)
        except brotli.error as exc:
            raise ValueError(f"bad compressed data: {exc}") from None


def decoder(content_encoding: str) -> Decoder:
    """The decoder for a Content-Encoding header; ValueError for one obzor does not read."""
    names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
    names = [n for n in names if n != "identity"]
    if not names:
        return Identity()
    if len(names) > 1:
        raise ValueError(f"refused: stacked content encodings {content_encoding!r}")
    if names[0] in ("gzip", "x-gzip"):
        return Zlib(gzip=True)
    if names[0] == "deflate":
        return Zlib(gzip=False)
    if names[0] == "br":
        return Brotli()
    raise ValueError(f"refused: unknown content encoding {names[0]!r}")
