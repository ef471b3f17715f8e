"""XML from the network, parsed safely: entity declarations (billion laughs) are refused."""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


class UnsafeXML(ValueError):
    """XML that declares entities or external references: refused, never expanded."""


def refuse_entities(data: bytes, source: str) -> None:
    """Raise UnsafeXML if the document declares entities (malformed XML is checked too)."""
    if _ENTITY.search(data):
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
