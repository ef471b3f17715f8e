"""Briefings: the daily review built from stories (brief.py), rendered as Markdown or HTML."""

from obzor.report.brief import build_brief
from obzor.report.render import render_html, render_markdown

__all__ = ["build_brief", "render_html", "render_markdown"]
