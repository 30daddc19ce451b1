"""Strings → article metadata: publish times, outlets, reporters, clean titles.

Pure functions over strings; `extract.py` decides which lines to give them.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from zoneinfo import ZoneInfo

from articles.ingest import lexicon
from articles.ingest.records import PublishedAt

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Han characters, with the rarer blocks names use (䶮 in Extension A, 𠮷 in Extension B).
CJK = lexicon.HAN

# ---------------------------------------------------------------- dates

FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年|\s(?=\d{1,2}/\d))\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*[T ]?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
_COMPACT_DATE = re.compile(r"(?<!\d)(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
_ISO_TZ = re.compile(
    r"(?P<stamp>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)(?P<tz>Z|[+-]\d{2}:?\d{2})"
)
_URL_DATE = (
    re.compile(r"/(?P<y>20\d{2})[-/_]?(?P<m>[01]\d)[-/_]?(?P<d>[0-3]\d)/"),
    re.compile(r"/(?P<y>20\d{2})/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/"),
    re.compile(r"[/_t](?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)[_/.\d]"),
    re.compile(r"/(?P<y>20\d{2})[-/](?P<m>[01]?\d)/"),
)
_MONTH_DAY = re.compile(r"(?<!\d)(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_YEAR_MENTION = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def _valid(year: int, month: int | None, day: int | None, today: datetime.date) -> bool:
    if not 1990 <= year <= today.year + 1:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    # Days up to 28 are in every month: the calendar is asked only about the 29th-31st.
    if day is not None and (
        month is None or not 1 <= day <= (28 if day <= 28 else calendar.monthrange(year, month)[1])
    ):
        return False
    if (
        month is not None
        and day is not None
        and datetime.date(year, month, day) > today + datetime.timedelta(days=1)
    ):
        return False
    return True


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0}
_CN_DATE = re.compile(
    r"(?P<y>[〇○零O一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日"
)


def _cn_number(text: str) -> int:
    """一 … 三十一: the numbers of months and days."""
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def arabic_dates(text: str) -> str:
    """二〇二三年五月八日 → 2023年5月8日 (official documents and county sites date this way)."""
    return _CN_DATE.sub(
        lambda m: "{}年{}月{}日".format(
            "".join(str(_CN_DIGITS[c]) for c in m["y"]), _cn_number(m["m"]), _cn_number(m["d"])
        ),
        text,
    )


_MAY_HOLD_DATE = re.compile(r"[\d年]")
_UNIX_TIME = re.compile(r"\s*\d{10}(\d{3})?\s*")


def parse_date(text: str, *, today: datetime.date) -> PublishedAt | None:
    """The first plausible full date in `text` (local time), with time when given."""
    # Every form below needs a digit, or 年 (二〇二三年…): most lines have neither, and
    # this test is what keeps a page's ~150 date-line checks cheap.
    if not text or not _MAY_HOLD_DATE.search(text):
        return None
    if "年" in text and "月" in text:
        text = arabic_dates(text)
    if m := _ISO_TZ.search(text):
        try:
            stamp = datetime.datetime.fromisoformat(m.group("stamp") + m.group("tz").replace("Z", "+00:00"))
        except ValueError:
            stamp = None
        if stamp is not None:
            local = stamp.astimezone(SHANGHAI)
            if _valid(local.year, local.month, local.day, today):
                has_seconds = m.group("stamp").count(":") == 2
                return PublishedAt(
                    local.year,
                    local.month,
                    local.day,
                    local.hour,
                    local.minute,
                    local.second if has_seconds else None,
                )
    if _UNIX_TIME.fullmatch(text):  # a Unix timestamp (WeChat's `var ct`; ms in JS)
        local = datetime.datetime.fromtimestamp(int(text.strip()[:10]), tz=SHANGHAI)
        if _valid(local.year, local.month, local.day, today):
            return PublishedAt(local.year, local.month, local.day, local.hour, local.minute, local.second)
    for m in FULL_DATE.finditer(text):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not _valid(y, mo, d, today):
            continue
        if m["H"] is not None and int(m["H"]) < 24 and int(m["M"]) < 60:
            second = int(m["S"]) if m["S"] is not None and int(m["S"]) < 60 else None
            return PublishedAt(y, mo, d, int(m["H"]), int(m["M"]), second)
        return PublishedAt(y, mo, d)
    return None


def date_from_url(url: str, *, today: datetime.date) -> PublishedAt | None:
    for pattern in _URL_DATE:
        if m := pattern.search(url or ""):
            y, mo = int(m["y"]), int(m["m"])
            d = int(m["d"]) if "d" in m.groupdict() and m["d"] else None
            if _valid(y, mo, d, today):
                return PublishedAt(y, mo, d)
    return None


def month_day(text: str) -> tuple[int, int] | None:
    if m := _MONTH_DAY.search(text):
        return int(m["m"]), int(m["d"])
    return None


def infer_year(
    month: int, day: int, context: str, *, today: datetime.date, hint: int | None = None
) -> int | None:
    """The year of a month-day dateline: a year given elsewhere (the URL), else the
    latest year the text mentions that does not put the date in the future."""
    plans = lexicon.plan_years(context) | lexicon.history_years(context)
    years = sorted({int(y) for y in _YEAR_MENTION.findall(context)} - plans, reverse=True)
    for year in ([hint] if hint else []) + years:
        if _valid(year, month, day, today):
            return year
    return None


# ---------------------------------------------------------------- outlets and people

# A visible "source" field: 来源：人民网 / 文章来源: 黄河新闻网 / 稿源：… ; the value runs
# until the next field label or a wide gap.
_FIELD_LABELS = (
    r"(?:作者|编辑|編輯|责任编辑|责编|记者|記者|点击|點擊|浏览|瀏覽|阅读|字号|字號|发布时间|發布時間|发布日期|時間|时间|日期"
    r"|来源|來源|文章来源|分享|打印|类别|栏目|举报|收藏|评论|关注|字体|字體|参与互动|【|\[|\|)"
)
_SOURCE = re.compile(
    rf"(?:文章来源|文章來源|新闻来源|新聞來源|稿件来源|信息来源|稿源|来\s{{0,4}}源|來\s{{0,4}}源|(?<!本文)(?<!文章)来自|出处)\s*[:：|｜丨]\s*(?P<v>[^\s:：|｜]{{2,40}}?(?:[·•-][^\s:：|｜]{{2,20}})??)"
    rf"(?=\s{{2,}}|\s*{_FIELD_LABELS}|\s*$|\s+\d|\s+[{CJK}]{{2,3}}\s*$|\s+\S{{0,16}}?(?:记者|記者|通讯员|作者))"
)
_REPRINT = re.compile(
    r"(?:本文转自|转载自|转自|原文转自|原载于?|本文来源于|本文来自|文章来自|原文来源)\s*[:：]?\s*(?P<v>[^\s，,。；;]{2,40})"
)
_DATELINE = re.compile(
    rf"^(?:[【\[(（][^】\])）]{{0,12}}[】\])）])?\s*(?P<outlet>[{CJK}A-Za-z]{{1,8}}?(?:网|社|报|台|新闻|客户端))"
    rf"(?P<place>[{CJK}]{{2,10}}?)?\s*(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日\s*(?:电|讯|消息)"
)
_LOCAL_PAPER = re.compile(r"^(?:本报|本台|本网)(?:讯|消息)")
_NAME = rf"(?:[{CJK}]{{1,5}}·[{CJK}]{{1,6}}|[{CJK}]{{2,4}})"  # 范丽芳, 热依拉·艾尔肯
_CREDIT_LABEL = re.compile(
    r"(?:记者|記者|(?<!该)作者|文\s*[/｜|丨]|撰文|采写|采访)\s*[】\]]?\s*[:：|｜丨]?\s*"
)
# A name is 2–4 characters ending at a separator, a closing bracket or the end; an
# opening bracket or more prose after it means it was not a name (记者从河南省…).
_CREDIT_NAME = re.compile(
    rf"({_NAME})(?=[\s、,，；;)）/|｜【\[】\]]|报道|摄|$|(?:责编|编辑|责任编辑|来源|通讯员|摄影|审核|校对|时间|日期)[:：])"
)
# Another role's credit after the reporters' (每经记者 庞思琦 每经编辑 魏文艺): the names
# after it are not reporters.
_OTHER_ROLE = re.compile(r"(?:编辑|編輯|责编|責編|审核|審核|校对|监制|主编|通讯员|通訊員|摄影|实习生)$")
# An outlet before the names (作者：解放日报 顾晓岚, 文｜财新 周思远): skipped, not a name.
_CREDIT_OUTLET = re.compile(r"(日报|晚报|报|网|社|新闻|台|客户端|财新|界面)$")
_CREDIT_SEP = re.compile(r"[\s、,，；;]+")
_SIGN_OFF = re.compile(
    rf"[(（](?:[{CJK}]{{0,8}}?(?:记者|作者)|文)?\s*(?P<names>{_NAME}(?:[\s、,，]+{_NAME})*)[)）]\s*$"
)
_NOT_NAMES = {
    "完", "记者", "编辑", "责编", "责任", "文字", "审核", "校对", "通讯员", "通訊員", "实习生", "摄影", "报道", "评论", "来源", "字号",
    "发布", "发表", "资料图", "资料图片", "图片", "视频", "新华社", "中新网", "人民网", "央视网",
}  # fmt: skip


_CREDIT_TITLE = re.compile(
    r"(?:本报|本台|本网|本刊|特约|见习|首席|驻站)记者|(?:本报|本台)通讯员"
    rf"|[{CJK}·]{{1,14}}(?:记者|記者)"  # 农民日报·中国农网记者 马雯
)


def source_field(line: str) -> str | None:
    if m := _SOURCE.search(line):
        return clean_outlet(m["v"])
    return None


_EDITION = re.compile(r"(?:(?:19|20)\d{2}\s*年|\d{1,2}\s*月\d{1,2}\s*日|第\s*\d+\s*版|[(（]).*$")


def reprint_source(line: str) -> str | None:
    """本文转载自《浙江日报》2024年1月16日第5版 → 浙江日报."""
    if m := _REPRINT.search(line):
        value = _EDITION.sub("", m["v"])
        return clean_outlet(value.replace("《", "").replace("》", ""))
    return None


def clean_outlet(value: str) -> str | None:
    # 《求是》2024/10 → 求是: a title's brackets and its issue are not the outlet's name.
    value = re.sub(r"\s*(?:19|20)\d{2}\s*(?:[/年-]|第).*$", "", value.replace("《", "").replace("》", " "))
    value = re.sub(r"^[\s【\[(（:：]+|[\s】\])）:：,，。;；]+$", "", value)
    value = re.sub(r"\s+", " ", value).strip()
    if not value or len(value) > 40 or re.fullmatch(r"[\d\s:./-]+", value):
        return None
    return value


def dateline(text: str) -> tuple[str, int, int] | None:
    """中新网太原6月17日电 → ("中新网", 6, 17)."""
    if m := _DATELINE.search(text[:60]):
        return m["outlet"], int(m["m"]), int(m["d"])
    return None


_ORG_SUFFIX = lexicon.ORG_SUFFIX


def person_names(value: str | None) -> str | None:
    """An author field that names people (张三 李四), not an office (宣传科, 国家卫生健康委网站)."""
    if not value:
        return None
    names = [n for n in re.split(r"[\s、,，;；/]+", value.strip()) if n]
    if names and all(re.fullmatch(rf"[{CJK}·]{{2,4}}", n) and not _ORG_SUFFIX.search(n) for n in names):
        return "、".join(names)
    return None


_OUTLET_BEFORE_DATE = re.compile(
    rf"^(?P<v>[{CJK}A-Za-z]{{2,12}}?(?:日报|晚报|报|网|台|社|新闻|客户端|频道|周刊|杂志))"
    r"\s*(?:(?:19|20)\d{2}|[01]\d-[0-3]\d\s|(?:作者|记者)\s*[:：])"
)


_OUTLET_AFTER_DATE = re.compile(
    rf"(?:19|20)\d{{2}}[-/.年][^·•|]{{3,20}}[·•|]\s*(?P<v>[{CJK}A-Za-z0-9]{{2,16}})\s*$"
)


_MONTH_DAY_TIME = re.compile(
    r"(?:发布时间|發布時間|发表时间|时间|日期)\s*[:：]?\s*(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*日?\s*"
    r"(?:(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2}))?"
    # Unlabelled, as app share pages print it: 人民日报客户端 作者：陈静怡 03-11 07:46
    r"|(?<![\d/.-])(?P<m2>[01]\d)-(?P<d2>[0-3]\d)\s+(?P<H2>[0-2]\d):(?P<M2>[0-5]\d)(?![\d:-])"
)


def month_day_time(line: str) -> tuple[int, int, int | None, int | None] | None:
    """发布时间：07月19日10:23 → (7, 19, 10, 23): a labelled date without its year."""
    if not (m := _MONTH_DAY_TIME.search(line)):
        return None
    month, day, hour, minute = (
        (m["m"], m["d"], m["H"], m["M"]) if m["m"] else (m["m2"], m["d2"], m["H2"], m["M2"])
    )
    if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
        return int(month), int(day), int(hour) if hour else None, int(minute) if minute else None
    return None


def outlet_after_date(line: str) -> str | None:
    """2024-04-18 10:26·蜀地健康观察 → 蜀地健康观察 (the account that published it)."""
    if m := _OUTLET_AFTER_DATE.search(line.strip()):
        return clean_outlet(m["v"])
    return None


def outlet_before_date(line: str) -> str | None:
    """川南日报 2023-07-03 08:15 → 川南日报 (apps and e-papers print no 来源 label)."""
    if m := _OUTLET_BEFORE_DATE.match(line.strip()):
        return clean_outlet(m["v"])
    return None


_WECHAT_BYLINE = re.compile(
    rf"^(?:原创\s+)?(?:(?P<author>{_NAME})\s+)?(?P<account>[^\s\d]{{2,20}})\s+"
    r"(?:(?:19|20)\d{2}[-年./]\d{1,2}[-月./]\d{1,2}日?|\d{1,2}月\d{1,2}日)(?P<time>\s*\d{1,2}:\d{2})?"
    rf"(?:\s*发表于\S{{0,8}}|\s+(?P<place>[{CJK}]{{2,3}}))?\s*$"
)


def wechat_byline(line: str) -> tuple[str | None, str] | None:
    """原创 郝丽娜 健康山西 2023-10-12 17:05 发表于山西 → ("郝丽娜", "健康山西"): the
    byline a WeChat article prints under its headline (author, account, time)."""
    line = line.strip()
    if not (m := _WECHAT_BYLINE.match(line)):
        return None
    # Marked as WeChat's (原创, 发表于) or in its current shape: account, date, time, place.
    if not (line.startswith("原创") or "发表于" in line or (m["time"] and m["place"])):
        return None
    author = m["author"] if m["author"] and not _ORG_SUFFIX.search(m["author"]) else None
    return author, m["account"]


# A wire's bracketed credit: （中央社記者林孟潔台北5日電）, （新华社记者张三北京5日电）.
_WIRE_CREDIT = re.compile(
    rf"^[(（]\s*(?P<outlet>[{CJK}]{{2,6}}?)(?:記者|记者)(?P<names>[{CJK}]{{2,3}})(?P<place>[{CJK}]{{2,3}})"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日(?:專|专)?(?:電|电)\s*[)）]"
)


def wire_credit(text: str) -> tuple[str, str] | None:
    """（中央社記者林孟潔台北5日電） → ("中央社", "林孟潔"): outlet and reporter of a wire
    story whose credit runs name and place together."""
    if m := _WIRE_CREDIT.match(text.strip()):
        return m["outlet"], m["names"]
    return None


def dateline_place(text: str) -> tuple[int, int] | None:
    """Offsets of the dateline's place (太原 in 中新网太原6月17日电) in `text`."""
    if (m := _DATELINE.search(text[:60])) and m["place"]:
        return m.span("place")
    return None


