"""Decoded page → PageText: the visible lines of the page, plus what the markup says
(title candidates, dates, source, canonical URL, the main-content block).

HTML is parsed with BeautifulSoup on lxml. Text dumps are already lines. Both end up
in the same shape so that one line-based extractor handles every page.
"""

from __future__ import annotations

import email.utils
import json
import re
import warnings
from dataclasses import replace

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning

from articles.ingest import lexicon
from articles.ingest.decode import normalise_text
from articles.ingest.records import DataTable, DecodedPage, PageError, PageHints, PageText

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "button",
    "select",
    "textarea",
    "figcaption",
    "video",  # what a browser without the player shows, never the article
    "audio",
    "object",
)
# Photo captions by class name (img_descr, pic-txt, caption …).
_CAPTION_CLASS = re.compile(
    r"caption|(?:pic|img|image|photo)[-_]?(?:desc|descr|txt|text|title|tit|name|note|info|intro)|(?:^|[-_])cap(?:$|[-_])",
    re.I,
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul "
    "caption body html".split()
)
# Containers whose class or id says they are chrome, not the article.
_CHROME = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|copyright|share|sharing|social|related|"
    r"relate|recommend|recom|hot|hotnews|rank|sidebar|side|aside|comments?|reply|advert|ads?|banner|"
    r"toolbar|print|pager|pagination|login|search|qrcode|ewm|subscribe|top-?bar|header-?nav|friend-?links?|"
    r"links|summary|abstract|digest)($|[\s_-])",
    re.I,
)
# Where common CMSs put the article (TRS government sites, WeChat, portals), best first:
# ("id" | "class" | "tag" | "itemprop", value).
_CONTENT_SELECTORS = (
    ("id", "js_content"),
    ("class", "rich_media_content"),
    ("class", "TRS_Editor"),
    ("class", "trs_editor_view"),
    ("id", "UCAP-CONTENT"),
    ("id", "zoom"),
    ("class", "article-content"),
    ("class", "article_content"),
    ("id", "article_content"),
    ("class", "articleContent"),
    ("id", "articleContent"),
    ("class", "post_body"),
    ("class", "post_text"),
    ("id", "endText"),
    ("class", "rm_txt_con"),
    ("class", "box_con"),
    ("id", "Cnt-Main-Article-QQ"),
    ("class", "content_area"),
    ("id", "content_area"),
    ("tag", "article"),
    ("itemprop", "articleBody"),
)
_TITLE_NODES = (
    ("id", "activity-name"),
    ("class", "rich_media_title"),
    ("tag", "h1"),
    ("class", "news-title"),
    ("class", "news_title"),
    ("class", "article-title"),
    ("class", "article_title"),
    ("class", "detail-title"),
    ("class", "title"),
    ("tag", "h2"),
)
# Scripts that carry the publication time and outlet as data (腾讯 window.DATA, 网易, 今日头条 …).
_SCRIPT_TIME = re.compile(
    # Keys in either case spelled out (re.I would make the scan over a whole page twice as slow);
    # the value a quoted date or a bare Unix time ("publishTime":1710228360).
    r"""(?:(?:[pP]ub|[pP]ublish|[rR]elease|[iI]ssue|PUB|PUBLISH|RELEASE)_?"""
    r"""(?:[tT]ime|[dD]ate|[aA]t|[dD]ate[tT]ime|[sS]tr|[sS]tamp|TIME|DATE)|post_?(?:time|date)|ptime|datePublished)"""
    r"""["']?\s*[:=]\s*(?:["']([^"']{8,32})["']|(1\d{9}(?:\d{3})?)\b)"""
)
# What a self-media page's data calls the post's time when it says nothing of publishing.
_SCRIPT_CREATED = re.compile(
    r"""["'](?:createTime|create_time|createdAt|created_at|ctime)["']\s*:\s*(?:["']([^"']{8,32})["']|(1\d{9}(?:\d{3})?)\b)"""
)
_SCRIPT_MEDIA = re.compile(r"""["'](?:media|media_name|mediaName|source)["']\s*:\s*["']([^"']{2,30})["']""")
# An author card's name element (丁香园: <span class="author-name">韩思齐</span>), with no
# 作者/记者 label to find it by in the text.
_AUTHOR_NODES = (
    ("class", "author-name"),
    ("class", "author_name"),
    ("class", "authorName"),
    ("class", "byline"),
    ("class", "byline-name"),
)
_CREDIT_WORDS = re.compile(r"记者|記者|作者|编辑|編輯|责编|来源|來源|通讯员")


