"""Lines → the article's paragraphs: from the first (dateline or lead) to the last
("(完)", the reporter's sign-off), without navigation, captions, share bars, editor
lines, keyword lists, related-reading lists, crawler notices or copyright.

The rule that carries most weight: the body is the cluster of real paragraphs (long,
punctuated lines) around the first one; short lines are kept only between paragraphs
(subheadings), and a marker line (相关阅读, 责任编辑, 标签 …) ends the article.
"""

from __future__ import annotations

import re

CJK_RE = re.compile(r"[\u4e00-\u9fff]")

# A line that starts with one of these ends the article.
END_MARKERS = re.compile(
    r"^\s*[-•·*>\s]*(?:【\s*)?("
    r"相关推荐|相关阅读|相关新闻|相关文章|相关链接|相关报道|相关稿件|延伸阅读|推荐阅读|热门推荐|热点推荐|热门文章|"
    r"热门新闻|最新推荐|最近发表|随机阅读|猜你喜欢|为你推荐|为您推荐|精彩推荐|更多关于|更多精彩|更多新闻|阅读更多|"
    r"标签\s*[:：]|关键词\s*[:：]|文章关键词|关键字\s*[:：]|责任编辑|责编\s*[:：]|编辑\s*[:：]|审核\s*[:：]|校对\s*[:：]|"
    r"值班编辑|主编\s*[:：]|分享到|分享至|打印本页|打印此页|关闭窗口|【关闭】|上一篇|下一篇|扫一扫|扫描二维码|返回顶部|"
    r"网友评论|发表评论|我要评论|评论\s*[（(]|以上内容为|快照生成时间|信息原文地址|本站信息快照|免责声明|"
    r"版权声明|版权所有|Copyright|©|ICP备|网站简介|网站地图|联系我们|广告服务|推荐视频|新闻推荐|纠错|往期推荐|往期回顾|"
    r"相關閱讀|相關新聞|延伸閱讀|責任編輯|責編|版權所有|上一篇|下一篇|阅读原文|閱讀原文"
    r")",
    re.I,
)
# Lines that are not article text wherever they appear.
CAPTION = re.compile(
    r"^[(（]?\s*(资料图片?|图片|配图|视频截图|图|视频)\s*[)）]?$"
    r"|(供图|摄影?|拍摄|资料图片?|图片来源[:：]\S*|图源[:：]\S*|截图|视频截图)\s*[)）]?$"
    r"|^(图为|图\s*[:：]|图片[:：]|上图|下图|▲)"
    r"|\.(jpe?g|png|gif|webp|bmp)\s*$"
    r"|(?:记者|通讯员)?\s*[\u4e00-\u9fff·]{2,4}\s+图\s*[)）]?$"  # …测量血压。澎湃新闻记者 孟晓雯 图
    r"|^(展开全文|展开阅读全文|阅读全文|点击展开全文|查看全文|收起全文|点击查看大图|点击播放|打开APP阅读全文)$",  # app UI
    re.I,
)
SIGN_OFF_LINE = re.compile(
    r"^[(（【\[]\s*(完|记者[^)）]{0,20}|[\u4e00-\u9fff·]{2,4}(?:[\s、][\u4e00-\u9fff·]{2,4})*)\s*[)）】\]]$"
)
_SENTENCE_END = re.compile(r"[。！？!?；;…”」』]|[)）]$")
_DATELINE_START = re.compile(r"^[^\s，。]{0,20}?\d{1,2}月\d{1,2}日\s*(电|讯|消息)|^(本报|本台|本网)(讯|消息)")
_PARAGRAPH_GAP = 5  # short lines allowed between two paragraphs (subheadings, captions)


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


def is_paragraph(line: str) -> bool:
    """A real paragraph of article prose, as opposed to a headline, a label or a link."""
    cjk = cjk_count(line)
    if cjk >= 60:
        return True
    return cjk >= 18 and bool(_SENTENCE_END.search(line))


def is_caption(line: str) -> bool:
    return bool(CAPTION.search(line)) and cjk_count(line) < 80


def ends_article(line: str) -> bool:
    return bool(END_MARKERS.match(line))


def find_body(lines: list[str], *, stop_lines: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """(first, last) indexes of the body in `lines`, inclusive, or None.

    `stop_lines` are lines known to be outside the article (a repeat of the title).
    """
    first = None
    for i, line in enumerate(lines):
        if ends_article(line) and first is not None:
            break
        if is_caption(line):
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
        if is_paragraph(line):
            if gap > _PARAGRAPH_GAP:
                break
            last, gap = i, 0
            if re.search(r"[(（]完[)）]\s*$", line):
                break
        elif not is_caption(line):
            gap += 1
    # A closing credit on its own line: (完), (记者 王某), (张三 李四)
    if last + 1 < len(lines) and SIGN_OFF_LINE.match(lines[last + 1]) and lines[last + 1] not in stop_lines:
        last += 1
    return first, last


def body_paragraphs(lines: list[str]) -> list[str]:
    """The lines of a located body minus captions and stray chrome."""
    return [line for line in lines if not is_caption(line) and not ends_article(line)]
