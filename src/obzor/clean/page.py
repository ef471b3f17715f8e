"""Scraped page text: headline, header (dates, bylines, furniture) and body paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field

from obzor.clean.boilerplate import RuleSet, default_rules
from obzor.clean.dates import date_line, is_date_line, split_date_prefix
from obzor.clean.language import detect_language
from obzor.clean.metadata import text_metadata
from obzor.clean.text import domain_of, join_paragraphs, normalized_lines, strip_bullets
from obzor.clean.title import TITLE_MAX_CHARS, is_rubric, without_time
from obzor.model import Article, Document

# Some pages print the date under the lead instead of above it; a date-only line among the
# first two body paragraphs is still the header's date.
HEADER_SPILL = 2


@dataclass(slots=True)
class Page:
    """A scraped page split into its parts; trace says why each line went where it did."""

    title: str | None = None
    body: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    trace: list[tuple[str, str]] = field(default_factory=list)


def clean_text(doc: Document) -> Article:
    """An Article from scraped page text: headline, header date and byline, clean body."""
    page = split_page(doc.content)
    found = text_metadata(page.body, fallback_outlets=page.bylines)
    text = join_paragraphs(page.body)
    return Article(
        source=doc.source,
        text=text,
        title=page.title,
        published=page.dates[0] if page.dates else None,
        outlet=found.outlet,
        url=doc.fields.get("url"),
        ext_id=doc.fields.get("id"),
        credited_sources=found.credited,
        dateline=found.dateline,
        language=detect_language(text or page.title or ""),
    )


def split_page(content: str, rules: RuleSet | None = None) -> Page:
    """The page's headline, header metadata and body paragraphs, furniture removed."""
    rules = rules or default_rules()
    page = Page()
    lines = [line for line in normalized_lines(content) if line]
    in_header = True
    for index, line in enumerate(lines):
        if in_header:
            after_label = bool(page.trace) and page.trace[-1][1] == "author-label"
            why = "author" if after_label and _is_name(line) else _header_line(line, page, rules)
            if why is not None:
                page.trace.append((line, why))
                continue
            following = lines[index + 1] if index + 1 < len(lines) else None
            if page.title is None and is_rubric(line, following, rules):
                page.trace.append((line, "rubric"))
                continue
            if page.title is None:
                found, rest = split_date_prefix(line)
                if len(rest) <= TITLE_MAX_CHARS:
                    if found:
                        page.dates.append(found)
                    page.title = without_time(rest)
                    page.trace.append((line, "title"))
                    continue
            in_header = False
        if len(page.body) < HEADER_SPILL and is_date_line(line):
            _add_date(page, line)
            page.trace.append((line, "date"))
            continue
        rule = rules.match(line)
        if rule is None:
            page.body.append(line)
            page.trace.append((line, "body"))
        elif rule.cuts and page.body:
            page.trace.extend((rest, f"after:{rule.name}") for rest in lines[index:])
            break
        else:
            page.trace.append((line, rule.name))
    return page


def explain(content: str) -> list[tuple[str, str]]:
    """(line, why) for every non-blank line: "title", "body", "date", "byline" or a rule name."""
    return split_page(content).trace


def _header_line(line: str, page: Page, rules: RuleSet) -> str | None:
    """Why a line before the body is header (date, byline, furniture), or None."""
    if is_date_line(line):
        _add_date(page, line)
        return "date"
    bare = strip_bullets(line)
    domain = domain_of(bare)
    if domain is None:
        head, _, tail = bare.partition(" ")
        domain = domain_of(head) if tail and is_date_line(tail) else None
        if domain is not None:  # "Akorda.kz 23 Ноября 2023, 22:16"
            _add_date(page, tail)
    if domain is not None:
        page.bylines.append(domain)
        return "byline"
    rule = rules.match(line)
    return rule.name if rule else None


def _is_name(line: str) -> bool:
    """A person's name as bylines print it: 1-4 capitalized words, nothing else."""
    words = line.split()
    return 0 < len(words) <= 4 and all(
        w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() for w in words
    )


def _add_date(page: Page, line: str) -> None:
    found = date_line(line)
    if found:
        page.dates.append(found)