def _card_author(index: _Index) -> str:
    """The first author card's name outside lists and chrome: short, and no labelled
    credit (a labelled one is read from the visible text)."""
    for node in index.all(*_AUTHOR_NODES):
        text = _text(node)
        if text and len(text) <= 20 and not _CREDIT_WORDS.search(text) and not _in_list(node):
            return normalise_text(text).strip()
    return ""


_DATE_NODES = (
    ("id", "publish_time"),
    ("class", "publish_time"),
    ("id", "pubtime"),
    ("class", "pubtime"),
    ("class", "pub-time"),
    ("class", "date"),
    ("class", "time"),
)
_DATE_META = (
    "article:published_time",
    "og:release_date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "firstpublishedtime",
    "dc.date",
    "dc.date.issued",
    "date",
    "weibo:article:create_at",
)
_CJK = lexicon.HAN_CHAR
_WECHAT_CT = re.compile(r"""\bvar\s+ct\s*=\s*["']?(\d{10})""")


def parse_page(page: DecodedPage) -> PageText:
    if is_feed(page.text):
        return parse_feed(page.text)
    if page.media_type == "text/html":
        return parse_html(page.text)
    return parse_text(page.text)


# An RSS or Atom document (a saved feed, whatever its file name says): its root element
# comes after an XML declaration and comments. The prologue is skipped one part at a
# time: a single pattern `(?:<!--.*?-->\s*)*` backtracks exponentially over the comment
# lines crawlers stack at the top of a saved page (60 of them stalled a run for good).
_PROLOGUE_PART = re.compile(r"\s*(?:<\?xml[^>]*>|<!--.*?-->)", re.S)
_FEED_ROOT = re.compile(r"\s*<(?:rss|feed)\b")


def is_feed(text: str) -> bool:
    position = 0
    while part := _PROLOGUE_PART.match(text, position):
        position = part.end()
    return bool(_FEED_ROOT.match(text, position))


