"""The importer's shared vocabularies, written once: the Han-character ranges, the
labels pages put before their fields, the suffixes of organisations, the words that
make a year a target rather than a date.

Copies of these drifted apart before they lived here (a name with 䶮 could not be
searched; 截至2023年6月 was read as a plan). Import from here; do not write them again.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- Han characters

# Every block of Han ideographs: the URO, Extension A (䶮), the compatibility block, and
# the supplementary planes (Extensions B–I and G–H, with their compatibility supplement),
# where rarer characters of personal and place names live (𠮷).
HAN = (
    "\u3400-\u4dbf"  # Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uf900-\ufaff"  # Compatibility Ideographs
    "\U00020000-\U0002a6df"  # Extension B
    "\U0002a700-\U0002ee5f"  # Extensions C, D, E, F, I
    "\U0002f800-\U0002fa1f"  # Compatibility Ideographs Supplement
    "\U00030000-\U000323af"  # Extensions G, H
)
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
NOT_HAN = re.compile(f"[^{HAN}]+")

# In patterns, \p{Han} stands for the ranges above (Python's re has no \p{…}, so a
# pattern that still contains it after `regex` would fail to compile, never match wrongly).
_HAN_CLASS = r"\p{Han}"


def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile with \\p{Han} inside a character class standing for every Han block:
    regex(r"[\\p{Han}·]{2,4}")."""
    return re.compile(pattern.replace(_HAN_CLASS, HAN), flags)


def han_count(text: str) -> int:
    return len(NOT_HAN.sub("", text))


# ---------------------------------------------------------------- field labels

# Words a page prints before a field's value (Simplified, then Traditional forms).
SOURCE_LABELS = (
    "文章来源",
    "新闻来源",
    "稿件来源",
    "信息来源",
    "稿源",
    "来源",
    "來源",
    "文章來源",
    "新聞來源",
)
AUTHOR_LABELS = ("作者", "撰文", "采写")
REPORTER_LABELS = ("记者", "記者")
EDITOR_LABELS = ("责任编辑", "编辑", "责编", "編輯", "責任編輯", "審核", "审核", "校对", "监制", "主编")
PUBLISHED_LABELS = (
    "发布时间",
    "发布日期",
    "发表时间",
    "发表日期",
    "发布于",
    "发表于",
    "發布時間",
    "發佈時間",
    "發布日期",
)


def alternation(words: tuple[str, ...]) -> str:
    """Words as a regex alternation, longest first (so 发布时间 wins over 时间)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# A labelled publication date: 发布日期：2023-04-02, 發布時間 …
PUBLISHED_LABEL = re.compile(alternation(PUBLISHED_LABELS))

# ---------------------------------------------------------------- organisations

# Name endings that make a credit an organisation, not a person (宣传科, 国家卫生健康委网站).
ORG_SUFFIXES = (
    "网", "站", "委", "局", "部", "司", "处", "厅", "办", "社", "报", "台", "中心", "医院", "科", "室", "院", "会",
    "所", "公司", "集团", "频道", "编辑部",
)  # fmt: skip
ORG_SUFFIX = re.compile(f"(?:{alternation(ORG_SUFFIXES)})$")

# Columns, accounts and platforms of a site: where an article is filed or posted, never
# who credits it (官博, 微信, 信息公开专栏).
CHANNEL_WORDS = (
    "官博", "官微", "微博", "微信", "公众号", "视频号", "抖音", "头条号", "百家号", "企鹅号", "客户端",
    "专栏", "栏目", "频道", "信息公开", "政务公开", "新闻动态", "工作动态", "要闻", "通知公告",
)  # fmt: skip
CHANNEL = re.compile(f"(?:{alternation(CHANNEL_WORDS)})")

# ---------------------------------------------------------------- plan years

# Words before a year that make it a target, not the time of writing: 到2025年底,
# 力争2030年前, 至2027年 — but 截至2022年底 is past, so 至 after 截 is not one.
# The words of a plan or target on their own (facts.py reads them near a number too).
PLAN_NOUNS = "力争|预计|计划|目标|争取"
PLAN_WORDS = rf"到|(?<!截)至|{PLAN_NOUNS}|展望"
# A year named as a target: the year in group 1 (after a plan word) or group 2 (2030年前).
PLAN_YEAR = re.compile(rf"(?:{PLAN_WORDS})\s*((?:19|20)\d{{2}})\s*年|((?:19|20)\d{{2}})\s*年前")


def plan_years(text: str) -> set[int]:
    return {int(a or b) for a, b in PLAN_YEAR.findall(text)}


# Years that are not the time of writing either: an anniversary's (2024年将迎来建院七十周年,
# 2025年是…100周年) and a founding's (始建于1954年, 1954年建院).
ANNIVERSARY_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年[^。；;，,]{0,8}?(?:将|即将)?(?:迎来|是|为|恰逢|正值)[^。；;]{0,12}?周年"
)
FOUNDING_YEAR = re.compile(
    r"(?:始建|建|成立|创建|创办|组建|建成)于\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年(?:建院|建校|成立|创建|创办|始建|组建)"
)


def history_years(text: str) -> set[int]:
    """Years the text names as an anniversary's or a founding's."""
    found = {int(y) for y in ANNIVERSARY_YEAR.findall(text)}
    return found | {int(a or b) for a, b in FOUNDING_YEAR.findall(text)}