# A closing credit that names a contributor, not a reporter: （县卫健局 供稿）
CONTRIBUTED = re.compile(r"供稿|供图|来稿|报送|整理|来源|提供")


def _names(raw: str) -> str | None:
    if CONTRIBUTED.search(raw):
        return None
    names = [n for n in re.split(r"[\s、,，]+", raw.strip()) if n and n not in _NOT_NAMES]
    if any(_ORG_SUFFIX.search(n) for n in names):
        return None
    return "、".join(names) if names else None


# Runs of single characters set apart by spaces: two of them are a spaced name (谭 华);
# three or more are something else (a toolbar's 大 中 小).
_SINGLES = re.compile(rf"(?<![{CJK}])[{CJK}](?: [{CJK}](?![{CJK}]))+")


# A character every credit label has (记者, 作者, 文/, 撰文, 采写, 采访), also when a page
# sets the label's characters apart (记 者).
_MAY_HOLD_LABEL = re.compile(r"[记記作撰采]|文\s*[/｜|丨]")


def reporter_in(text: str) -> str | None:
    """记者 张三 李四 通讯员 王五 → 张三、李四 (reporters only; credits stop at any other word)."""
    if not _MAY_HOLD_LABEL.search(text):  # no label's character: most lines, cheaply
        return None
    # 记者 谭 华: a two-character name set with a space.
    text = _SINGLES.sub(lambda m: m.group().replace(" ", "") if len(m.group()) == 3 else m.group(), text)
    for label in _CREDIT_LABEL.finditer(text):
        names, pos = [], label.end()
        while m := _CREDIT_NAME.match(text, pos):
            if _CREDIT_TITLE.fullmatch(m.group(1)) or (not names and _CREDIT_OUTLET.search(m.group(1))):
                # 作者：本报记者 韩雪莹 / 作者：解放日报 顾晓岚
                sep = _CREDIT_SEP.match(text, m.end())
                pos = sep.end() if sep else m.end()
                continue
            if (
                m.group(1) in _NOT_NAMES
                or _OTHER_ROLE.search(m.group(1))
                or _ORG_SUFFIX.search(m.group(1))
                or m.group(1).endswith(("报道", "報道"))
            ):
                break  # 作者：宣传科 is an office, not a person
            names.append(m.group(1))
            pos = m.end()
            sep = _CREDIT_SEP.match(text, pos)
            if not sep:
                break
            pos = sep.end()
        if names:
            return "、".join(names)
    return None


