"""The page view: what every field rule reads, worked out once per page.

`PageView` holds the page's visible lines, the markup's hints, the URL and the day of
the import, and the anchors the rules share (the date line under the headline, the
headline-like line above it, the body once found, the lines around it). Anchors that
need the body are cached properties: asked for only once the body is set, and then
computed once however many rules ask.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import cached_property

from articles.ingest import lexicon
from articles.ingest import metadata as meta
from articles.ingest.body import cjk_count, find_body, is_caption, is_paragraph
from articles.ingest.records import PageText, PublishedAt

_META_KEYWORDS = re.compile(
    r"发布时间|发布日期|发表时间|发表于|发布于|更新时间|IP\s*属地|时间\s*[:：]|日期\s*[:：]|来源|稿源|作者|编辑|浏览|阅读"
    r"|發布時間|發佈時間|時間\s*[:：]|來源|編輯|瀏覽|閱讀"  # Traditional pages label the same fields
)
_NAV_LINE = re.compile(r"(\s[|｜>]\s.*){2,}|(\S\s*>\s*){3,}|首页\s*>")
_URL = re.compile(r"https?://\S+")
# Dates that are not the publication's: a document's signing date, a crawl or snapshot time.
OTHER_DATE = re.compile(r"(成文|印发|签发|施行|实施|有效|截止|废止|修订)日期|抓取|采集|快照|爬取")
# A toolbar's labels (字体：大 中 小 打印 分享到), not a headline.
TOOLBAR = re.compile(r"字体|字号|字體|打印|分享到|大\s*中\s*小|关闭窗口|收藏本页")


def is_meta_line(line: str, today: datetime.date) -> bool:
    """A date line: a date, with field labels, a credit or almost nothing else beside it.
    The cheap tests on the text come first; the date is parsed only for lines that pass
    them (a page has ~150 lines, many of them dated related-story links)."""
    if "://" in line:
        line = _URL.sub("", line)  # a dated address (…/2023-06/01/….html) is not a date line
    if len(line) > 160:
        return False
    if not _META_KEYWORDS.search(line):
        rest = meta.FULL_DATE.sub("", line)
        # 新京报记者 王昱涵 2024-03-08 10:26, or a bare date line ("2023-04-14 09:30:15")
        # with almost nothing else on it.
        if not (cjk_count(rest) <= 6 or (len(rest) <= 30 and meta.reporter_in(rest))):
            return False
    return meta.parse_date(line, today=today) is not None


def looks_like_headline(line: str) -> bool:
    cjk = cjk_count(line)
    return (
        5 <= cjk
        and len(line) <= 90
        and not line.endswith(("。", "：", ":"))
        and not _NAV_LINE.search(line)
        and not is_caption(line)
        and not re.fullmatch(r"[\d\s:./-]+", line)
        and not meta.reporter_in(line)  # 本报记者  陈晓岚 is a credit, not a headline
        and not meta.source_field(line)
        and not TOOLBAR.search(line)
    )


def title_before(lines: list[str], end: int) -> str | None:
    """The headline-like line above `end` (the meta line or the body): the nearest one
    that reads like a headline (8+ characters) — an account name (蜀地健康观察) may sit
    between headline and date — else the nearest at all."""
    nearby = [lines[i] for i in range(end - 1, max(-1, end - 6), -1) if looks_like_headline(lines[i])]
    # 引题 / 主题 / 副题 stacked: the main title is the one the page names the article by
    # elsewhere too (an e-paper's page index, 上一篇/下一篇, the breadcrumb).
    repeated = [line for line in nearby if cjk_count(line) >= 8 and lines.count(line) > 1]
    if len(nearby) > 1 and repeated:
        return repeated[0]
    return next((line for line in nearby if cjk_count(line) >= 8), nearby[0] if nearby else None)


def _text_after(lines: list[str], i: int) -> int:
    found = find_body(lines[i + 1 : i + 80])
    return sum(cjk_count(x) for x in lines[i + 1 + found[0] : i + 2 + found[1]]) if found else 0


def _article_above(lines: list[str], i: int, top: list) -> bool:
    """Three or more paragraphs together above line i: the article is there. `top`
    keeps the page's first cluster between calls (the date lines of one list ask in turn)."""
    if not top:
        found = find_body(lines)
        top.append(
            found if found and sum(is_paragraph(x) for x in lines[found[0] : found[1] + 1]) >= 3 else None
        )
    return top[0] is not None and top[0][1] < i


