"""The outlet (who credits the article: the 来源 the page names, else the account or
paper that published it, else the hosting site) and the original outlet (where a
reprint came from). See README, "Article fields".

A column, account or platform of the site (官博, 微信, 信息公开专栏) is not an outlet:
a 来源 that names only one is passed over for the next rule.
"""

from __future__ import annotations

import re

from articles.ingest import lexicon
from articles.ingest import metadata as meta
from articles.ingest.body import cjk_count, is_caption
from articles.ingest.fields import first_rule
from articles.ingest.fields.published import masthead, signature
from articles.ingest.fields.view import PageView

_EPAPER = re.compile(r"版面导航|本版标题|第\s*\d+\s*版[:：]|上一版|下一版")
_PRINTED_IN = re.compile(r"^《\s*(?P<v>[^》]{2,20}?)\s*》\s*[（(]\s*(?:19|20)\d{2}\s*年.{0,16}第\s*\d+\s*版")
_SOURCE_FIRST = re.compile(rf"^[(（]?\s*(?:{lexicon.alternation(lexicon.SOURCE_LABELS)})")
_ACCOUNT_ON = lexicon.regex(
    r"^(?P<name>[\p{Han}]{2,12})\s+(?:(?:19|20)\d{2}-)?\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
)
UI_WORDS = {"登录", "注册", "首页", "关注", "下载", "搜索", "返回", "分享", "收藏", "评论", "举报", "更多"}
# A platform or column word at the end of a credited name: 某某医院官博 → 某某医院.
_CHANNEL_TAIL = re.compile(
    r"(?:官方)?(?:微信公众号|微信公号|公众号|微信|官博|官微|微博|头条号|百家号|抖音号?|视频号)$"
)


def credited(value: str | None) -> str | None:
    """A credited name, or None when it names only a column or platform of the site
    (信息公开专栏, 微信); the platform word after an organisation's name is dropped
    (某某医院官博 → 某某医院)."""
    if not value:
        return None
    name = _CHANNEL_TAIL.sub("", value).strip(" ·-")
    if cjk_count(name) < 2 or lexicon.CHANNEL.fullmatch(name) or _column_only(name):
        return None
    return name


_COLUMN_ONLY = re.compile(rf"(?:{lexicon.alternation(lexicon.CHANNEL_WORDS)}|[·\s])+")


def _column_only(name: str) -> bool:
    """信息公开专栏, 政务公开: words of a site's sections and nothing else."""
    return bool(_COLUMN_ONLY.fullmatch(name))


def account_on(line: str) -> str | None:
    """健康安徽 05-21 10:32 阅读数：2.1万: the account that posted, in front of its time."""
    m = _ACCOUNT_ON.match(line)
    return m["name"] if m and m["name"] not in UI_WORDS and not meta.reporter_in(m["name"]) else None


def account_line(view: PageView, at: int) -> str | None:
    """A short name alone between the headline and the date line: the publishing account
    on self-media platforms (百家号, 头条号)."""
    for line in view.lines[max(0, at - 2) : at]:
        if (
            line not in (view.title, view.raw_title)
            and 2 <= cjk_count(line) <= 12
            and len(line) <= 14
            and not re.search(r"[，,。：:!！?？|｜>/›]", line)
            and line not in UI_WORDS
            and not meta.reporter_in(line)
            and not is_caption(line)
        ):
            return line
    return None


# ------------------------------------------------------------ outlet rules


def source_label(view: PageView) -> str | None:
    """来源：人民网 above the text (the first one that names more than a column)."""
    return next((v for value in view.sources if (v := credited(value))), None)


def markup_source(view: PageView) -> str | None:
    """<meta name="source">, og:site_name, a WeChat account's name."""
    return credited(meta.clean_outlet(view.hints.source)) if view.hints.source else None


def wechat_account(view: PageView) -> str | None:
    """原创 郝丽娜 健康山西 2023-10-12 17:05 发表于山西 → 健康山西."""
    return view.byline[1] if view.byline else None


def name_beside_date(view: PageView) -> str | None:
    """川南日报 2023-07-03 08:15, 2024-04-18 10:26·蜀地健康观察."""
    if view.meta_index is None:
        return None
    return meta.outlet_before_date(view.meta_line) or meta.outlet_after_date(view.meta_line)


def name_before_time(view: PageView) -> str | None:
    """A paper or account in front of a month-day time (人民日报客户端 03-11 07:46)."""
    if (at := view.date_line) is None:
        return None
    return meta.outlet_before_date(view.lines[at]) or account_on(view.lines[at])


