"""PageText → ExtractedArticle: find the article's title, meta line, body, date,
outlet, original outlet and reporter among the page's lines.

Text dumps and HTML share this code; HTML adds hints (meta tags, the main-content
block) that are preferred when they are consistent with the visible page.
"""

from __future__ import annotations

import datetime
import re

from articles.ingest import metadata as meta
from articles.ingest.body import body_paragraphs, cjk_count, find_body, forget_lines, is_caption, is_paragraph
from articles.ingest.records import ExtractedArticle, PageError, PageText, PublishedAt

MIN_BODY_CJK = 40  # fewer Chinese characters than this is not an article
# A five-year plan in full runs to about 100,000 characters; past this a "page" is a
# dump of something else, and segmenting it would take a worker a gigabyte.
MAX_BODY_CHARS = 200_000
_META_KEYWORDS = re.compile(
    r"发布时间|发布日期|发表时间|发表于|发布于|更新时间|IP\s*属地|时间\s*[:：]|日期\s*[:：]|来源|稿源|作者|编辑|浏览|阅读"
    r"|發布時間|發佈時間|時間\s*[:：]|來源|編輯|瀏覽|閱讀"  # Traditional pages label the same fields
)
# A lead that opens with its credit: 天山网-新疆日报记者 刘晓蕾 热依拉·艾尔肯 报道：
_LEAD_REPORTER = re.compile(r"^[^。，,]{0,30}?(?:记者|記者)[^。，,：:]{2,30}?(?:报道|報道|摄|攝)?(?=[：:])")
# The credit right after a dateline: 中新网太原6月17日电(记者 范丽芳)
_LEAD_CREDIT = re.compile(r"^.{0,40}?[(（【\[](?P<credit>[^)）】\]]{2,40})[)）】\]]")
_NAV_LINE = re.compile(r"(\s[|｜>]\s.*){2,}|(\S\s*>\s*){3,}|首页\s*>")


_URL = re.compile(r"https?://\S+")


def _is_meta_line(line: str, today: datetime.date) -> bool:
    line = _URL.sub("", line)  # a dated address (…/2023-06/01/….html) is not a date line
    if len(line) > 160 or meta.parse_date(line, today=today) is None:
        return False
    if _META_KEYWORDS.search(line):
        return True
    rest = meta._FULL_DATE.sub("", line)
    if len(rest) <= 30 and meta.reporter_in(rest):  # 新京报记者 王昱涵 2024-03-08 10:26
        return True
    # A bare date line ("2023-04-14 09:30:15"): almost nothing else on it.
    rest = meta._FULL_DATE.sub("", line)
    return cjk_count(rest) <= 6


# Dates that are not the publication's: a document's signing date, a crawl or snapshot time.
_EDITED = re.compile(r"(编辑|更新|修改)于|(更新|修改)(时间|日期)")
_PUBLISHED_LABEL = re.compile(r"发布(日期|时间|于)|发表(日期|时间|于)|發布(日期|時間)")
_OTHER_DATE = re.compile(r"(成文|印发|签发|施行|实施|有效|截止|废止|修订)日期|抓取|采集|快照|爬取")


def _meta_line_index(
    lines: list[str], today: datetime.date, main: frozenset[str] = frozenset()
) -> int | None:
    """The visible date/source line under the headline: the first date line that an
    article body follows closely (header clocks and related-news dates do not), and
    that has a headline above it when any such line has one (a snapshot's own notice
    is followed by prose too). On HTML pages, one followed by the main block's text
    when any is (a dated list item under the article is followed by comments)."""
    candidates = [
        i
        for i, line in enumerate(lines)
        if i > 0
        and _is_meta_line(line, today)
        and not (_OTHER_DATE.search(line) and not re.search(r"发布|发表", line))
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
    titled = {i: title for i in sorted(nearest.values()) if (title := _title_before(lines, i))}
    if len(titled) > 1:
        # The same article twice (a mobile copy cut short, then the full one): the copy
        # under the same headline with the most text after it.
        first = next(iter(titled.values()))
        copies = [i for i, title in titled.items() if title == first]
        return max(copies, key=lambda i: (_text_after(lines, i), -i))
    return next(iter(titled), min(nearest.values(), default=None))


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
    dated = [line for line in lines if len(line) <= 80 and meta._FULL_DATE.search(line)]
    listed = sum(cjk_count(line) for line in dated)
    paged = any(_PAGER.search(line) for line in lines)
    return len(dated) if (paged and len(dated) >= 5) or listed >= 8 * body_cjk else 0


def _looks_like_headline(line: str) -> bool:
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
        and not _TOOLBAR.search(line)
    )


