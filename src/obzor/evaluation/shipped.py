"""The label files shipped beside the scorers in obzor.evaluation, read one way."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources


def shipped_text(name: str) -> str:
    """A label file's text."""
    return resources.files("obzor.evaluation").joinpath(name).read_text(encoding="utf-8")


def shipped_rows(name: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of each line that is neither blank nor a # comment."""
    for n, line in enumerate(shipped_text(name).splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield n, line.split("\t")