def parse_feed(text: str) -> PageText:
    """A feed holding one item with its full text is that article (its title, date,
    source and the HTML of its description); a feed of several items is a list."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "xml")
    items = soup.find_all(["item", "entry"])
    if len(items) != 1:
        raise PageError(
            f"no article text found: the page is a news feed of {len(items)} items (import their pages)"
        )
    item = items[0]

    def field(*names: str) -> str:
        node = next((n for name in names if (n := item.find(name)) is not None), None)
        return node.get_text(" ", strip=True) if node is not None else ""

    page = parse_html(f"<html><body>{field('encoded', 'content', 'description', 'summary')}</body></html>")
    title = field("title")
    published = field("pubDate", "published", "updated", "date")
    try:
        stamp = email.utils.parsedate_to_datetime(published).isoformat() if published else ""
    except (TypeError, ValueError):
        stamp = published  # already ISO (Atom)
    channel = soup.find(["channel", "feed"])
    site = channel.find("title", recursive=False) if channel is not None else None
    source = field("source", "author") or (site.get_text(strip=True) if site is not None else "")
    hints = replace(
        page.hints,
        titles=(title,) if title else (),
        title_tag=title,
        published=(stamp,) if stamp else (),
        source=source,
        url=field("link", "guid"),
    )
    return PageText(lines=(title, *page.lines) if title else page.lines, hints=hints)


def parse_text(text: str) -> PageText:
    url = ""
    if _MARKDOWN_SIGNS.search(text):
        text, url = _from_markdown(text)
    if len(_ENGLISH_FIELD.findall(text)) >= 3:
        text = _ENGLISH_FIELD.sub(lambda m: _FIELD_NAMES[m["key"].lower()] + "：", text)
    # 正文：初冬的…: the body label on its own line, so the text after it opens the body.
    text = re.sub(r"^(正文|内容|全文)[:：][ \t]*(?=\S)", r"\1：\n", text, flags=re.M)
    lines = _unwrap(_drop_page_furniture(text.split("\n")))
    lines = tuple(_join_labels(lines))
    if not lines:
        raise PageError("no text in the page")
    return PageText(lines=lines, hints=PageHints(url=url) if url else PageHints())


# A scraper's own field names (title: …, pub_date: …, content:), read as the Chinese
# labels the extractor knows.
_FIELD_NAMES = {
    "title": "标题", "headline": "标题", "source": "来源", "media": "来源", "author": "作者",
    "summary": "摘要", "abstract": "摘要", "description": "摘要", "content": "正文", "body": "正文",
    "text": "正文", "url": "原文链接", "link": "原文链接", "pub_date": "发布时间", "pubdate": "发布时间",
    "publish_time": "发布时间", "published": "发布时间", "published_at": "发布时间", "date": "发布时间",
    "crawl_time": "抓取时间", "crawled_at": "抓取时间", "fetch_time": "抓取时间",
}  # fmt: skip
_ENGLISH_FIELD = re.compile(r"^(?P<key>" + "|".join(_FIELD_NAMES) + r")\s*[:：]\s*", re.I | re.M)


# A Markdown export (MarkDownload, readability tools, note apps): headings, images, links.
_MARKDOWN_SIGNS = re.compile(r"^(#{1,6} |!\[|---\n)|\]\(https?://", re.M)
_FRONT_MATTER = re.compile(r"\A\s*---\n(?P<head>.*?)\n---\n", re.S)
_MD_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$", re.M)
_MD_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_RULE = re.compile(r"^\s{0,3}([-*_]\s*){3,}$", re.M)


def _from_markdown(text: str) -> tuple[str, str]:
    """Markdown → the plain lines the extractor reads, and the page address its front
    matter gives (`source:`; its `created:` is when the page was clipped, not published).
    A quoted standfirst before the first paragraph becomes a 导语 line, which no body
    starts on."""
    url = ""
    if m := _FRONT_MATTER.match(text):
        for line in m["head"].splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() in ("source", "url") and value.strip().startswith("http"):
                url = value.strip()
        text = text[m.end() :]
    text = _MD_IMAGE_LINE.sub("", text)
    text = _MD_LINK.sub(lambda m: m["text"], text)
    text = _MD_HEADING.sub("", text)
    text = _MD_RULE.sub("", text)
    lines, seen_prose = [], False
    for line in text.split("\n"):
        quoted = bool(_MD_QUOTE.match(line))
        line = _MD_EMPHASIS.sub("", _MD_QUOTE.sub("", line))
        if quoted and not seen_prose and line.strip():
            line = "导语：" + line.strip()
        elif line.strip() and len(_CJK.findall(line)) >= 30:
            seen_prose = True
        lines.append(line)
    return "\n".join(lines), url


_PAGE_NUMBER = re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$|^第\s*\d{1,3}\s*页(\s*共\s*\d{1,3}\s*页)?$")


def _drop_page_furniture(raw: list[str]) -> list[str]:
    """Text from a PDF (pdftotext): drop page numbers (— 2 —) and the running header
    repeated at the top of each later page (the document number), so that a paragraph
    broken by a page break can be joined again. Other text is only stripped."""
    lines: list[str] = []
    tops: list[int] = []  # indexes in `lines` of the first line of each later page
    new_page = False
    for line in raw:
        if "\f" in line:
            new_page = True
        line = line.strip()
        if not line:
            continue
        if _PAGE_NUMBER.match(line):
            new_page = True
            continue
        if new_page:
            tops.append(len(lines))
            new_page = False
        lines.append(line)
    repeated = {
        lines[i] for i in tops if sum(lines[j] == lines[i] for j in tops) >= 2 or lines.count(lines[i]) >= 2
    }
    return [line for i, line in enumerate(lines) if not (i in tops and lines[i] in repeated)]


_WIDE = re.compile("[\u2e80-\uffff]")  # characters a page sets two columns wide


def _width(line: str) -> int:
    return len(line) + len(_WIDE.findall(line))


# Document kinds that end an official title (…工作的通知), whatever its line breaks.
_DOCUMENT_KIND = re.compile(r"(通知|意见|方案|办法|决定|通报|批复|函|公告|规定|细则|要点|报告|规划|纲要)$")


def _unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped text (a PDF's lines, each as wide as the page): join every full-width
    line with the next, so paragraphs are lines again. Text whose lines are paragraphs
    already (most dumps) has no common width and is left as it is."""
    measured = [(line, _width(line)) for line in lines if len(line) <= 70 and len(_CJK.findall(line)) >= 10]
    if len(measured) < 8:  # paragraphs on lines of their own (most dumps) are longer
        return lines
    widths = [w for _, w in measured]
    full = max(set(widths), key=lambda w: (sum(w - 6 <= x <= w + 1 for x in widths), w))
    band = [line for line, w in measured if full - 6 <= w <= full + 1]
    # Wrapped prose: many lines of one width, nearly all of them with clause punctuation
    # inside (a list of headlines has one width too, but no commas).
    prose = sum(bool(re.search(r"[，。；、]", line)) for line in band)
    if not 40 <= full <= 120 or len(band) < max(8, 0.3 * len(widths)) or prose < 0.7 * len(band):
        return lines
    out: list[str] = []
    joining = False
    for line in lines:
        if joining or (out and _DOCUMENT_KIND.search(line) and _title_head(out[-1])):
            out[-1] += line
        else:
            out.append(line)
        # (digits are half as wide as characters: a full line with a date in it measures less)
        joining = (
            _width(line) >= full - 8 and not line.endswith((":", "：")) and len(_CJK.findall(line)) >= 10
        )
    return out