def sign_off(text: str) -> str | None:
    """A closing credit: ...参观考察。(董奇光) → 董奇光; (记者 周敏 通讯员 刘畅) → 周敏;
    (完) is not a name."""
    if m := _SIGN_OFF.search(text):
        inside = m.group(0).strip("()（） ")
        inside = re.sub(rf"^[{CJK}]{{1,8}}?(?=记者|作者)", "", inside)  # （总台央视记者 蒋小燕 韩宇）
        if re.search(r"记者|作者|通讯员|通訊員", inside):
            return reporter_in(inside if re.match(r"记者|作者", inside) else "记者 " + inside)
        return _names(m["names"])
    return None


# A site names itself in its footer (版权所有, Copyright ©, 主办) and in its tab title.
_HOLDER = (
    re.compile(
        rf"(?:Copyright|©|\(c\))\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*(?P<v>[{CJK}]{{2,20}}?)(?=\s|版权所有|$|[,，.。])",
        re.I,
    ),
    re.compile(rf"(?P<v>[{CJK}]{{2,20}}?)\s*版权所有"),
    re.compile(rf"版权所有\s*[:：]?\s*(?P<v>[{CJK}]{{2,20}})"),
    re.compile(rf"主办(?:单位)?\s*[:：]\s*(?P<v>[{CJK}]{{2,20}})"),
)
_SITE_SUFFIX = re.compile(r"(数字报|电子版|电子报|官方网站|官网|门户网站)$")


