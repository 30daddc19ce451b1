"""PageText → ExtractedArticle: find the article on the page, refuse pages that are
not articles, and let each field's rules (articles/ingest/fields/) read it.

Text dumps and HTML share this code; HTML adds hints (meta tags, the main-content
block) that are preferred when they are consistent with the visible page.
"""

from __future__ import annotations

import datetime
import re

from articles.ingest import metadata as meta
from articles.ingest.body import body_paragraphs, cjk_count, forget_lines
from articles.ingest.fields import bounds, first_rule, outlet, published, reporter, title
from articles.ingest.fields.bounds import MIN_BODY_CJK
from articles.ingest.fields.view import PageView
from articles.ingest.records import ExtractedArticle, PageError, PageText

# A five-year plan in full runs to about 100,000 characters; past this a "page" is a
# dump of something else, and segmenting it would take a worker a gigabyte.
MAX_BODY_CHARS = 200_000
__all__ = ["MAX_BODY_CHARS", "MIN_BODY_CJK", "extract_article"]


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _refuse_foreign(lines: list[str]) -> None:
    """A page of English (or other Latin-script) prose: say so, rather than that it has
    no paragraphs. The knowledge base links Chinese names; such a page links nothing."""
    words = sum(len(_LATIN_WORD.findall(line)) for line in lines)
    chinese = sum(cjk_count(line) for line in lines)
    if words >= 150 and chinese < words / 4:
        raise PageError(
            f"no article text found: the page is not in Chinese ({words} Latin-script words, "
            f"{chinese} Chinese characters)"
        )


_PAGER = re.compile(r"上一页|下一页|尾页|共\s*\d+\s*页")


def _listed_headlines(lines: list[str], body_cjk: int) -> int:
    """How many dated headline links the page lists, when they outweigh a one-paragraph
    "article" (a channel or topic page's blurb): with a pager, or eight times its text
    (a brief under a long sidebar of related news is still an article)."""
    dated = [line for line in lines if len(line) <= 80 and meta.FULL_DATE.search(line)]
    listed = sum(cjk_count(line) for line in dated)
    paged = any(_PAGER.search(line) for line in lines)
    return len(dated) if (paged and len(dated) >= 5) or listed >= 8 * body_cjk else 0


def extract_article(page: PageText, *, url: str = "", today: datetime.date | None = None) -> ExtractedArticle:
    forget_lines()
    meta.clean_title.cache_clear()
    view = PageView(page, url=url, today=today or datetime.date.today())
    chosen: dict[str, str] = {}

    # The markup's headline first: it and the line above the date line bound the body.
    headline = title.markup_title(view)
    stop = frozenset(t for t in (headline[0], view.raw_title) if t)
    found, chosen["body"] = first_rule(bounds.RULES, view, stop)
    if found is None:
        _refuse_foreign(view.lines)
        raise PageError(
            "no article text found: the page has no paragraphs (a list, index or navigation page?)"
        )
    view.body_source, (view.first, view.last) = found
    view.settle_raw_title((view.first, view.last))
    view.title, chosen["title"] = title.choose(view, headline)
    if not view.title:
        raise PageError("no headline found above the article text")

    body = body_paragraphs(view.body_source[view.first : view.last + 1])
    if (length := sum(map(len, body))) > MAX_BODY_CHARS:
        raise PageError(
            f"the article text is {length:,} characters long, more than any news article "
            f"({MAX_BODY_CHARS:,}): not imported"
        )
    body_cjk = sum(cjk_count(x) for x in body)
    if body_cjk < MIN_BODY_CJK:
        _refuse_foreign(view.lines)
        raise PageError("no article text found: fewer than 40 Chinese characters of prose")
    if len(body) == 1 and body_cjk < 120 and (headlines := _listed_headlines(view.lines, body_cjk)):
        raise PageError(f"no article text found: the page lists {headlines} dated headlines (an index page?)")
    view.body = body

    outlet_name, chosen["outlet"], original, chosen["original_outlet"] = outlet.choose(view)
    reporter_names, chosen["reporter"] = reporter.choose(view, outlet_name)
    date, chosen["published"] = first_rule(published.RULES, view)
    return ExtractedArticle(
        title=view.title,
        body=tuple(body),
        published=date,
        outlet=outlet_name,
        original_outlet=original,
        reporter=reporter_names,
        url=view.url or None,
        chosen_by={field: rule for field, rule in chosen.items() if rule},
        tables=view.hints.tables,
    )