def _title_head(line: str) -> bool:
    """The first line of a title broken in two (国家卫生健康委办公厅关于开展2024年紧密型县域)."""
    return "关于" in line and not re.search(r"[，。；：:、〔]", line)


_LABEL_ONLY = lexicon.regex(r"^[\p{Han}][\p{Han} ]{0,7}[:：]$")


def _join_labels(lines: list[str]) -> list[str]:
    """A field label alone on its line and its value on the next, as table layouts give
    them (来　源： | 规划财务司): one line, as the field is written elsewhere."""
    out: list[str] = []
    for line in lines:
        if out and _LABEL_ONLY.match(out[-1]) and len(line) <= 40 and "。" not in line:
            out[-1] += line
        else:
            out.append(line)
    return out


class _Index:
    """Every tag of the page by id, class, name and itemprop, built in one pass (CSS
    selector engines walk the whole tree per selector, which dominated import time)."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.by: dict[tuple[str, str], list[Tag]] = {}
        self.hidden: list[Tag] = []
        self.comments: list[Comment] = []
        self.paragraphs: list[Tag] = []  # <p> and <br>, in document order
        self.tables: list[tuple[Tag | None, DataTable]] = []  # data tables: (parent, rows)
        for tag in soup.descendants:
            if not isinstance(tag, Tag):
                if isinstance(tag, Comment):
                    self.comments.append(tag)
                continue
            attrs = tag.attrs
            if tag.name in ("p", "br"):
                self.paragraphs.append(tag)
            self._add("tag", tag.name, tag)
            if "id" in attrs:
                self._add("id", str(attrs["id"]), tag)
            for cls in attrs.get("class") or ():
                self._add("class", cls, tag)
            if "itemprop" in attrs:
                self._add("itemprop", str(attrs["itemprop"]), tag)
            if "hidden" in attrs or "display:none" in str(attrs.get("style", "")).replace(" ", "").lower():
                # display:none hides chrome; visibility:hidden is how WeChat hides
                # #js_content until its scripts run, so it says nothing about the text.
                self.hidden.append(tag)
            elif any(_CAPTION_CLASS.search(c) for c in attrs.get("class") or ()):
                self.hidden.append(tag)
            elif tag.name == "table" and tag.find(("th", "thead", "caption")) is not None:
                # A data table (header cells): one line per cell would read as a run of
                # short lines and cut the article in two; its numbers have no sentence.
                # Its rows are kept apart for the fact extractor (a list notice's designees).
                self.hidden.append(tag)
                if (rows := _table_rows(tag)) is not None:
                    self.tables.append((tag.parent, rows))
        self.hidden += [c for p in self.all(("tag", "img")) if (c := _caption_after(p))]

    def _add(self, kind: str, value: str, tag: Tag) -> None:
        self.by.setdefault((kind, value), []).append(tag)

    def all(self, *selectors: tuple[str, str]) -> list[Tag]:
        return [t for sel in selectors for t in self.by.get(sel, ()) if not _gone(t)]

    def first(self, selector: tuple[str, str]) -> Tag | None:
        return next(iter(self.all(selector)), None)

    def meta(self, *names: str) -> list[str]:
        """Contents of <meta> tags with these names, in the order the names are given."""
        found: dict[str, list[str]] = {n.lower(): [] for n in names}
        for tag in self.all(("tag", "meta")):
            key = re.sub(
                r"\s+", "", tag.get("name") or tag.get("property") or tag.get("itemprop") or ""
            ).lower()
            if key in found and (tag.get("content") or "").strip():
                found[key].append(normalise_text(tag["content"]).strip())
        return [value for values in found.values() for value in values]


_MAX_TABLE_ROWS = 300


def _table_rows(table: Tag) -> DataTable | None:
    """A data table's text: its caption, the text right before it (what introduces it)
    and its rows as cell texts (the header row first). None for a nested or empty table."""
    if table.find_parent("table") is not None:
        return None
    rows = []
    for tr in table.find_all("tr", limit=_MAX_TABLE_ROWS):
        if tr.find_parent("table") is not table:
            continue
        cells = tuple(_text(c) for c in tr.find_all(("th", "td"), recursive=False))
        if any(cells):
            rows.append(cells)
    if len(rows) < 2:
        return None
    caption = table.find("caption")
    before = []
    sibling = table.find_previous_sibling()
    while sibling is not None and len(before) < 2:
        if text := _text(sibling):
            before.insert(0, text)
        sibling = sibling.find_previous_sibling()
    return DataTable(rows=tuple(rows), caption=_text(caption) if caption else "", before=tuple(before))


def _centred(tag: Tag) -> bool:
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return "text-align:center" in style or str(tag.get("align", "")).lower() == "center"


def _caption_after(img: Tag) -> Tag | None:
    """The short centred line right after a paragraph that holds only this image:
    the photo's caption, which carries no 摄/供图 credit to recognise it by."""
    holder = img.parent
    if holder is None or holder.name not in ("p", "div", "center"):
        return None
    if own := holder.get_text(strip=True):
        # <p><img><br>吉林大学第一医院派驻专家在县医院查房</p>: the caption shares the image's block.
        short = len(_CJK.findall(own)) <= 40 and not re.search(r"[。！？；]", own)
        return holder if short and holder.find("br") is not None else None
    following = holder.find_next_sibling()
    if following is None or following.name not in ("p", "div", "center"):
        return None
    text = following.get_text(strip=True)
    if not text or len(_CJK.findall(text)) > 60 or following.find("img") is not None:
        return None
    return following if following.name == "center" or _centred(following) else None