# A toolbar's labels (字体：大 中 小 打印 分享到), not a headline.
_TOOLBAR = re.compile(r"字体|字号|字體|打印|分享到|大\s*中\s*小|关闭窗口|收藏本页")


def _title_before(lines: list[str], end: int) -> str | None:
    """The headline-like line above `end` (the meta line or the body): the nearest one
    that reads like a headline (8+ characters) — an account name (蜀地健康观察) may sit
    between headline and date — else the nearest at all."""
    nearby = [lines[i] for i in range(end - 1, max(-1, end - 6), -1) if _looks_like_headline(lines[i])]
    # 引题 / 主题 / 副题 stacked: the main title is the one the page names the article by
    # elsewhere too (an e-paper's page index, 上一篇/下一篇, the breadcrumb).
    repeated = [line for line in nearby if cjk_count(line) >= 8 and lines.count(line) > 1]
    if len(nearby) > 1 and repeated:
        return repeated[0]
    return next((line for line in nearby if cjk_count(line) >= 8), nearby[0] if nearby else None)


def _suffix_title(candidate: str, lines: list[str]) -> str:
    """When scraping glued a previous item onto the headline, the page usually repeats
    the headline alone elsewhere (a breadcrumb, the tab title): prefer that copy."""
    best = candidate
    for line in lines:
        cleaned = meta.clean_title(line)
        if (
            line != candidate
            and len(cleaned) >= 8
            and candidate.endswith(cleaned)
            and len(cleaned) < len(best)
        ):
            best = cleaned
    return best


def _html_title(page: PageText, raw_title: str | None = None) -> str | None:
    """The markup's headline. og:title, <h1> and friends are candidates; the tab title,
    cleaned of its site suffix, arbitrates (a logo <h1> is only a fragment of it)."""
    hints = page.hints
    visible = set(page.lines)
    options = [meta.clean_title(t) for t in hints.titles]
    options = [t for t in options if cjk_count(t) >= 5]
    tag = meta.clean_title(hints.title_tag) if hints.title_tag else ""
    if tag and cjk_count(tag) >= 5:
        for option in options:
            if option == tag or tag in option or (option in tag and len(option) >= 0.6 * len(tag)):
                return option
        if tag in visible:
            return tag
        # The tab title's headline part, shown on the page (headline-医院名 with the
        # headline in an unmarked <h3>).
        shown = [p for p in meta.title_parts(hints.title_tag) if p in visible and cjk_count(p) >= 5]
        if shown and not options:
            return max(shown, key=len)
        if not options and not (raw_title and cjk_count(raw_title) >= 8):
            return tag
    for option in options:
        if option in visible:
            return option
    if options:
        return options[0]
    if raw_title and cjk_count(raw_title) >= 8:
        # The tab title is not on the page (a print version's 站名-打印); the line above
        # the date line is.
        return meta.clean_title(raw_title)
    return tag or None


