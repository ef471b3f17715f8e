"""Encoding detection: UTF-8, cp1251, koi8-r declared or not; binary and empty refused."""

from __future__ import annotations

import os

import pytest

from obzor.ingest.decode import DecodeError, declared_charset, decode

TEXT = (
    "Президент Казахстана Касым-Жомарт Токаев принял участие в сессии Совета коллективной "
    "безопасности ОДКБ в Минске."
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "koi8-r", "cp866", "iso8859-5"])
def test_russian_text_decodes_in_every_common_encoding(encoding: str) -> None:
    text, used = decode(TEXT.encode(encoding))
    assert text == TEXT
    assert used == encoding


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
@pytest.mark.parametrize("short", ["Токаев в Минске", "ОДКБ", "МОСКВА, 15 октября. /ТАСС/."])
def test_short_texts_decode(encoding: str, short: str) -> None:
    assert decode(short.encode(encoding))[0] == short


def test_declared_charset_wins_over_statistics() -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body>{TEXT}</body></html>'
    data = page.encode("cp1251")
    assert declared_charset(data) == "cp1251"
    assert decode(data, declared_charset(data))[0] == page


def test_utf8_bom_is_dropped() -> None:
    assert decode("ОДКБ".encode("utf-8-sig"))[0] == "ОДКБ"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64), "binary"),
        (bytes(range(128, 256)) * 8, "undecodable"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    data = (TEXT * 30).encode("utf-8")
    damaged = data[:1000] + b"\xff" + data[1000:]
    text, used = decode(damaged)
    assert used == "utf-8" and 1 <= text.count("\ufffd") <= 3 and "Токаев" in text