def _headline_keys(titles: tuple[str, ...], title_tag: str) -> set[str]:
    keys = {meta.clean_title(t) for t in titles}
    if title_tag:
        keys.update(p for p in meta.title_parts(title_tag) if cjk_count(p) >= 5)
    return {k for k in keys if cjk_count(k) >= 5}


def meta_line_index(
    lines: list[str],
    today: datetime.date,
    main: frozenset[str] = frozenset(),
    headlines: Callable[[], frozenset[str]] = frozenset,
) -> int | None:
    """The visible date/source line under the headline: the first date line that an
    article body follows closely (header clocks and related-news dates do not), and
    that has a headline above it when any such line has one (a snapshot's own notice
    is followed by prose too). On HTML pages, one followed by the main block's text
    when any is (a dated list item under the article is followed by comments), and one
    under the headline the markup names when any is (a list of dated items with their
    summaries may come first)."""
    candidates = [
        i
        for i, line in enumerate(lines)
        if i > 0
        and is_meta_line(line, today)
        and not (OTHER_DATE.search(line) and not re.search(r"发布|发表", line))
    ]
    close = []  # (line, where the text after it starts, followed by the main block's text?)
    top: list = []  # the page's first paragraph cluster, found once if needed
    for i in candidates:
        if (found := find_body(lines[i + 1 : i + 40])) and found[0] <= 8:
            text = lines[i + 1 + found[0] : i + 2 + found[1]]
            if not any(is_paragraph(x) and cjk_count(x) >= 60 for x in text) and _article_above(
                lines, i, top
            ):
                continue  # a dated comment or list item under the article (知乎: 发布于 … below it)
            close.append((i, i + 1 + found[0], lines[i + 1 + found[0]] in main))
    close = [c for c in close if c[2]] or close
    # Several date lines above the same text (a forum post's 发表于 stamp, then the
    # copied article's own date): the one nearest the text is the article's.
    nearest = {start: i for i, start, _ in close}
    titled = {i: title for i in sorted(nearest.values()) if (title := title_before(lines, i))}
    if len(titled) > 1 and (named_headlines := headlines()):
        # Dated items with summaries above the article (最新动态): the date line under
        # the headline the markup names is the article's.
        named = [i for i, title in titled.items() if meta.clean_title(title) in named_headlines]
        if named:
            return named[0]
    if len(titled) > 1:
        # The same article twice (a mobile copy cut short, then the full one): the copy
        # under the same headline with the most text after it.
        first = next(iter(titled.values()))
        copies = [i for i, title in titled.items() if title == first]
        return max(copies, key=lambda i: (_text_after(lines, i), -i))
    return next(iter(titled), min(nearest.values(), default=None))


