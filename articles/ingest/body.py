"""Lines → the article's paragraphs: from the first (dateline or lead) to the last
("(完)", the reporter's sign-off), without navigation, captions, share bars, editor
lines, keyword lists, related-reading lists, crawler notices or copyright.

The rule that carries most weight: the body is the cluster of real paragraphs (long,
punctuated lines) around the first one; short lines are kept only between paragraphs
(subheadings), and a marker line (相关阅读, 责任编辑, 标签 …) ends the article.
"""

from __future__ import annotations

import functools
import re

from articles.ingest import lexicon

CJK_RE = lexicon.HAN_CHAR

# A line that starts with one of these ends the article.
END_MARKERS = lexicon.regex(
    r"^[-•·*>\s]*(?:[【(（\[]\s*)?("  # one run of leading marks (a \s* before it backtracked)
    r"相关推荐|相关阅读|相关新闻|相关文章|相关链接|相关报道|相关稿件|延伸阅读|推荐阅读|热门推荐|热点推荐|热门文章|"
    r"热门新闻|最新推荐|最近发表|随机阅读|猜你喜欢|为你推荐|为您推荐|精彩推荐|更多关于|更多精彩|更多新闻|阅读更多|"
    r"标签\s*[:：]|关键词\s*[:：]|文章关键词|关键字\s*[:：]|责任编辑|责编\s*[:：]|编辑\s*[:：]|审核\s*[:：]|校对\s*[:：]|"
    r"(?:责任)?编辑\s+[\p{Han}·]{2,4}\s*[)）】\]]|"  # （编辑 王蕊）
    r"值班编辑|主编\s*[:：]|分享到|分享至|打印本页|打印此页|关闭窗口|【关闭】|上一篇|下一篇|扫一扫|扫描二维码|返回顶部|"
    r"网友评论|发表评论|我要评论|评论\s*[（(]|以上内容为|快照生成时间|信息原文地址|本站信息快照|免责声明|"
    r"版权声明|版权所有|Copyright|©|ICP备|网站简介|网站地图|联系我们|广告服务|推荐视频|新闻推荐|纠错|往期推荐|往期回顾|"
    r"相關閱讀|相關新聞|延伸閱讀|責任編輯|責編|版權所有|上一篇|下一篇|阅读原文|閱讀原文|"
    r"凡本网注明|凡注明|转载请注明|转载请联系|未经授权|本文仅代表|本文系转载|不代表本网|声明\s*[:：]|特别声明|"
    r"本文(?:为|系|是)[^，。]{0,16}(?:原创|独家|付费|授权)|付费内容|订阅后阅读|登录后阅读|"  # rights and paywalls
    r"人物简介|嘉宾简介|专家简介|作者简介|个人简介|[-—–]+\s*END\s*[-—–]+|"
    # A site's notice to the owners of pictures it used (特别提醒：如果我们使用了您的图片…)
    r"(?:(?:特别|温馨)?(?:提醒|提示)\s*[:：]\s*)?(?:如果|如)(?:我们|本站|本网|本号)(?:使用|转载|引用)了?(?:您|你)的|"
    r"如果您有新闻线索|欢迎(?:向我们)?报料|报料(?:热线|微信|邮箱|电话)|"
    r"楼主说|楼主补充|转者按|转者注"  # a forum reposter's own words after the copy
    r")",
    re.I,
)
# Lines that are not article text wherever they appear.
# Lines that are not article text wherever they appear. Every rule is anchored at the
# line's start (matched there) or its end (searched in the last few dozen characters),
# so a long paragraph costs two short scans, not one per character.
_CAPTION_START = lexicon.regex(  # ^(?: … ): matched at the start; anchored, a search is linear too
    r"^(?:[(（]?\s*(资料图片?|图片|配图|视频截图|图|视频)\s*[)）]?$"
    r"|(图为|图\s*[:：]|图片[:：]|上图|下图|▲)"
    # Label first: 摄影 赵建军 / 图：王五 李四 / 文/图 张三
    r"|(摄影|摄|图|图片|供图|文/图|图/文)\s*[:：/]?\s*[\p{Han}·]{2,4}([\s、，,]+[\p{Han}·]{2,4}){0,2}$"
    r"|(展开全文|展开阅读全文|阅读全文|点击展开全文|查看全文|收起全文|点击查看大图|点击播放|(?i:打开APP)\S{0,6})$"  # app UI
    r"|打开\S{0,8}(?:APP|App|app|客户端|新闻)\s*\S{0,10}$"  # 打开网易新闻 查看精彩图片
    r"|\W{0,3}(点击上方|点击蓝字|预览时标签不可点|微信扫一扫|长按识别|长按二维码)"  # WeChat chrome
    r"|👉"
    r"|[▼▲↓↑⬇👇\s]+$"  # an arrow pointing at a photo
    r"|.{0,30}(扫描|扫码|长按|识别).{0,10}二维码.{0,30}$"  # 欢迎扫描左侧二维码关注…
    r"|.{0,20}关注.{0,12}(官方微信|微信公众号|公众号|官方微博|视频号).{0,24}$"
    r"|(视频|时长)\s*[:：]"  # 视频：… 时长：02:46
    r"|表\s*\d*\s*[:：]|(数据|资料)来源\s*[:：])",  # a table's caption and source note
)
_CAPTION_END = lexicon.regex(
    r"(供图|摄影?|拍摄|资料图片?|图片来源[:：]\S*|图源[:：]\S*|截图|视频截图)\s*[)）]?$"
    r"|\.(?i:jpe?g|png|gif|webp|bmp)\s*$"
    r"|(?<!\s)(?:记者|通讯员)?\s*[\p{Han}·]{2,4}\s+图\s*[)）]?$"  # …测量血压。澎湃新闻记者 孟晓雯 图
    r"|[(（][^()（）]{0,20}(图片|照片|图)[^()（）]{0,12}(提供|供图|摄)[)）]\s*$"  # （图片由受访单位提供）
    r"|(戳这里|点击这里|点这里|点击下方|点击阅读)\W{0,3}$",
)
_TAIL = 48  # characters: the longest end rule (a bracketed credit) fits in them
SIGN_OFF_LINE = lexicon.regex(
    r"^[(（【\[]\s*(完|记者[^)）]{0,20}|[\p{Han}·]{2,4}(?:[\s、][\p{Han}·]{2,4})*)\s*[)）】\]]$"
)
# A closing quote alone does not end a sentence: headlines quote words (“大病不出省”).
_CONTRIBUTOR = lexicon.regex(r"供稿|供图|来稿|报送|提供|(局|委|办|院|中心|科|部)\s")
_SENTENCE_END = lexicon.regex(r"[。！？!?；;…]|[)）]$")
_DATELINE_START = lexicon.regex(
    r"^[^\s，。]{0,20}?\d{1,2}月\d{1,2}日\s*(电|讯|消息)|^(本报|本台|本网)(讯|消息)"
)
_SHORT_CLOSE = re.compile(r"^[^|｜>：:]{4,40}[。！!]$")
_PARAGRAPH_GAP = 5  # short lines allowed between two paragraphs (subheadings, captions)
# A labelled field of a dump or a profile card (摘要：…, 关键词：…, 功能介绍 …): never the
# article's first paragraph, however long.
_FIELD_LINE = lexicon.regex(
    r"^\s*(标题|副标题|摘要|导语|导读|内容提要|提要|栏目|频道|分类|关键词|关键字|标签|来源|作者|编辑|发布时间|时间|"
    r"原文链接|原文地址|链接|网址|抓取时间|采集时间|功能介绍|微信号|收录于合集|收录于话题)\s*(?:[:：]|\s)"
)
# A bare label that opens the body of a dump: 正文： / 内容：
_BODY_LABEL = lexicon.regex(r"^\s*(正文|内容|全文)\s*[:：]?\s*$")
# A snapshot or crawler notice (the cache's own words, not the article's).
NOTICE = lexicon.regex(
    r"网页快照|快照时间|快照生成|页面快照|原网页|网页副本|抓取时间|采集时间|爬取时间|缓存页面|本页面为"
)


