"""Telegram: Desktop JSON exports (result.json) and public channel previews (t.me/s/NAME).

Each post becomes a record Document; a forwarded post keeps the channel it came from in the
field "forwarded_from", which cleaning puts first among the article's credited_sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html

from obzor.ingest.files import too_large
from obzor.limits import check_html, load_json
from obzor.model import Document, Failure
from obzor.settings import Settings

# A first line this short, followed by more text, is the post's headline.
MAX_TITLE_CHARS = 200
_MSG = '//div[contains(concat(" ", normalize-space(@class), " "), " tgme_widget_message ")]'


def split_title(text: str) -> tuple[str, str]:
    """(headline, body) when a post starts with a short line and goes on; else ("", text)."""
    first, _, rest = text.strip().partition("\n")
    if rest.strip() and len(first) <= MAX_TITLE_CHARS:
        return first.strip(), rest.strip()
    return "", text.strip()


def export_items(data: Any, source: str) -> Iterator[Document | Failure]:
    """A Document per message with text, a Failure per malformed message (the rest go on).

    ValueError if the data is not a Telegram export at all.
    """
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise ValueError(f"{source}: not a Telegram Desktop export (no 'messages' list)")
    channel = str(data.get("name") or "")
    chat_id = data.get("id")
    for number, msg in enumerate(data["messages"], 1):
        if not isinstance(msg, dict) or msg.get("type", "message") != "message":
            continue
        try:
            doc = _message_document(msg, channel, chat_id, source)
        except Exception as exc:  # one odd message must not lose the others
            where = f"{source}#message {number}"
            yield Failure(where, f"malformed message: {type(exc).__name__}: {exc}")
            continue
        if doc is not None:
            yield doc


def export_documents(data: Any, source: str) -> list[Document]:
    """The Documents of a parsed result.json (malformed messages left out)."""
    return [d for d in export_items(data, source) if isinstance(d, Document)]


def _message_document(
    msg: dict[str, Any], channel: str, chat_id: Any, source: str
) -> Document | None:
    title, body = split_title(_message_text(msg))
    if not body:
        return None  # photos, stickers and polls without text
    fields = {
        "id": f"tg:{chat_id}:{msg.get('id')}",
        "title": title,
        "published": str(msg.get("date") or ""),
        "outlet": channel or str(msg.get("from") or ""),
        "forwarded_from": str(msg.get("forwarded_from") or ""),
    }
    return Document(
        f"{source}#{msg.get('id')}", "record", body, {k: v for k, v in fields.items() if v}
    )


def read_export(path: Path, settings: Settings) -> Iterator[Document | Failure]:
    """Documents from a .json file that is a Telegram Desktop export (checked by content)."""
    if (failure := too_large(path, settings)) is not None:
        yield failure
        return
    try:
        data = load_json(path.read_bytes(), str(path))
        items = export_items(data, str(path))
        yield next(items)  # raises ValueError now when it is not an export
    except StopIteration:
        return
    except ValueError as exc:
        yield Failure(str(path), str(exc).removeprefix(f"{path}: "))
        return
    yield from items


def preview_documents(page: str, source: str) -> list[Document]:
    """Documents from a t.me/s/CHANNEL page: one per post with text, oldest first."""
    if not page.strip():
        raise ValueError(f"{source}: empty Telegram preview page")
    check_html(page, source)
    tree = lxml.html.fromstring(page)
    channel = _first_text(tree, '//div[contains(@class, "tgme_channel_info_header_title")]')
    docs = []
    for node in tree.xpath(_MSG):
        post = node.get("data-post") or ""
        text_nodes = node.xpath('.//div[contains(@class, "tgme_widget_message_text")]')
        if not post or not text_nodes:
            continue
        title, body = split_title(_node_text(text_nodes[0]))
        if not body:
            continue
        times = node.xpath('.//a[contains(@class, "tgme_widget_message_date")]//time/@datetime')
        fields = {
            "id": f"tg:{post}",
            "url": f"https://t.me/{post}",
            "title": title,
            "published": str(times[0]) if times else "",
            "outlet": channel,
            "forwarded_from": _first_text(
                node, './/a[contains(@class, "tgme_widget_message_forwarded_from_name")]'
            )
            or _first_text(
                node, './/*[contains(@class, "tgme_widget_message_forwarded_from")]//span'
            ),
        }
        docs.append(
            Document(f"https://t.me/{post}", "record", body, {k: v for k, v in fields.items() if v})
        )
    if not docs and "tgme_" not in page:
        raise ValueError(f"{source}: not a Telegram channel preview page")
    return docs


def _message_text(msg: dict[str, Any]) -> str:
    entities = msg.get("text_entities")
    parts = entities if isinstance(entities, list) and entities else msg.get("text", "")
    if isinstance(parts, str):
        return parts
    if not isinstance(parts, list):
        return ""
    return "".join(p if isinstance(p, str) else _part_text(p) for p in parts)


def _part_text(part: Any) -> str:
    """A text entity's text: {"type": ..., "text": "..."}; anything else (null, lists) is ""."""
    text = part.get("text") if isinstance(part, dict) else None
    return text if isinstance(text, str) else ""


def _node_text(node: Any) -> str:
    for br in node.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = (" ".join(line.split()) for line in node.text_content().splitlines())
    return "\n".join(lines).strip()


def _first_text(tree: Any, xpath: str) -> str:
    found = tree.xpath(xpath)
    return " ".join(found[0].text_content().split()) if found else ""