def account_above_date(view: PageView) -> str | None:
    return account_line(view, view.date_line) if view.date_line is not None else None


_RELATIVE_TIME = re.compile(r"^(?:刚刚|\d{1,2}\s*(?:分钟|小时|天)前|昨天|前天)")


def account_above_relative_time(view: PageView) -> str | None:
    """南岭健康观察 over 3天前 · 湖南: an app page's account over a relative time."""
    end = view.body_at if view.body_at is not None else 0
    at = next((i for i in range(max(0, end - 8), end) if _RELATIVE_TIME.match(view.lines[i])), None)
    return account_line(view, at) if at is not None else None


def printed_in(view: PageView) -> str | None:
    """《人民日报海外版》（2024年04月15日 第 09 版）: the paper's own credit."""
    return next((m["v"] for line in view.lines if (m := _PRINTED_IN.match(line))), None)


def epaper_masthead(view: PageView) -> str | None:
    return issue[0] if (issue := masthead(view)) else None


def epaper_site(view: PageView) -> str | None:
    """An e-paper page (版面导航, 第N版) is the paper's, whatever agency wrote the story."""
    if view.dateline and any(_EPAPER.search(line) for line in view.lines):
        return view.site
    return None


def dateline_agency(view: PageView) -> str | None:
    """中新网太原6月17日电 → 中新网."""
    return view.dateline[0] if view.dateline else None


def signer(view: PageView) -> str | None:
    """The issuing body under a notice (国家卫生健康委办公厅 / 2024年3月5日)."""
    return signed[0] if (signed := signature(view)) else None


def hosting_site(view: PageView) -> str | None:
    return view.site


RULES = (
    source_label,
    markup_source,
    wechat_account,
    name_beside_date,
    name_before_time,
    account_above_date,
    account_above_relative_time,
    printed_in,
    epaper_masthead,
    epaper_site,
    dateline_agency,
    signer,
    hosting_site,
)


# ------------------------------------------------------------ original outlet


def reprint_note_above_text(view: PageView) -> str | None:
    """转载自 X / 本文来源于 X above the text."""
    return next((v for line in view.preamble if (v := meta.reprint_source(line))), None)


def reprint_note_below_text(view: PageView) -> str | None:
    """本文转自：光明网 after the last paragraph."""
    return next((v for line in view.after if (v := meta.reprint_source(line))), None)


def second_source_label(view: PageView) -> str | None:
    """A second, different 来源 under the page's own: the reprinted article's credit
    (网易号: 来源: 账号 … then 原标题 and 来源：山西日报 above the text)."""
    return view.sources[1] if len(view.sources) > 1 else None


ORIGINAL_RULES = (reprint_note_above_text, reprint_note_below_text, second_source_label)


def _source_label_below_text(view: PageView, outlet: str | None) -> str | None:
    """来源 | 海南日报 under the article of a page published by someone else (a WeChat
    account, a county site): where the article came from."""
    return next(
        (
            v
            for line in view.after
            if _SOURCE_FIRST.match(line) and (v := meta.source_field(line)) and v != outlet
        ),
        None,
    )


def _reprint_above(view: PageView) -> bool:
    """A reprint note (转载自 X) on a line of its own just above the headline."""
    lines, headline = view.lines, view.raw_title
    at = lines.index(headline) if headline in view.visible else -1
    return at > 0 and any(
        meta.reprint_source(line) and len(line) <= 30 for line in lines[max(0, at - 3) : at]
    )


def choose(view: PageView) -> tuple[str | None, str | None, str | None, str | None]:
    """(outlet, the rule that chose it, original outlet, the rule that chose it)."""
    outlet, outlet_rule = first_rule(RULES, view)
    original, original_rule = first_rule(ORIGINAL_RULES, view)
    if not original and (original := _source_label_below_text(view, outlet)):
        original_rule = "source_label_below_text"
    if original and view.raw_title and view.sources and _reprint_above(view):
        # 转载自东南网 above the copied article's own headline and 来源：福建日报: the copy
        # came from 东南网, which had it from 福建日报.
        outlet, original = original, view.sources[0]
        outlet_rule, original_rule = "reprint_note_above_headline", "source_label"
    reprinted = original is not None
    if original == outlet:
        original, original_rule = None, None
    if reprinted and original is None and view.dateline and view.dateline[0] != outlet:
        # 来源：浙江日报, 本文转载自《浙江日报》, and the text opens 新华社杭州1月15日电:
        # the paper reprinted the agency's story.
        original, original_rule = view.dateline[0], "dateline_agency_of_reprint"
    return outlet, outlet_rule, original, original_rule