def _published(
    lines: list[str], meta_index: int | None, page: PageText, body: list[str], url: str, today: datetime.date
) -> PublishedAt | None:
    hinted = next((d for raw in page.hints.published if (d := meta.parse_date(raw, today=today))), None)
    line = lines[meta_index] if meta_index is not None else ""
    if (label := _PUBLISHED_LABEL.search(line)) and meta.parse_date(line[label.start() :], today=today):
        line = line[label.start() :]  # 成文日期：… 发布日期：2023-04-02 / 更新时间：… 发布时间：…
    if hinted and _EDITED.search(line):
        return hinted  # 编辑于 2024-04-06: the page shows when it was last edited; the markup, when published
    if meta_index is not None and (found := meta.parse_date(line, today=today)):
        # The visible date wins; the markup may add the time the page leaves out.
        same_day = hinted and (hinted.year, hinted.month, hinted.day) == (found.year, found.month, found.day)
        return hinted if same_day and found.minute is None and hinted.minute is not None else found
    if hinted:
        return hinted
    if below := _date_below(lines, body, today):  # 发布于 2024-03-05 09:12・IP 属地北京 (知乎)
        return below
    from_url = meta.date_from_url(url, today=today)
    if from_url and from_url.day is not None:
        return from_url
    # A labelled month and day without a year (百家号: 发布时间：07月19日10:23).
    first = lines.index(body[0]) if body and body[0] in lines else min(len(lines), 12)
    for line in lines[max(0, first - 8) : first]:
        if found := meta.month_day_time(line):
            m, d, hour, minute = found
            year = meta.infer_year(
                m, d, "\n".join(body), today=today, hint=from_url.year if from_url else None
            )
            if year:
                return PublishedAt(year, m, d, hour, minute, inferred=not from_url)
    head = body[0] if body else ""
    line = meta.dateline(head)
    md = (
        (line[1], line[2])
        if line
        else meta.month_day(head[:40])
        if re.search(r"日\s*(电|讯)", head[:40])
        else None
    )
    if md:
        hint = from_url.year if from_url else None
        year = meta.infer_year(md[0], md[1], "\n".join(body), today=today, hint=hint)
        if year:
            return PublishedAt(year, md[0], md[1], inferred=hint is None)
    if signed := _signature(lines, body, today):
        return signed[1]
    if from_url:
        return from_url
    if issue := _masthead(lines, today):  # 贵州日报 2023年10月30日 星期一 第05版
        return issue[1]
    # Last resort: a bare date line above the article (an e-paper's issue date).
    first = lines.index(body[0]) if body and body[0] in lines else len(lines)
    for line in lines[:first]:
        if _is_meta_line(line, today) and len(line) <= 24:
            return meta.parse_date(line, today=today)
    return None


def _last_index(lines: list[str], body: list[str]) -> int | None:
    """Where the body's last paragraph stands in the page's lines (its last occurrence)."""
    if not body or body[-1] not in lines:
        return None
    return len(lines) - 1 - lines[::-1].index(body[-1])


def _date_below(lines: list[str], body: list[str], today: datetime.date) -> PublishedAt | None:
    """A labelled publication date printed under the article (知乎, some blogs)."""
    if (end := _last_index(lines, body)) is None:
        return None
    for line in lines[end + 1 : end + 6]:
        if (label := _PUBLISHED_LABEL.search(line)) and (
            found := meta.parse_date(line[label.end() :], today=today)
        ):
            return found
    return None


def _reprint_above(lines: list[str], headline: str) -> bool:
    """A reprint note (转载自 X) on a line of its own just above the headline."""
    at = lines.index(headline) if headline in lines else -1
    return at > 0 and any(
        meta.reprint_source(line) and len(line) <= 30 for line in lines[max(0, at - 3) : at]
    )


_EPAPER = re.compile(r"版面导航|本版标题|第\s*\d+\s*版[:：]|上一版|下一版")
_PRINTED_IN = re.compile(r"^《\s*(?P<v>[^》]{2,20}?)\s*》\s*[（(]\s*(?:19|20)\d{2}\s*年.{0,16}第\s*\d+\s*版")
_MASTHEAD = re.compile(r"星期[一二三四五六日天]|第\s*\d+\s*版")


def _masthead(lines: list[str], today: datetime.date) -> tuple[str | None, PublishedAt] | None:
    """An e-paper's masthead line (paper, issue date, weekday, page): the date the
    article was printed and the paper that printed it."""
    for line in lines[:5]:
        if _MASTHEAD.search(line) and (date := meta.parse_date(line, today=today)):
            return meta.outlet_before_date(line), date
    return None