class PageView:
    """One page, as the field rules see it. Built once per page by `extract_article`;
    the body and title are set on it as they are found."""

    def __init__(self, page: PageText, *, url: str, today: datetime.date) -> None:
        self.page = page
        self.hints = page.hints
        self.lines = list(page.lines)
        self.visible = set(self.lines)
        self.today = today
        self.url = url or page.hints.url
        hints = page.hints
        self.meta_index = meta_line_index(
            self.lines,
            today,
            frozenset(hints.body_lines),
            lambda: frozenset(_headline_keys(hints.titles, hints.title_tag)),  # asked only when needed
        )
        # The headline-like line above the date line; with no date line, above the body
        # once it is found (`settle_raw_title`).
        self.raw_title = title_before(self.lines, self.meta_index) if self.meta_index is not None else None
        self.memo: dict[str, object] = {}  # values a field module works out once per page
        # Set by extract_article as it goes.
        self.title: str | None = None
        self.body_source: list[str] = self.lines
        self.first = self.last = 0
        self.body: list[str] = []

    # ------------------------------------------------------------ before the body

    @property
    def meta_line(self) -> str:
        return self.lines[self.meta_index] if self.meta_index is not None else ""

    @property
    def has_markup_title(self) -> bool:
        return bool(self.hints.titles or self.hints.title_tag)

    def settle_raw_title(self, span: tuple[int, int]) -> None:
        lines = self.lines
        if self.raw_title is not None:
            return
        if self.body_source is lines:
            self.raw_title = title_before(lines, span[0]) or next(
                (line for line in lines[: span[0]] if looks_like_headline(line)), None
            )
        elif (opening := self.body_source[span[0]]) in self.visible:
            self.raw_title = title_before(lines, lines.index(opening))

    # ------------------------------------------------------------ once the body is set

    @cached_property
    def hinted_date(self) -> PublishedAt | None:
        return next(
            (d for raw in self.hints.published if (d := meta.parse_date(raw, today=self.today))), None
        )

    @cached_property
    def url_date(self) -> PublishedAt | None:
        return meta.date_from_url(self.url, today=self.today)

    @cached_property
    def body_at(self) -> int | None:
        """Where the body's first paragraph stands in the page's lines."""
        return (
            next((i for i, line in enumerate(self.lines) if line == self.body[0]), None)
            if self.body
            else None
        )

    @cached_property
    def body_end(self) -> int | None:
        """Where the body's last paragraph stands in the page's lines (its last occurrence)."""
        body, lines = self.body, self.lines
        if not body or body[-1] not in self.visible:
            return None
        return len(lines) - 1 - lines[::-1].index(body[-1])

    @cached_property
    def dateline(self) -> tuple[str, int, int] | None:
        return meta.dateline(self.body[0]) if self.body else None

    @cached_property
    def preamble(self) -> list[str]:
        """The lines around the headline and before the first paragraph: credits and
        sources (above the headline on xinhuanet, below it on most sites)."""
        lines, title, raw_title, meta_index = self.lines, self.title, self.raw_title, self.meta_index
        body_at = self.body_at
        anchors = [
            i for i, line in enumerate(lines) if line in (title, raw_title) or (title and title in line)
        ]
        anchors = [i for i in anchors if body_at is None or i < body_at]
        if meta_index is not None:
            anchors.append(meta_index)
        if not anchors:
            region = [] if body_at is None else lines[max(0, body_at - 6) : body_at]
        else:
            top = max(0, min(anchors[-1], meta_index if meta_index is not None else anchors[-1]) - 3)
            bottom = body_at if body_at is not None and body_at > top else min(len(lines), top + 12)
            region = lines[top:bottom][:15]
            if body_at is not None:  # the credit line right above the text, however far the anchor
                region += [line for line in lines[max(top, body_at - 6) : body_at] if line not in region]
            region = [line for line in region if line not in (title, raw_title)]
        if self.body_source is not lines:
            region += [x for x in self.body_source[: self.first] if x not in region]
        return region

    @cached_property
    def after(self) -> list[str]:
        """A few lines after the last paragraph (credits, reprint notes)."""
        after = self.body_source[self.last + 1 : self.last + 8]
        if self.body_source is not self.lines and (end := self.body_end) is not None:
            # The content block may end before the credits: read the page's lines after it too.
            after += self.lines[end + 1 : end + 8]
        return after

    @cached_property
    def sources(self) -> list[str]:
        """The 来源 values above the text, in order, each once."""
        return list(dict.fromkeys(v for line in self.preamble if (v := meta.source_field(line))))

    @cached_property
    def byline(self) -> tuple[str | None, str] | None:
        return meta.wechat_byline(self.meta_line) if self.meta_index is not None else None

    @cached_property
    def date_line(self) -> int | None:
        """The date line; with none found, a labelled month and day without a year above the body."""
        if self.meta_index is not None:
            return self.meta_index
        end = self.body_at if self.body_source is not self.lines else self.first
        if end is None:
            return None
        return next((i for i in range(end) if meta.month_day_time(self.lines[i])), None)

    @cached_property
    def site(self) -> str | None:
        """The hosting site's own name (tab title's last part, or the footer's holder)."""
        if self.hints.title_tag:
            return meta.site_name(self.hints.title_tag, self.lines)
        return meta.footer_site(self.lines)

    @cached_property
    def full_dates_above_body(self) -> list[tuple[str, PublishedAt]]:
        """Labelled full dates between the headline and the text (发布日期：2023-04-02)."""
        end = self.body_at if self.body_at is not None else min(len(self.lines), 12)
        found = []
        for line in self.lines[max(0, end - 10) : end]:
            label = lexicon.PUBLISHED_LABEL.search(line)
            if label and (date := meta.parse_date(line[label.end() :], today=self.today)):
                found.append((line, date))
        return found
