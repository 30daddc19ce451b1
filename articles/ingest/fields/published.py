"""The time of publication: the date the page shows under the headline, else the
markup's, else what the page implies (a labelled date under the text, the URL, a
dateline's month and day with the year worked out, a notice's signature, a masthead)."""

from __future__ import annotations

import re

from articles.ingest import lexicon
from articles.ingest import metadata as meta
from articles.ingest.body import cjk_count
from articles.ingest.fields.view import PageView, is_meta_line
from articles.ingest.records import PublishedAt

# The page shows when it was last edited, not when it was published.
_EDITED = re.compile(r"(编辑|更新|修改)于|(更新|修改)(时间|日期)")
_MASTHEAD = re.compile(r"星期[一二三四五六日天]|第\s*\d+\s*版")
_SIGNER = lexicon.regex(
    r"^[\p{Han}（）()]{4,30}(办公厅|办公室|委员会|人民政府|政府|协会|学会|厅|局|委|部|院|中心|医院)$"
)
_WIRE_DAY = re.compile(r"日\s*(电|讯)")


def _date_line_text(view: PageView) -> str:
    line = view.meta_line
    label = lexicon.PUBLISHED_LABEL.search(line)
    if label and meta.parse_date(line[label.start() :], today=view.today):
        return line[label.start() :]  # 成文日期：… 发布日期：2023-04-02 / 更新时间：… 发布时间：…
    return line


def masthead(view: PageView) -> tuple[str | None, PublishedAt] | None:
    """An e-paper's masthead line (paper, issue date, weekday, page): the date the
    article was printed and the paper that printed it."""
    for line in view.lines[:5]:
        if _MASTHEAD.search(line) and (date := meta.parse_date(line, today=view.today)):
            return meta.outlet_before_date(line), date
    return None


def signature(view: PageView) -> tuple[str, PublishedAt] | None:
    """The 落款 under a notice's last paragraph: the issuing body, then the date it was
    issued (国家卫生健康委办公厅 / 2024年3月5日)."""
    if (end := view.body_end) is None:
        return None
    after = view.lines[end + 1 : end + 10]
    for signer, line in zip(after, after[1:], strict=False):
        if (
            _SIGNER.match(signer)
            and (date := meta.parse_date(line, today=view.today))
            and cjk_count(meta.FULL_DATE.sub("", meta.arabic_dates(line))) <= 2
        ):
            return signer, date
    return None


def _printed_date(view: PageView, month: int, day: int) -> PublishedAt | None:
    """A full date printed elsewhere on the page with the same month and day (a time
    line the date-line search passed over, a header's 2024年3月5日 星期二): the year,
    and the time when it gives one, of a month-day dateline."""
    for line in view.lines:
        if str(day) in line and (found := meta.parse_date(line, today=view.today)):
            if (found.month, found.day) == (month, day):
                return found
    return None


# ------------------------------------------------------------ rules


def markup_date_when_page_shows_edit_time(view: PageView) -> PublishedAt | None:
    """编辑于 2024-04-06: the page shows when it was last edited; the markup, when published."""
    return view.hinted_date if view.hinted_date and _EDITED.search(_date_line_text(view)) else None


def date_line(view: PageView) -> PublishedAt | None:
    """The visible date under the headline; the markup may add the time it leaves out."""
    if view.meta_index is None or not (found := meta.parse_date(_date_line_text(view), today=view.today)):
        return None
    hinted = view.hinted_date
    same_day = hinted and (hinted.year, hinted.month, hinted.day) == (found.year, found.month, found.day)
    return hinted if same_day and found.minute is None and hinted.minute is not None else found


def markup_date(view: PageView) -> PublishedAt | None:
    return view.hinted_date


def labelled_date_above_text(view: PageView) -> PublishedAt | None:
    """发布日期：2023-04-02 between the headline and the text, on a line the date-line
    search passed over (a table of document fields, a toolbar in between)."""
    return view.full_dates_above_body[0][1] if view.full_dates_above_body else None


def labelled_date_below_text(view: PageView) -> PublishedAt | None:
    """发布于 2024-03-05 09:12・IP 属地北京 printed under the article (知乎, some blogs)."""
    if (end := view.body_end) is None:
        return None
    for line in view.lines[end + 1 : end + 6]:
        if (label := lexicon.PUBLISHED_LABEL.search(line)) and (
            found := meta.parse_date(line[label.end() :], today=view.today)
        ):
            return found
    return None


def url_day(view: PageView) -> PublishedAt | None:
    return view.url_date if view.url_date and view.url_date.day is not None else None


def labelled_month_day(view: PageView) -> PublishedAt | None:
    """A labelled month and day without a year (百家号: 发布时间：07月19日10:23)."""
    lines, body = view.lines, view.body
    first = lines.index(body[0]) if body and body[0] in view.visible else min(len(lines), 12)
    from_url = view.url_date
    for line in lines[max(0, first - 8) : first]:
        if found := meta.month_day_time(line):
            m, d, hour, minute = found
            if (printed := _printed_date(view, m, d)) and (hour is None or printed.hour == hour):
                return printed if hour is None else PublishedAt(printed.year, m, d, hour, minute)
            year = meta.infer_year(
                m, d, "\n".join(body), today=view.today, hint=from_url.year if from_url else None
            )
            if year:
                return PublishedAt(year, m, d, hour, minute, inferred=not from_url)
    return None


def dateline_month_day(view: PageView) -> PublishedAt | None:
    """新华社北京3月5日电: the month and day of the dateline, the year from the page (a
    full date with the same month and day), the URL, or the text."""
    head = view.body[0] if view.body else ""
    md = (
        (view.dateline[1], view.dateline[2])
        if view.dateline
        else meta.month_day(head[:40])
        if _WIRE_DAY.search(head[:40])
        else None
    )
    if not md:
        return None
    hint = view.url_date.year if view.url_date else None
    if hint is None and (printed := _printed_date(view, *md)):
        return printed
    year = meta.infer_year(md[0], md[1], "\n".join(view.body), today=view.today, hint=hint)
    return PublishedAt(year, md[0], md[1], inferred=hint is None) if year else None


def signature_date(view: PageView) -> PublishedAt | None:
    return signed[1] if (signed := signature(view)) else None


def url_month(view: PageView) -> PublishedAt | None:
    return view.url_date


def masthead_date(view: PageView) -> PublishedAt | None:
    """贵州日报 2023年10月30日 星期一 第05版."""
    return issue[1] if (issue := masthead(view)) else None


def bare_date_line_above_text(view: PageView) -> PublishedAt | None:
    """Last resort: a bare date line above the article (an e-paper's issue date)."""
    lines, body = view.lines, view.body
    first = lines.index(body[0]) if body and body[0] in view.visible else len(lines)
    for line in lines[:first]:
        if is_meta_line(line, view.today) and len(line) <= 24:
            return meta.parse_date(line, today=view.today)
    return None


RULES = (
    markup_date_when_page_shows_edit_time,
    date_line,
    markup_date,
    labelled_date_above_text,
    labelled_date_below_text,
    url_day,
    labelled_month_day,
    dateline_month_day,
    signature_date,
    url_month,
    masthead_date,
    bare_date_line_above_text,
)