def _ld_names(value) -> str:
    """JSON-LD author: a name, a Person, or a list of them → 沈知遥 俞晓帆."""
    items = value if isinstance(value, list) else [value]
    names = [i.get("name") if isinstance(i, dict) else i for i in items]
    return " ".join(n.strip() for n in names if isinstance(n, str) and n.strip())


def _microdata_author(index: _Index) -> str:
    """<div itemprop="author" itemtype="…/Person"><meta itemprop="name" content="林知远">"""
    for node in index.all(("itemprop", "author")):
        name = node.find(attrs={"itemprop": "name"})
        value = (name.get("content") or name.get_text(" ", strip=True)) if name else ""
        if value:
            return normalise_text(str(value)).strip()
    return ""


def _in_list(node: Tag) -> bool:
    return any(
        p.name == "li" or (p.name != "body" and _is_chrome(p)) for p in node.parents if isinstance(p, Tag)
    )


def _gone(node) -> bool:
    """Decomposed? (bs4's `Tag.decomposed` looks the attribute up through `Tag.__getattr__`,
    which searches the whole subtree for a tag of that name when it is not set.)"""
    return node.__dict__.get("_decomposed", False)


def _text(node: Tag) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True)).strip()


def _table_dates(index: _Index) -> list[str]:
    """The publication date of a field table: labels over values (a header row, then a
    row of values) or beside them (发布日期 | 2024-05-16 in one row)."""
    found = []
    for table in index.all(("tag", "table")):
        if table.find("th") is None:
            continue
        rows = [
            [_text(c) for c in tr.find_all(("th", "td"), recursive=False)] for tr in table.find_all("tr")[:8]
        ]
        pairs = (
            list(zip(rows[0], rows[1], strict=False))
            if len(rows) == 2 and len(rows[0]) == len(rows[1])
            else []
        )
        pairs += [(row[i], row[i + 1]) for row in rows for i in range(0, len(row) - 1, 2)]
        for label, value in pairs:
            if lexicon.PUBLISHED_LABEL.fullmatch(re.sub(r"[\s:：]", "", label)) and re.search(r"\d", value):
                found.append(value)
                break
    return found[:1]


