"""The brief as Markdown or HTML; every claim carries a citation [#id] to its article."""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from obzor.report.admiralty import Grade, label
from obzor.report.chart import trend_png
from obzor.taxonomy.threats import category_label

HEADINGS = {
    "ru": {
        "title": "Обзор",
        "period": "Период",
        "all": "всё время",
        "top": "Главные сюжеты",
        "other": "Без категории угроз",
        "summary": "Кратко",
        "quotes": "Цитаты",
        "sources": "Источники",
        "figures": "Расхождение в цифрах",
        "thread": "Развитие сюжета",
        "first": "Первая публикация",
        "breaking": "быстро растёт",
        "places": "По странам и местам",
        "upcoming": "Предстоящие события",
        "none": "нет",
        "counts": "Сводка",
        "stories": "Сюжетов",
        "articles": "публикаций",
        "duplicates": "дубликатов не учтено",
        "category": "категория",
        "trend": "Динамика по категориям",
        "rest": "остальные",
        "size": "Публикаций",
        "grade": "Оценка (надёжность источника, достоверность)",
        "low_only": "только источники с низкой или неизвестной надёжностью (D–F)",
    },
    "en": {
        "title": "Brief",
        "period": "Period",
        "all": "all time",
        "top": "Top stories",
        "other": "No threat category",
        "summary": "Summary",
        "quotes": "Quotes",
        "sources": "Sources",
        "figures": "Figures disagree",
        "thread": "Thread",
        "first": "First published",
        "breaking": "breaking",
        "places": "By country and place",
        "upcoming": "Upcoming events",
        "none": "none",
        "counts": "Counts",
        "stories": "Stories",
        "articles": "reports",
        "duplicates": "duplicates not counted",
        "category": "category",
        "trend": "Trend by category",
        "rest": "other",
        "size": "Reports",
        "grade": "Grade (source reliability, credibility)",
        "low_only": "only sources of low or unknown reliability (D-F)",
    },
}


def labels(lang: str) -> dict[str, str]:
    """The headings in a language (ru or en); ValueError for any other."""
    if lang not in HEADINGS:
        raise ValueError(f"language must be one of {sorted(HEADINGS)}, got {lang!r}")
    return HEADINGS[lang]


def _cite(article_id: int, url: str | None = None) -> str:
    if url and url.startswith(("http://", "https://")) and not any(c in url for c in " ()<>"):
        return f"[#{article_id}]({url})"
    return f"[#{article_id}]"


def _md(text: object) -> str:
    """Text for Markdown: no raw HTML gets through (renderers pass HTML tags on)."""
    return escape(str(text), quote=False)


def _grouped(brief: dict[str, Any]) -> dict[str | None, list[dict[str, Any]]]:
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for story in brief["stories"]:
        groups.setdefault(story["category"], []).append(story)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or "")))


def named_trend(trend: dict[str, dict[str, int]], lang: str) -> dict[str, dict[str, int]]:
    """The trend's {day: {category: n}} with each category's human name in the language."""
    return {
        day: {category_label(c, lang): n for c, n in counts.items()}
        for day, counts in trend.items()
    }


def _period(brief: dict[str, Any], h: dict[str, str]) -> str:
    if not brief["since"] and not brief["until"]:
        return h["all"]
    return f"{brief['since'] or '…'} — {brief['until'] or '…'}"


def render_markdown(brief: dict[str, Any], lang: str = "ru", chart: str | None = None) -> str:
    """The brief as Markdown; chart is the file name of the trend PNG to show, if any."""
    h = labels(lang)
    lines = [f"# {h['title']}: {_period(brief, h)}", ""]
    lines += [
        f"## {h['counts']}",
        "",
        f"- {h['stories']}: {brief['total_stories']}, {h['articles']}: {brief['total_articles']}"
        f" ({h['duplicates']}: {brief['duplicates']})",
    ]
    lines += [f"- {_md(category_label(cat, lang))}: {n}" for cat, n in brief["by_category"].items()]
    if chart:
        lines += ["", f"![{h['trend']}]({chart})"]
    lines += ["", f"## {h['top']}", ""]
    for category, stories in _grouped(brief).items():
        heading = category_label(category, lang) if category else h["other"]
        lines += [f"### {_md(heading)}", ""]
        for story in stories:
            lines += _story_md(story, h, lang)
    lines += [f"## {h['places']}", ""]
    for place, ids in brief["by_place"].items():
        lines.append(f"- {_md(place)}: " + ", ".join(f"[#{i}](#story-{i})" for i in ids))
    lines += ["", f"## {h['upcoming']}", ""]
    for event in brief["upcoming"]:
        what = event.get("name") or event.get("type") or ""
        where = f", {event['place']}" if event.get("place") else ""
        lines.append(f"- {_md(event['date'])}: {_md(what + where)} {_cite(event['article_id'])}")
    if not brief["upcoming"]:
        lines.append(f"- {h['none']}")
    return "\n".join(lines) + "\n"