def clean_site(value: str) -> str | None:
    value = _SITE_SUFFIX.sub("", value.strip())
    if re.search(rf"[{CJK}]", value):
        value = re.sub(r"\s+[A-Za-z][A-Za-z .&-]*$", "", value)  # 中央社 CNA → 中央社
    if value.endswith("报社"):
        value = value[:-1]
    return clean_outlet(value) if len(value) >= 2 else None


def footer_site(lines: list[str]) -> str | None:
    for line in reversed(lines[-40:]):
        for pattern in _HOLDER:
            if m := pattern.search(line):
                return clean_site(m["v"])
    return None


def site_name(title_tag: str, lines: list[str]) -> str | None:
    """The publishing site's own name: the tab title's last segment, or the footer's
    holder (preferred when it only completes the tab name, 今日热点 → 今日热点网)."""
    parts = [p.strip() for p in _SEO_SPLIT.split(title_tag.strip()) if p.strip()]
    tab = (
        clean_site(parts[-1])
        if len(parts) > 1 and 2 <= len(parts[-1]) <= 20 and parts[-1] != max(parts, key=len)
        else None
    )
    footer = footer_site(lines)
    if tab and footer and footer.startswith(tab) and len(footer) - len(tab) <= 2:
        return footer
    if tab and footer and _column(tab, lines):
        return footer  # …-新闻动态: a column of the site (in its breadcrumb), not the site
    return tab or footer