_NOT_CJK = lexicon.NOT_HAN

# The line tests below are asked again and again about the same lines of a page (each
# candidate date line looks for a body after it): answers are kept for one page
# (`forget_lines`), so the benchmark's repeated templates cannot flatter them.
_LINES_KEPT = 8192


@functools.lru_cache(maxsize=_LINES_KEPT)
def cjk_count(text: str) -> int:
    return len(_NOT_CJK.sub("", text))


@functools.lru_cache(maxsize=_LINES_KEPT)
def is_paragraph(line: str) -> bool:
    """A real paragraph of article prose, as opposed to a headline, a label or a link."""
    cjk = cjk_count(line)
    if cjk >= 60:
        return True
    return cjk >= 18 and bool(_SENTENCE_END.search(line))


@functools.lru_cache(maxsize=_LINES_KEPT)
def is_caption(line: str) -> bool:
    # Length first: most lines asked about are paragraphs, far longer than any caption.
    return (len(line) < 80 or cjk_count(line) < 80) and bool(
        _CAPTION_START.match(line) or _CAPTION_END.search(line, max(0, len(line) - _TAIL))
    )


@functools.lru_cache(maxsize=_LINES_KEPT)
def ends_article(line: str) -> bool:
    return bool(END_MARKERS.match(line))