def _grade_line(story: dict[str, Any], h: dict[str, str], lang: str) -> str | None:
    """The story's Admiralty code spelt out, and the mark of a claim only low-graded sources
    carry; None for a story the brief did not grade."""
    found = story.get("admiralty")
    if not found:
        return None
    grade = Grade(found["reliability"], found["credibility"], found["independent"],
                  found["low_only"])  # fmt: skip
    low = f" — {h['low_only']}" if grade.low_only else ""
    return f"{label(grade, lang)}{low}"


def _story_md(story: dict[str, Any], h: dict[str, str], lang: str) -> list[str]:
    urls = {m["id"]: m["url"] for m in story.get("members", [])}
    flag = f" ({h['breaking']})" if story["breaking"] else ""
    first = story["first_publication"]
    graded = _grade_line(story, h, lang)
    grade = f"; {h['grade']}: `{story['admiralty']['code']}` {_md(graded)}" if graded else ""
    lines = [
        f'#### <a id="story-{story["id"]}"></a>{_md(story["title"] or "—")}{flag}',
        "",
        f"{h['size']}: {story['size']}; {h['first']}: {_md(first['outlet'] or '—')}, "
        f"{_md(first['seen'] or '—')} {_cite(first['id'], first['url'])}{grade}",
        "",
    ]
    if story["summary"]:
        lines.append(
            " ".join(
                f"{_md(s['text'])} {_cite(s['article_id'], urls.get(s['article_id']))}"
                + (f" `{s['grade']}`" if s.get("grade") else "")
                for s in story["summary"]
            )
        )
        lines.append("")
    if story["quotes"]:
        lines.append(f"{h['quotes']}:")
        lines += [
            f"- «{_md(q['text'])}» — {_md(q['speaker'])} "
            f"{_cite(q['article_id'], urls.get(q['article_id']))}"
            + (f" `{q['grade']}`" if q.get("grade") else "")
            for q in story["quotes"]
        ]
        lines.append("")
    for figure in story.get("figures", []):
        told = "; ".join(
            f"{_md(v['text'])} {_cite(v['article_id'], urls.get(v['article_id']))}"
            for v in figure["values"]
        )
        lines += [f"**{h['figures']}** ({_md(figure['what'])}): {told}", ""]
    lines.append(f"{h['sources']}:")
    for m in story.get("members", []):
        if m["role"] != "duplicate":
            source = f"{_md(m['outlet'] or '—')}: {_md(m['title'] or '—')}"
            lines.append(f"- {source} {_cite(m['id'], m['url'])}")
    lines.append("")
    thread = [t for t in story.get("thread", []) if t["id"] != story["id"]]
    if thread:
        lines.append(f"{h['thread']}:")
        lines += [
            f"- {_md((t['first_seen'] or '—')[:10])}: {_md(t['title'] or '—')}" for t in thread
        ]
        lines.append("")
    return lines