def _column(name: str, lines: list[str]) -> bool:
    return not _SITE_WORDS.search(name) and any(
        name in line and re.search(r"[>›»]|当前位置|您的位置", line) for line in lines[:40]
    )


# ---------------------------------------------------------------- titles

_TAG = re.compile(r"[【\[［](?P<tag>[^】\]］]{1,12})[】\]］]")
_SEO_SPLIT = re.compile(r"\s*[|｜丨_]\s*|\s+[-—–]\s+|(?<=[^\d])-(?=[^\d])")
_SITE_WORDS = re.compile(
    r"(网|频道|新闻|日报|晚报|报|客户端|政府|门户|在线|官网|首页|平台|中心|医院|大学|学院|委员会|卫健委|管理局)$"
)


_TRAILING_COLUMN = re.compile(rf"[（(](?!.*(?:征求意见|试行|草案|修订|暂行|全文|图|附))[{CJK}]{{2,6}}[）)]$")


def title_parts(title: str) -> list[str]:
    """A tab title's parts between its separators (headline, column, site)."""
    return [p.strip() for p in _SEO_SPLIT.split(re.sub(r"\s+", " ", title).strip()) if p.strip()]


@functools.lru_cache(maxsize=4096)  # asked of every line of a page when a headline is glued
def clean_title(title: str) -> str:  # (cleared with the line tests, per page: extract_article)
    """Drop column tags (【新视野】), reprint markers and SEO / site-name suffixes."""
    title = re.sub(r"\s+", " ", title).strip()
    title = re.sub(r"^(原标题|标\s*题)\s*[:：]\s*", "", title)
    # A column tag in the middle means the line glued a previous item to the headline.
    tags = list(_TAG.finditer(title))
    if tags and tags[-1].end() < len(title) - 4:
        title = title[tags[-1].end() :]
    title = _TAG.sub("", title).strip()
    # A column in brackets after the headline (人民日报: …大专家（健康焦点）), not a
    # document's status (征求意见稿, 试行).
    title = _TRAILING_COLUMN.sub("", title).strip()
    parts = [p for p in _SEO_SPLIT.split(title) if p]
    if len(parts) > 1:
        # Keep the headline: the longest part. Drop short tails (SEO slogans, site names)
        # and short heads (column names such as 中新健康|).
        head = max(parts, key=len)
        index = parts.index(head)
        others = parts[:index] + parts[index + 1 :]
        if all(len(p) <= 12 or _SITE_WORDS.search(p) for p in others) and len(head) >= 6:
            title = head
    return title.strip(" -_|｜:：")