def forget_lines() -> None:
    """Drop the answers kept for the last page's lines."""
    for test in (cjk_count, is_paragraph, is_caption, ends_article):
        test.cache_clear()


def find_body(
    lines: list[str], *, stop_lines: frozenset[str] = frozenset(), max_gap: int = _PARAGRAPH_GAP
) -> tuple[int, int] | None:
    """(first, last) indexes of the body in `lines`, inclusive, or None.

    `stop_lines` are lines known to be outside the article (a repeat of the title).
    `max_gap` short lines may stand between two paragraphs (more inside a block known
    to hold the article: a table or list the text runs on after).
    """
    first = None
    # A dump's bare 正文： label: the body starts after it.
    begin = next((i + 1 for i, line in enumerate(lines) if _BODY_LABEL.match(line)), 0)
    for i in range(begin, len(lines)):
        line = lines[i]
        if (
            ends_article(line)
            or is_caption(line)
            or line in stop_lines
            or _FIELD_LINE.match(line)
            or NOTICE.search(line)
        ):
            continue
        if is_paragraph(line) or _DATELINE_START.match(line):
            first = i
            break
    if first is None:
        return None
    last = first
    gap = 0
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if ends_article(line) or line in stop_lines:
            break
        if is_caption(line):
            continue
        if is_paragraph(line):
            if gap > max_gap:
                break
            last, gap = i, 0
            if re.search(r"[(（]完[)）]\s*$", line):
                break
        else:
            gap += 1
    # A short closing sentence (开诊首日运行平稳。) after the last paragraph, with no
    # paragraph after it: the article's last line, not chrome (chrome has no full stop).
    if (
        last + 1 < len(lines)
        and _SHORT_CLOSE.search(lines[last + 1])
        and 6 <= cjk_count(lines[last + 1])
        and lines[last + 1] not in stop_lines
        and not is_caption(lines[last + 1])
        and not ends_article(lines[last + 1])
        and not _FIELD_LINE.match(lines[last + 1])
        and not NOTICE.search(lines[last + 1])
    ):
        last += 1
    # A closing credit on its own line: (完), (记者 王某), (张三 李四); not a
    # contributor's credit (县卫健局 供稿).
    if (
        last + 1 < len(lines)
        and SIGN_OFF_LINE.match(lines[last + 1])
        and lines[last + 1] not in stop_lines
        and not _CONTRIBUTOR.search(lines[last + 1])
        and not ends_article(lines[last + 1])
    ):
        last += 1
    return first, last


_ARROW = lexicon.regex(r"^[▼↓⬇👇\s]+$")
# A short line ending in a date between paragraphs: an item of a list the layout ran
# into the text (a sidebar's 县医院新院区投入使用 10-28), not a subheading.
_DATED_ITEM = lexicon.regex(r"(?:(?:19|20)\d{2}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?\s*$")


def body_paragraphs(lines: list[str]) -> list[str]:
    """The lines of a located body minus captions and stray chrome; a short line under
    an arrow (▼ / ↓↓↓, then 会议现场) names the photo the arrow points at."""
    out = []
    for i, line in enumerate(lines):
        if is_caption(line) or ends_article(line):
            continue
        if i and _ARROW.match(lines[i - 1]) and not is_paragraph(line):
            continue
        if not is_paragraph(line) and len(line) <= 40 and _DATED_ITEM.search(line):
            continue
        out.append(line)
    return out