def render_html(brief: dict[str, Any], lang: str = "ru") -> str:
    """The brief as one self-contained HTML page (chart embedded as a data URI); all escaped."""
    h = labels(lang)
    e = escape
    parts = [
        f'<!doctype html><html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(h['title'])}: {e(_period(brief, h))}</title>",
        "<style>body{font-family:sans-serif;max-width:52em;margin:auto}"
        "cite{font-style:normal;font-size:.85em}</style></head><body>",
        f"<h1>{e(h['title'])}: {e(_period(brief, h))}</h1>",
        f"<h2>{e(h['counts'])}</h2><ul>",
        f"<li>{e(h['stories'])}: {brief['total_stories']}, {e(h['articles'])}: "
        f"{brief['total_articles']} ({e(h['duplicates'])}: {brief['duplicates']})</li>",
    ]
    parts += [
        f"<li>{e(category_label(cat, lang))}: {n}</li>" for cat, n in brief["by_category"].items()
    ]
    parts.append("</ul>")
    png = trend_png(named_trend(brief["trend"], lang), h["trend"], h["rest"])
    if png:
        data = base64.b64encode(png).decode("ascii")
        parts.append(f'<img alt="{e(h["trend"])}" src="data:image/png;base64,{data}">')
    parts.append(f"<h2>{e(h['top'])}</h2>")
    for category, stories in _grouped(brief).items():
        heading = category_label(category, lang) if category else h["other"]
        parts.append(f"<h3>{e(heading)}</h3>")
        for story in stories:
            parts += _story_html(story, h, lang)
    parts.append(f"<h2>{e(h['places'])}</h2><ul>")
    for place, ids in brief["by_place"].items():
        links = ", ".join(f'<a href="#story-{i}">#{i}</a>' for i in ids)
        parts.append(f"<li>{e(place)}: {links}</li>")
    parts.append(f"</ul><h2>{e(h['upcoming'])}</h2><ul>")
    for event in brief["upcoming"]:
        what = event.get("name") or event.get("type") or ""
        where = f", {event['place']}" if event.get("place") else ""
        parts.append(
            f"<li>{e(event['date'])}: {e(what + where)} {_cite_html(event['article_id'])}</li>"
        )
    if not brief["upcoming"]:
        parts.append(f"<li>{e(h['none'])}</li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"


def _cite_html(article_id: int, url: str | None = None) -> str:
    label = f"[#{article_id}]"
    if url and url.startswith(("http://", "https://")):
        return f'<cite><a href="{escape(url)}">{label}</a></cite>'
    return f"<cite>{label}</cite>"


def _story_html(story: dict[str, Any], h: dict[str, str], lang: str) -> list[str]:
    e = escape
    urls = {m["id"]: m["url"] for m in story.get("members", [])}
    first = story["first_publication"]
    flag = f" <mark>{e(h['breaking'])}</mark>" if story["breaking"] else ""
    parts = [
        f'<section id="story-{story["id"]}"><h4>{e(story["title"] or "—")}{flag}</h4>',
        f"<p>{e(h['size'])}: {story['size']}; {e(h['first'])}: {e(first['outlet'] or '—')}, "
        f"{e(first['seen'] or '—')} {_cite_html(first['id'], first['url'])}</p>",
    ]
    graded = _grade_line(story, h, lang)
    if graded is not None:
        low = ' class="low"' if story["admiralty"]["low_only"] else ""
        code = e(story["admiralty"]["code"])
        parts.append(f"<p{low}>{e(h['grade'])}: <abbr>{code}</abbr> {e(graded)}</p>")

    def graded_as(claim: dict[str, Any]) -> str:
        grade = claim.get("grade")
        return f' <abbr title="{e(h["grade"])}">{e(grade)}</abbr>' if grade else ""

    if story["summary"]:
        text = " ".join(
            f"{e(s['text'])} {_cite_html(s['article_id'], urls.get(s['article_id']))}{graded_as(s)}"
            for s in story["summary"]
        )
        parts.append(f"<p>{text}</p>")
    if story["quotes"]:
        parts.append(f"<p>{e(h['quotes'])}:</p><ul>")
        parts += [
            f"<li>«{e(q['text'])}» — {e(q['speaker'])} "
            f"{_cite_html(q['article_id'], urls.get(q['article_id']))}{graded_as(q)}</li>"
            for q in story["quotes"]
        ]
        parts.append("</ul>")
    for figure in story.get("figures", []):
        told = "; ".join(
            f"{e(v['text'])} {_cite_html(v['article_id'], urls.get(v['article_id']))}"
            for v in figure["values"]
        )
        parts.append(f"<p><strong>{e(h['figures'])}</strong> ({e(figure['what'])}): {told}</p>")
    parts.append(f"<p>{e(h['sources'])}:</p><ul>")
    for m in story.get("members", []):
        if m["role"] != "duplicate":
            parts.append(
                f"<li>{e(m['outlet'] or '—')}: {e(m['title'] or '—')} "
                f"{_cite_html(m['id'], m['url'])}</li>"
            )
    parts.append("</ul>")
    thread = [t for t in story.get("thread", []) if t["id"] != story["id"]]
    if thread:
        parts.append(f"<p>{e(h['thread'])}:</p><ul>")
        parts += [
            f"<li>{e((t['first_seen'] or '—')[:10])}: {e(t['title'] or '—')}</li>" for t in thread
        ]
        parts.append("</ul>")
    parts.append("</section>")
    return parts