def _hints(index: _Index, soup: BeautifulSoup, raw_html: str) -> dict:
    titles = index.meta("og:title", "articletitle", "headline", "twitter:title")
    for node in index.all(*_TITLE_NODES):
        text = _text(node)
        if text and len(text) <= 120:
            titles.append(text)
    title = index.first(("tag", "title"))
    title_tag = _text(title) if title else ""

    published = index.meta(*_DATE_META)
    # A field table (索引号 | 发布机构 | 发布日期 over their values) is hidden as a data
    # table; its labelled publication date is read here.
    published += _table_dates(index)
    published += [t["datetime"].strip() for t in index.all(("tag", "time")) if t.get("datetime")]
    if m := _WECHAT_CT.search(raw_html):
        published.append(m.group(1))
    published += [quoted or bare for quoted, bare in _SCRIPT_TIME.findall(raw_html)[:2]]
    if not published:  # a self-media page's only time: the post's creation in its data
        published += [quoted or bare for quoted, bare in _SCRIPT_CREATED.findall(raw_html)[:1]]
    ld_author = ""
    # Generic date classes last, and not those of list items or chrome (a 推荐阅读 list
    # of dated links comes before the article on many pages).
    published += [text for node in index.all(*_DATE_NODES) if not _in_list(node) and (text := _text(node))]
    for block in index.all(("tag", "script")):
        if block.get("type") != "application/ld+json":
            continue
        try:
            data = json.loads(block.string or "")
        except (ValueError, TypeError):
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                published.append(item["datePublished"])
                ld_author = ld_author or _ld_names(item.get("author"))

    # A Latin-only site name (Central News Agency) does not name a Chinese page's outlet.
    sources = index.meta("contentsource", "source", "mediaid", "og:site_name", "sitename")
    source = next((s for s in sources if _CJK.search(s)), "")
    if not source and (m := _SCRIPT_MEDIA.search(raw_html)):
        source = m.group(1)
    wechat = index.first(("id", "js_name"))
    if wechat and _text(wechat):
        source = _text(wechat)
    author = next(iter(index.meta("author", "article:author")), "") or _microdata_author(index) or ld_author
    author = author or _card_author(index)
    canonical = next((t for t in index.all(("tag", "link")) if "canonical" in (t.get("rel") or ())), None)
    url = (canonical.get("href") if canonical else "") or next(iter(index.meta("og:url")), "")
    return {
        "titles": tuple(dict.fromkeys(t for t in titles if t)),
        "title_tag": title_tag,
        "headline_field": next(iter(index.meta("og:title", "articletitle")), ""),
        "published": tuple(published),
        "source": source,
        "author": author,
        "url": url.strip() if url.startswith(("http://", "https://")) else "",
    }


def _strip_chrome(index: _Index, soup: BeautifulSoup) -> None:
    for tag in index.all(*(("tag", name) for name in _DROP_TAGS)) + index.hidden:
        if not _gone(tag):
            tag.decompose()
    for comment in index.comments:
        if not _gone(comment):
            comment.extract()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("nav", "footer", "aside"):
        return True
    marks = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    return bool(_CHROME.search(marks))


