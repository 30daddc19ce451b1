"""Where the body starts and ends: in the markup's main-content block when it holds the
article, else among the page's lines after the date line."""

from __future__ import annotations

import re

from articles.ingest.body import cjk_count, find_body, is_caption, is_paragraph
from articles.ingest.fields.view import PageView

MIN_BODY_CJK = 40  # fewer Chinese characters than this is not an article
# Short lines allowed between two paragraphs of the main-content block: an inline block
# (a table of names, a list) inside the article, which the text goes on after.
BLOCK_GAP = 24

Bounds = tuple[list[str], tuple[int, int]]  # the lines searched, and the body's first and last

# A related-reading box set inside the article (人民网: 相关阅读： and a few headline links
# between two paragraphs), and the editor's credit that closes an article.
_INLINE_RELATED = re.compile(r"^[【\[]?\s*(?:相关阅读|延伸阅读|相关链接|推荐阅读)\s*[】\]]?\s*[:：]?")
_RELATED_ITEMS = 6
_EDITOR_CLOSE = re.compile(r"^[(（【\[]?\s*(?:责任编辑|责编|编辑|責任編輯|責編)\s*[:：]")


def _past_inline_related(block: list[str], span: tuple[int, int], stop: frozenset[str]) -> Bounds:
    """The text goes on after a related-reading box when the paragraphs after the box's
    few short headline links are closed by the editor's credit, still in the main block:
    the box sat inside the article. The box's lines are left out of the lines returned."""
    first, last = span
    while True:
        box = last + 1
        while box < len(block) and is_caption(block[box]):  # a video's or picture's caption
            box += 1
        if box >= len(block) or not _INLINE_RELATED.match(block[box]):
            break
        items = box + 1
        while items < len(block) and items - box <= _RELATED_ITEMS and not is_paragraph(block[items]):
            items += 1
        rest = find_body(block[items:], stop_lines=stop, max_gap=0)
        if not rest or rest[0] != 0:
            break
        end = items + rest[1]
        if end + 1 >= len(block) or not _EDITOR_CLOSE.match(block[end + 1]):
            break
        block = block[:box] + block[items:]
        last = end - (items - box)
    return block, (first, last)


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
    return _past_inline_related(block, span, stop)


def _page_index(view: PageView, line: str) -> int | None:
    return view.lines.index(line) if line in view.visible else None


def lines_below_date_line(view: PageView, stop: frozenset[str]) -> Bounds | None:
    """The paragraph cluster after the date line (or from the top, with none)."""
    start = view.meta_index + 1 if view.meta_index is not None else 0
    span = find_body(view.lines[start:], stop_lines=stop)
    return (view.lines, (span[0] + start, span[1] + start)) if span else None


RULES = (main_content_block, lines_below_date_line)
