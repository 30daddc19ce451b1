"""Where the body starts and ends: in the markup's main-content block when it holds the
article, else among the page's lines after the date line."""

from __future__ import annotations

from articles.ingest.body import cjk_count, find_body
from articles.ingest.fields.view import PageView

MIN_BODY_CJK = 40  # fewer Chinese characters than this is not an article

Bounds = tuple[list[str], tuple[int, int]]  # the lines searched, and the body's first and last


def main_content_block(view: PageView, stop: frozenset[str]) -> Bounds | None:
    """The markup's main block (an <article>, #content …) when it holds 40+ characters of prose."""
    block = list(view.hints.body_lines)
    if not block:
        return None
    span = find_body(block, stop_lines=stop)
    if span and sum(cjk_count(x) for x in block[span[0] : span[1] + 1]) >= MIN_BODY_CJK:
        return block, span
    return None


def lines_below_date_line(view: PageView, stop: frozenset[str]) -> Bounds | None:
    """The paragraph cluster after the date line (or from the top, with none)."""
    start = view.meta_index + 1 if view.meta_index is not None else 0
    span = find_body(view.lines[start:], stop_lines=stop)
    return (view.lines, (span[0] + start, span[1] + start)) if span else None


RULES = (main_content_block, lines_below_date_line)