_SIGNER = re.compile(
    r"^[\u4e00-\u9fff（）()]{4,30}(办公厅|办公室|委员会|人民政府|政府|协会|学会|厅|局|委|部|院|中心|医院)$"
)


def _signature(lines: list[str], body: list[str], today: datetime.date) -> tuple[str, PublishedAt] | None:
    """The 落款 under a notice's last paragraph: the issuing body, then the date it was
    issued (国家卫生健康委办公厅 / 2024年3月5日); the date and source of a document
    that prints no other."""
    if (end := _last_index(lines, body)) is None:
        return None
    after = lines[end + 1 : end + 10]
    for signer, line in zip(after, after[1:], strict=False):
        if (
            _SIGNER.match(signer)
            and (date := meta.parse_date(line, today=today))
            and cjk_count(meta._FULL_DATE.sub("", meta._arabic_dates(line))) <= 2
        ):
            return signer, date
    return None


# A credit field (记者：…, 【作者】 …), not a heading that starts with the word (作者最新文章).
_CREDIT_FIRST = re.compile(r"^[(（【\[]?\s*(记者|記者|作者|撰文|采写)\s*[】\]]?\s*[:：|｜丨\s]")
_SOURCE_FIRST = re.compile(r"^[(（]?\s*(文章|新闻|稿件|信息)?(来源|稿源|來源)")
_ACCOUNT_ON = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,12})\s+(?:(?:19|20)\d{2}-)?\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
)


def _account_on(line: str) -> str | None:
    """健康安徽 05-21 10:32 阅读数：2.1万: the account that posted, in front of its time."""
    m = _ACCOUNT_ON.match(line)
    return m["name"] if m and m["name"] not in _UI_WORDS and not meta.reporter_in(m["name"]) else None


_UI_WORDS = {"登录", "注册", "首页", "关注", "下载", "搜索", "返回", "分享", "收藏", "评论", "举报", "更多"}
_EDITOR = re.compile(
    r"(?:责任编辑|编辑|责编|編輯|審核|审核|校对|监制|主编)\s*[:：]\s*([\u4e00-\u9fff·]{2,4})"
)


def _editors(lines: list[str]) -> set[str]:
    return {
        name
        for line in lines
        if "编" in line or "審" in line or "审" in line
        for name in _EDITOR.findall(line)
    }


def _account_line(lines: list[str], title: str, raw_title: str | None, meta_index: int) -> str | None:
    """A short name alone between the headline and the date line: the publishing account
    on self-media platforms (百家号, 头条号)."""
    for line in lines[max(0, meta_index - 2) : meta_index]:
        if (
            line not in (title, raw_title)
            and 2 <= cjk_count(line) <= 12
            and len(line) <= 14
            and not re.search(r"[，,。：:!！?？|｜>/›]", line)
            and line not in _UI_WORDS
            and not meta.reporter_in(line)
            and not is_caption(line)
        ):
            return line
    return None


def _header_region(
    lines: list[str], title: str, raw_title: str | None, meta_index: int | None, first_paragraph: str
) -> list[str]:
    """Page lines from a little above the headline (or meta line) to the first paragraph."""
    body_at = next((i for i, line in enumerate(lines) if line == first_paragraph), None)
    anchors = [i for i, line in enumerate(lines) if line in (title, raw_title) or (title and title in line)]
    anchors = [i for i in anchors if body_at is None or i < body_at]
    if meta_index is not None:
        anchors.append(meta_index)
    if not anchors:
        return [] if body_at is None else lines[max(0, body_at - 6) : body_at]
    top = max(0, min(anchors[-1], meta_index if meta_index is not None else anchors[-1]) - 3)
    bottom = body_at if body_at is not None and body_at > top else min(len(lines), top + 12)
    region = lines[top:bottom][:15]
    if body_at is not None:  # the credit line right above the text, however far the anchor
        region += [line for line in lines[max(top, body_at - 6) : body_at] if line not in region]
    return [line for line in region if line not in (title, raw_title)]


