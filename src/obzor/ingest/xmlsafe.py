"""XML from the network, parsed safely: entity declarations (billion laughs) are refused.

The check reads the document as every parser might: the raw bytes, the bytes without NULs
(UTF-16 and UTF-32 spell ASCII with NULs between the letters), and the text decoded by the
byte-order mark, by the first bytes' pattern (XML 1.0 appendix F) and by the declared
encoding. A declaration hidden by any of these encodings is still found.
"""

from __future__ import annotations

import codecs
import re
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ENTITY_TEXT = re.compile(r"<!ENTITY", re.IGNORECASE)
_DECLARED = re.compile(rb"""encoding\s*=\s*["']([A-Za-z][\w.:-]{0,39})["']""")
# The XML declaration sits at the very start; 200 bytes hold it in any encoding.
_HEAD = 200
# XML 1.0 appendix F: an encoding shown by the first four bytes of '<?xm' or a BOM.
_SIGNATURES = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC '<?xm'
)


class UnsafeXML(ValueError):
    """XML that declares entities or external references: refused, never expanded."""


def encodings_of(data: bytes) -> list[str]:
    """The encodings a parser could read these bytes in: signature, declaration, UTF-8."""
    found = [name for mark, name in _SIGNATURES if data.startswith(mark)][:1]
    for view in (data[:_HEAD], data[: _HEAD * 4].replace(b"\x00", b"")):
        match = _DECLARED.search(view)
        if match:
            found.append(match.group(1).decode("ascii"))
    if found and found[0] == "cp037":
        head = data[:_HEAD].decode("cp037", errors="replace").encode("ascii", errors="replace")
        match = _DECLARED.search(head)
        if match:
            found.append(match.group(1).decode("ascii"))
    names = []
    for name in [*found, "utf-8"]:
        try:
            canonical = codecs.lookup(name).name
        except LookupError:
            continue  # a parser cannot read it either
        if canonical not in names:
            names.append(canonical)
    return names


def declares_entities(data: bytes) -> bool:
    """Whether the document declares an entity, in whichever encoding it is read."""
    if _ENTITY.search(data) or _ENTITY.search(data.replace(b"\x00", b"")):
        return True
    for encoding in encodings_of(data):
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            continue
        if _ENTITY_TEXT.search(text):
            return True
    return False


def refuse_entities(data: bytes, source: str) -> None:
    """Raise UnsafeXML if the document declares entities, in any encoding."""
    if declares_entities(data):
        raise UnsafeXML(
            f"{source}: refused: the XML declares entities (entity expansion, e.g. a"
            " 'billion laughs' bomb, is disabled)"
        )


def parse_xml(data: bytes, source: str) -> Any:
    """The root element of well-formed, entity-free XML; ValueError says what is wrong."""
    refuse_entities(data, source)
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXML(f"{source}: refused unsafe XML: {exc}") from None
    except ParseError as exc:
        raise ValueError(f"{source}: malformed XML: {exc}") from None
