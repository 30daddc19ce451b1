"""Where the body starts and ends: in the markup's main-content block when it holds the
article, else among the page's lines after the date line."""

from __future__ import annotations

from articles.ingest.body import cjk_count, find_body
from articles.ingest.fields.view import PageView

MIN_BODY_CJK = 40  # fewer Chinese characters than this is not an article
# Short lines allowed between two paragraphs of the main-content block: an inline block
# (a table of names, a list) inside the article, which the text goes on after.
BLOCK_GAP = 24

Bounds = tuple[list[str], tuple[int, int]]  # the lines searched, and the body's first and last


def main_content_block(view: PageView, stop: frozenset[str]) -> Bounds | None:
    """The markup's main block (an <article>, #content …) when it holds 40+ characters of prose."""
    block = list(view.hints.body_lines)
    if not block:
        return None
    span = find_body(block, stop_lines=stop, max_gap=BLOCK_GAP)
    if not span or sum(cjk_count(x) for x in block[span[0] : span[1] + 1]) < MIN_BODY_CJK:
        return None
    if view.meta_index is not None and (at := _page_index(view, block[span[0]])) is not None:
        if at < view.meta_index and view.meta_line in block:
            # The block holds dated items above the article (最新动态 with summaries):
            # the text starts under the article's date line.
            after = block.index(view.meta_line) + 1
            rest = find_body(block[after:], stop_lines=stop, max_gap=BLOCK_GAP)
            return (block, (rest[0] + after, rest[1] + after)) if rest else None
    return block, span


def _page_index(view: PageView, line: str) -> int | None:
    return view.lines.index(line) if line in view.visible else None


def lines_below_date_line(view: PageView, stop: frozenset[str]) -> Bounds | None:
    """The paragraph cluster after the date line (or from the top, with none)."""
    start = view.meta_index + 1 if view.meta_index is not None else 0
    span = find_body(view.lines[start:], stop_lines=stop)
    return (view.lines, (span[0] + start, span[1] + start)) if span else None


RULES = (main_content_block, lines_below_date_line)