def extract_article(page: PageText, *, url: str = "", today: datetime.date | None = None) -> ExtractedArticle:
    today = today or datetime.date.today()
    forget_lines()
    meta.clean_title.cache_clear()
    lines = list(page.lines)
    hints = page.hints
    meta_index = _meta_line_index(lines, today, frozenset(hints.body_lines))

    # Title: the markup's headline for HTML; the line above the meta line (or the body) otherwise.
    start = meta_index + 1 if meta_index is not None else 0
    raw_title = _title_before(lines, meta_index) if meta_index is not None else None
    title = _html_title(page, raw_title) if (hints.titles or hints.title_tag) else None

    stop = {t for t in (title, raw_title) if t}
    body_span = None
    body_source = lines
    if hints.body_lines:
        span = find_body(list(hints.body_lines), stop_lines=frozenset(stop))
        if span and sum(cjk_count(x) for x in hints.body_lines[span[0] : span[1] + 1]) >= MIN_BODY_CJK:
            body_source, body_span = list(hints.body_lines), span
    if body_span is None:
        span = find_body(lines[start:], stop_lines=frozenset(stop))
        if span:
            body_span = (span[0] + start, span[1] + start)
    if body_span is None:
        _refuse_foreign(lines)
        raise PageError(
            "no article text found: the page has no paragraphs (a list, index or navigation page?)"
        )

    if raw_title is None and body_source is lines:
        raw_title = _title_before(lines, body_span[0]) or next(
            (line for line in lines[: body_span[0]] if _looks_like_headline(line)), None
        )
    elif raw_title is None and (opening := body_source[body_span[0]]) in lines:
        raw_title = _title_before(lines, lines.index(opening))
    if title and raw_title and title not in lines and cjk_count(title) < 8 <= cjk_count(raw_title):
        title = None  # the tab title is only the site's name (新华每日电讯); the page shows the headline
    if title is None and raw_title:
        title = _suffix_title(meta.clean_title(raw_title), lines)
    if not title:
        raise PageError("no headline found above the article text")

    first, last = body_span
    body = body_paragraphs(body_source[first : last + 1])
    if (length := sum(map(len, body))) > MAX_BODY_CHARS:
        raise PageError(
            f"the article text is {length:,} characters long, more than any news article "
            f"({MAX_BODY_CHARS:,}): not imported"
        )
    body_cjk = sum(cjk_count(x) for x in body)
    if body_cjk < MIN_BODY_CJK:
        _refuse_foreign(lines)
        raise PageError("no article text found: fewer than 40 Chinese characters of prose")
    if len(body) == 1 and body_cjk < 120 and (headlines := _listed_headlines(lines, body_cjk)):
        raise PageError(f"no article text found: the page lists {headlines} dated headlines (an index page?)")

    # The lines around the headline and before the first paragraph carry credits and
    # sources; sites put them above the headline (xinhuanet) or below it (most).
    preamble = _header_region(lines, title, raw_title, meta_index, body[0])
    if body_source is not lines:
        preamble += [x for x in body_source[:first] if x not in preamble]

    sources = list(dict.fromkeys(v for line in preamble if (v := meta.source_field(line))))
    outlet = sources[0] if sources else None
    original = None
    for line in preamble:
        original = original or meta.reprint_source(line)
    after = body_source[last + 1 : last + 8]
    if body_source is not lines and (end := _last_index(lines, body)) is not None:
        # The content block may end before the credits: read the page's lines after it too.
        after += lines[end + 1 : end + 8]
    for line in after:  # 本文转自：光明网 after the last paragraph
        original = original or meta.reprint_source(line)
    # A second, different 来源 under the page's own: the reprinted article's credit line
    # (网易号: 来源: 账号 … then 原标题 and 来源：山西日报 above the text).
    original = original or (sources[1] if len(sources) > 1 else None)
    outlet = outlet or (meta.clean_outlet(hints.source) if hints.source else None)
    byline = meta.wechat_byline(lines[meta_index]) if meta_index is not None else None
    if not outlet and byline:
        outlet = byline[1]
    if not outlet and meta_index is not None:
        outlet = meta.outlet_before_date(lines[meta_index]) or meta.outlet_after_date(lines[meta_index])
    date_line = meta_index
    if date_line is None and body_source is lines:
        date_line = next((i for i in range(body_span[0]) if meta.month_day_time(lines[i])), None)
    elif date_line is None and body[0] in lines:
        date_line = next((i for i in range(lines.index(body[0])) if meta.month_day_time(lines[i])), None)
    if not outlet and date_line is not None:
        outlet = (
            meta.outlet_before_date(lines[date_line])
            or _account_on(lines[date_line])
            or _account_line(lines, title, raw_title, date_line)
        )
    dl = meta.dateline(body[0])
    if not outlet:  # a paper's own credit: 《人民日报海外版》（2024年04月15日 第 09 版）, a masthead
        outlet = next((m["v"] for line in lines if (m := _PRINTED_IN.match(line))), None)
        outlet = outlet or ((issue := _masthead(lines, today)) and issue[0]) or None
    if not outlet and dl and any(_EPAPER.search(line) for line in lines):
        # An e-paper page (版面导航, 第N版) is the paper's, whatever agency wrote the story.
        outlet = meta.site_name(hints.title_tag, lines) if hints.title_tag else meta.footer_site(lines)
    if not outlet and dl:
        outlet = dl[0]
    if not outlet and (signed := _signature(lines, body, today)):
        outlet = signed[0]
    if not outlet:
        outlet = meta.site_name(hints.title_tag, lines) if hints.title_tag else meta.footer_site(lines)
    # 来源 | 海南日报 under the article of a page published by someone else (a WeChat
    # account, a county site): where the article came from.
    original = original or next(
        (v for line in after if _SOURCE_FIRST.match(line) and (v := meta.source_field(line)) and v != outlet),
        None,
    )
    if original and raw_title and sources and _reprint_above(lines, raw_title):
        # 转载自东南网 above the copied article's own headline and 来源：福建日报: the copy
        # came from 东南网, which had it from 福建日报.
        outlet, original = original, sources[0]
    reprinted = original is not None
    if original == outlet:
        original = None
    if reprinted and original is None and dl and dl[0] != outlet:
        # 来源：浙江日报, 本文转载自《浙江日报》, and the text opens 新华社杭州1月15日电:
        # the paper reprinted the agency's story.
        original = dl[0]

    reporter = next(
        (r for line in preamble if not is_paragraph(line) and (r := meta.reporter_in(line))), None
    )
    if not reporter and (credit := _LEAD_CREDIT.match(body[0])):
        reporter = meta.reporter_in(credit["credit"])
    if not reporter and (lead := _LEAD_REPORTER.match(body[0])):  # 【大公報訊】記者 何凱琳 廈門報道：
        reporter = meta.reporter_in(lead.group())
    if not reporter and (wire := next(filter(None, map(meta.wire_credit, body[:1] + body[-1:])), None)):
        reporter = wire[1]  # （中央社記者林孟潔台北5日電）
    reporter = reporter or meta.sign_off(body[-1]) or (byline[0] if byline else None)
    # Credits under the article (记者 | 陈蔚林  通讯员 | 符小燕).
    reporter = reporter or next(
        (r for line in after if _CREDIT_FIRST.match(line) and (r := meta.reporter_in(line))), None
    )
    if not reporter and (author := meta.person_names(hints.author)):
        # Some sites put the editor in <meta name="author">; the page labels them.
        reporter = None if author in _editors(lines) else author

    canonical = url or hints.url
    published = _published(lines, meta_index, page, body, canonical, today)
    return ExtractedArticle(
        title=title,
        body=tuple(body),
        published=published,
        outlet=outlet,
        original_outlet=original,
        reporter=reporter,
        url=canonical or None,
        tables=hints.tables,
    )
