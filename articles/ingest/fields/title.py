"""The headline.

On HTML pages the markup's candidates (og:title, <h1> …) are weighed against the tab
title (cleaned of its site suffix), which arbitrates: a logo <h1> is only a fragment of
it. Without markup, or when the markup names only the site, the headline-like line
above the date line (or the body) is the title.
"""

from __future__ import annotations

import html
import re

from articles.ingest import metadata as meta
from articles.ingest.body import cjk_count
from articles.ingest.fields import first_rule
from articles.ingest.fields.view import PageView

# Page chrome that scraping glues to a headline: a share bar, a font-size switcher …
# (words no headline uses; the commoner ones only after a gap, as a toolbar's labels).
_CHROME_TAIL = re.compile(
    r"(?<!\s)(?:\s*(?:分享到|分享至|【\s*大\s*中\s*小\s*】)"
    r"|\s+(?:字号|字体|大\s*中\s*小|(?:打印|收藏)(?:本页|此页|文章)?(?=\s|$)|来源\s*[:：]|发布(?:时间|日期)|责任编辑|作者\s*[:：]"
    r"|(?:19|20)\d{2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}))[\s\S]*$"
)
_RAW_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?\s*>")


def tidy(title: str) -> str:
    """A headline without markup left in it (<b>, &nbsp;) and without chrome glued on."""
    if "<" in title or "&" in title:  # escaped markup in a CMS's title field: &lt;b&gt;, <br/>
        title = re.sub(r"\s+", " ", _RAW_TAG.sub("", html.unescape(title))).strip()
    if (chrome := _CHROME_TAIL.search(title)) and cjk_count(title[: chrome.start()]) >= 5:
        title = title[: chrome.start()].rstrip(" -_|｜:：")
    return title


def _options(view: PageView) -> list[str]:
    """The markup's headline candidates, cleaned (worked out once per page: every markup
    rule asks)."""
    if (options := view.memo.get("title_options")) is None:
        options = [t for t in (tidy(meta.clean_title(t)) for t in view.hints.titles) if cjk_count(t) >= 5]
        view.memo["title_options"] = options
    return options


def _tag(view: PageView) -> str:
    if (tag := view.memo.get("title_tag")) is None:
        tag = tidy(meta.clean_title(view.hints.title_tag)) if view.hints.title_tag else ""
        tag = view.memo["title_tag"] = tag if cjk_count(tag) >= 5 else ""
    return tag


def _long_raw_title(view: PageView) -> bool:
    return bool(view.raw_title and cjk_count(view.raw_title) >= 8)


# ------------------------------------------------------------ markup rules


def markup_agrees_with_tab_title(view: PageView) -> str | None:
    """og:title / <h1> that the tab title contains, or that contains it."""
    if tag := _tag(view):
        for option in _options(view):
            if option == tag or tag in option or (option in tag and len(option) >= 0.6 * len(tag)):
                return option
    return None


def tab_title_shown(view: PageView) -> str | None:
    tag = _tag(view)
    return tag if tag and tag in view.visible else None


def tab_title_part_shown(view: PageView) -> str | None:
    """The tab title's headline part, shown on the page (headline-医院名 with the headline
    in an unmarked <h3>)."""
    if not (tag := _tag(view)) or _options(view):
        return None
    shown = [p for p in meta.title_parts(view.hints.title_tag) if p in view.visible and cjk_count(p) >= 5]
    return max(shown, key=len) if shown else tag if not _long_raw_title(view) else None


def markup_headline_shown(view: PageView) -> str | None:
    return next((option for option in _options(view) if option in view.visible), None)


def markup_headline(view: PageView) -> str | None:
    return next(iter(_options(view)), None)


def line_above_date_unmarked(view: PageView) -> str | None:
    """The tab title is not on the page (a print version's 站名-打印); the line above the
    date line is."""
    return meta.clean_title(view.raw_title) if _long_raw_title(view) else None


def tab_title(view: PageView) -> str | None:
    return tidy(meta.clean_title(view.hints.title_tag)) if view.hints.title_tag else None


MARKUP_RULES = (
    markup_agrees_with_tab_title,
    tab_title_shown,
    tab_title_part_shown,
    markup_headline_shown,
    markup_headline,
    line_above_date_unmarked,
    tab_title,
)


def markup_title(view: PageView) -> tuple[str | None, str | None]:
    """The markup's headline, before the body is known (it bounds the body's search)."""
    if not view.has_markup_title:
        return None, None
    return first_rule(MARKUP_RULES, view)


# ------------------------------------------------------------ visible-line rules


def line_above_text(view: PageView) -> str | None:
    """The headline-like line above the date line or the body. When scraping glued a
    previous item onto it, the page usually repeats the headline alone elsewhere (a
    breadcrumb, the tab title): that copy is preferred."""
    if not view.raw_title:
        return None
    candidate = tidy(meta.clean_title(view.raw_title))
    best = candidate
    for line in view.lines:
        cleaned = meta.clean_title(line)
        if (
            line != candidate
            and len(cleaned) >= 8
            and candidate.endswith(cleaned)
            and len(cleaned) < len(best)
        ):
            best = cleaned
    return best


_PREFIX = re.compile(r"^[【\[［][^】\]］]{1,12}[】\]］]")


def with_own_prefix(view: PageView, title: str) -> str:
    """【一线直击】凌晨三点的县医院急诊室: a bracketed prefix is a column tag and dropped,
    unless the title the site's editors gave (og:title) carries it and the page shows
    the headline with it: then it is part of the headline."""
    field = re.sub(r"\s+", " ", view.hints.headline_field).strip()
    if (
        _PREFIX.match(field)
        and field in view.visible
        and meta.clean_title(field) == title
        and field.endswith(title)
    ):
        return field
    return title


def choose(view: PageView, markup: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    title, rule = markup
    raw_title = view.raw_title
    if title and raw_title and title not in view.visible and cjk_count(title) < 8 <= cjk_count(raw_title):
        title = None  # the tab title is only the site's name (新华每日电讯); the page shows the headline
    if not title:
        title, rule = first_rule((line_above_text,), view)
    return (with_own_prefix(view, title), rule) if title else (None, None)