def html_lines(root: Tag, *, skip_chrome: bool) -> list[tuple[str, float]]:
    """The visible lines under `root`, each with the share of its text inside links.

    Iterative, so hostile pages nested thousands of levels deep cannot exhaust the stack.
    """
    lines: list[tuple[str, float]] = []
    parts: list[str] = []
    link_chars = 0

    def flush() -> None:
        nonlocal parts, link_chars
        # Entities decode only now (&nbsp; &#x3000;): normalise spaces here too.
        text = re.sub(r"[ \t\n]+", " ", normalise_text("".join(parts))).strip()
        if text:
            lines.append((text, min(1.0, link_chars / max(1, len(text)))))
        parts, link_chars = [], 0

    stack: list[tuple[object, bool, bool]] = [(root, False, False)]  # node, closing?, in_link
    while stack:
        node, closing, in_link = stack.pop()
        if closing:
            flush()
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            parts.append(text)
            if in_link:
                link_chars += len(text.strip())
            continue
        if not isinstance(node, Tag):
            continue
        if node.name == "br":
            flush()
            continue
        if node is not root and skip_chrome and _is_chrome(node):
            continue
        block = node.name in _BLOCK_TAGS
        if block:
            flush()
            stack.append((node, True, in_link))
        link = in_link or node.name == "a"
        stack.extend((child, False, link) for child in reversed(node.contents))
    flush()
    return lines


def _main_block(index: _Index, soup: BeautifulSoup) -> Tag | None:
    """The element holding the article: a known CMS container, else the element whose
    paragraphs carry the most Chinese text outside links (a readability-style vote)."""
    for selector in _CONTENT_SELECTORS:
        node = index.first(selector)
        if node is not None and len(_CJK.findall(node.get_text())) >= 50:
            return node
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for para in index.paragraphs:
        if _gone(para):
            continue
        holder = para if para.name == "p" else para.parent
        if holder is None:
            continue
        text = holder.get_text() if para.name == "p" else "".join(s for s in holder.strings)
        cjk = len(_CJK.findall(text))
        if cjk < 10:
            continue
        link = sum(len(_CJK.findall(a.get_text())) for a in holder.find_all("a"))
        value = cjk - 2 * link
        if value <= 0:
            continue
        for depth, ancestor in enumerate([holder.parent, holder.parent.parent if holder.parent else None]):
            if ancestor is None or not isinstance(ancestor, Tag):
                continue
            scores[id(ancestor)] = scores.get(id(ancestor), 0) + value / (1 + depth)
            nodes[id(ancestor)] = ancestor
    if not scores:
        return None
    return nodes[max(scores, key=scores.__getitem__)]


def parse_html(text: str) -> PageText:
    try:
        with warnings.catch_warnings():
            # XHTML pages (an <?xml prolog) are HTML to us; bs4 would warn on stderr.
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml gives up only on truly broken input
        raise PageError(f"cannot parse the HTML ({exc.__class__.__name__})") from exc
    index = _Index(soup)
    hints = _hints(index, soup, text)
    _strip_chrome(index, soup)
    root = soup.body or soup
    page_lines = _join_labels([line for line, _ in html_lines(root, skip_chrome=False)])
    if not page_lines:
        raise PageError("the HTML has no visible text")
    main = _main_block(index, soup)
    body_lines: tuple[str, ...] = ()
    if main is not None:
        # Mostly-link lines inside the content block are "related" lists or tag clouds.
        body_lines = tuple(
            _join_labels([line for line, links in html_lines(main, skip_chrome=True) if links < 0.6])
        )
    tables = tuple(rows for parent, rows in index.tables if _inside(parent, main))
    return PageText(lines=tuple(page_lines), hints=PageHints(body_lines=body_lines, tables=tables, **hints))


def _inside(node: Tag | None, main: Tag | None) -> bool:
    """A data table that belongs to the article: inside its content block (or, with no
    block found, outside any chrome)."""
    if node is None or _gone(node):
        return False
    if main is None:
        return not any(
            _is_chrome(p) for p in [node, *node.parents] if isinstance(p, Tag) and p.name != "body"
        )
    return node is main or main in node.parents
