"""The bad-input corpus: hostile files built at test time (the big ones never sit in git).

Each case is a file name, a builder and what a user should see: None for an article that is
stored, else a phrase of the failure's message.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass

from watch_site import BOMB

GOOD = (
    "Министры обороны ОДКБ провели встречу в Душанбе\n\n"
    "ДУШАНБЕ, 12 марта. Министры обороны стран ОДКБ обсудили совместные учения на полигоне."
)
LINE = "Министры обороны стран ОДКБ обсудили совместные учения на полигоне под Душанбе. "


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    expect: str | None  # a phrase of the failure message; None: no failure
    stored: int = 0  # articles the file must give


def _xml_bomb(encoding: str, bom: bytes = b"") -> bytes:
    declared = BOMB.replace(b'version="1.0"', f'version="1.0" encoding="{encoding}"'.encode())
    return bom + declared.decode("ascii").encode(encoding)


def _jsonl(*records: str) -> bytes:
    """The records, then a good one: what follows a bad line must still be read."""
    return "\n".join([*records, json.dumps({"text": GOOD})]).encode("utf-8")


def _telegram(messages: list[object]) -> bytes:
    return json.dumps({"name": "Канал", "id": 1, "messages": messages}).encode()


def _message(n: int, text: object) -> dict[str, object]:
    return {"id": n, "type": "message", "date": "2025-03-01T10:00:00", "text": text}


def _attributes(count: int) -> bytes:
    names = " ".join(f"a{i}=x" for i in range(count))
    return f"<html><body><div {names}>Текст</div></body></html>".encode()


def _elements(count: int) -> bytes:
    return ("<html><body>" + "<p>x</p>" * count + "</body></html>").encode()


OK = _message(99, GOOD)
DEEP = 100_000  # levels of nesting: past any parser's recursion limit

CASES = [
    Case("cp1251.txt", lambda: GOOD.encode("cp1251"), None, 1),
    Case("koi8r.txt", lambda: GOOD.encode("koi8-r"), None, 1),
    Case("utf16.txt", lambda: b"\xff\xfe" + GOOD.encode("utf-16-le"), None, 1),
    Case("binary.txt", lambda: bytes(range(256)) * 64, "binary"),
    Case("gzipped.txt", lambda: gzip.compress(GOOD.encode()), "binary"),
    Case("empty.txt", lambda: b"", "empty"),
    Case("blank.txt", lambda: b" \n\t\n" * 100, "empty"),
    Case("line5mb.txt", lambda: (LINE * (5_000_000 // len(LINE))).encode(), None, 1),
    Case("attributes.html", lambda: _attributes(1_000_000), "attributes > limit 256"),
    Case("elements.html", lambda: _elements(60_000), "HTML elements > limit 50,000"),
    Case("deep.html", lambda: b"<div>" * DEEP + b"x" + b"</div>" * DEEP, "elements > limit"),
    Case("scripts.html", lambda: b"<html><script>var a=1;</script></html>", "no article text"),
    Case("nul.html", lambda: b"<html>\x00\x00\x00</html>", "binary"),
    Case("bomb.rss", lambda: BOMB, "declares entities"),
    Case("bomb16.rss", lambda: _xml_bomb("utf-16-le", b"\xff\xfe"), "declares entities"),
    Case("bomb16be.rss", lambda: _xml_bomb("utf-16-be"), "declares entities"),
    Case("bomb32.rss", lambda: _xml_bomb("utf-32-le", b"\xff\xfe\x00\x00"), "declares entities"),
    Case("bomb7.rss", lambda: _xml_bomb("utf-7"), "declares entities"),
    Case("bombebcdic.rss", lambda: _xml_bomb("cp037"), "declares entities"),
    Case("notafeed.rss", lambda: b"<html><body>hello</body></html>", "not a readable"),
    Case(
        "cut.rss",
        lambda: b'<?xml version="1.0"?><rss version="2.0"><channel><item><ti',
        "without text",
    ),
    Case("deepfeed.rss", lambda: b"<rss>" + b"<b>" * DEEP, "not a readable"),
    Case("bignumber.jsonl", lambda: _jsonl('{"text": "a", "n": ' + "9" * 5000 + "}"), "digits", 1),
    Case("deep.jsonl", lambda: _jsonl("[" * DEEP + "]" * DEEP), "nested deeper than 64", 1),
    Case("deepobj.jsonl", lambda: _jsonl('{"a":' * 1000 + "1" + "}" * 1000), "nested deeper", 1),
    Case("nan.jsonl", lambda: _jsonl('{"text": NaN}'), "NaN is not JSON", 1),
    Case("latin1.jsonl", lambda: b'{"text": "caf\xe9"}\n' + _jsonl(), "not UTF-8", 1),
    Case("array.jsonl", lambda: _jsonl("[1, 2]"), "expected a JSON object", 1),
    Case("textnum.jsonl", lambda: _jsonl('{"text": 12}'), '"text"', 1),
    Case("longline.jsonl", lambda: _jsonl(json.dumps({"text": "я" * 3_000_000})), "too large", 1),
    Case("deep.json", lambda: b'{"messages": ' + b"[" * DEEP + b"]" * DEEP + b"}", "nested"),
    Case("notexport.json", lambda: b'{"a": 1}', "not a Telegram Desktop export"),
    Case("broken.json", lambda: b'{"messages": [', "malformed JSON"),
    Case("nullpart.json", lambda: _telegram([_message(1, [None, {"type": "bold"}]), OK]), None, 1),
    Case("oddparts.json", lambda: _telegram([_message(1, [1, [2], {"text": None}]), OK]), None, 1),
    Case("textobj.json", lambda: _telegram([_message(1, {"text": "x"}), OK]), None, 1),
    Case("badmsgs.json", lambda: _telegram([None, 1, "x", [], {"type": 5}, OK]), None, 1),
]
