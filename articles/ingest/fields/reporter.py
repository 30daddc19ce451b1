"""The reporter: the people credited with writing the article (记者, 作者, a sign-off),
never an organisation. A name that is the hosting site's or the outlet's is passed over
(the site's name in <meta name="author">, 作者：健康界)."""

from __future__ import annotations

import re

from articles.ingest import lexicon
from articles.ingest import metadata as meta
from articles.ingest.body import is_paragraph
from articles.ingest.fields.view import PageView

# A credit field (记者：…, 【作者】 …), not a heading that starts with the word (作者最新文章).
_CREDIT_FIRST = re.compile(
    rf"^[(（【\[]?\s*(?:{lexicon.alternation(lexicon.REPORTER_LABELS + lexicon.AUTHOR_LABELS)})\s*[】\]]?\s*[:：|｜丨\s]"
)
# The credit right after a dateline: 中新网太原6月17日电(记者 范丽芳)
_LEAD_CREDIT = re.compile(r"^.{0,40}?[(（【\[](?P<credit>[^)）】\]]{2,40})[)）】\]]")
# A lead that opens with its credit: 天山网-新疆日报记者 刘晓蕾 热依拉·艾尔肯 报道：
_LEAD_REPORTER = re.compile(r"^[^。，,]{0,30}?(?:记者|記者)[^。，,：:]{2,30}?(?:报道|報道|摄|攝)?(?=[：:])")
_EDITOR = lexicon.regex(rf"(?:{lexicon.alternation(lexicon.EDITOR_LABELS)})\s*[:：]\s*([\p{{Han}}·]{{2,4}})")


def _editors(lines: list[str]) -> set[str]:
    return {
        name
        for line in lines
        if "编" in line or "審" in line or "审" in line
        for name in _EDITOR.findall(line)
    }


def credit_above_text(view: PageView) -> str | None:
    """记者 张三 李四 / 作者：王五 between the headline and the text."""
    return next(
        (r for line in view.preamble if not is_paragraph(line) and (r := meta.reporter_in(line))), None
    )


def dateline_credit(view: PageView) -> str | None:
    """中新网太原6月17日电(记者 范丽芳)."""
    return meta.reporter_in(credit["credit"]) if (credit := _LEAD_CREDIT.match(view.body[0])) else None


def lead_credit(view: PageView) -> str | None:
    """【大公報訊】記者 何凱琳 廈門報道：."""
    return meta.reporter_in(lead.group()) if (lead := _LEAD_REPORTER.match(view.body[0])) else None


def wire_credit(view: PageView) -> str | None:
    """（中央社記者林孟潔台北5日電）."""
    wire = next(filter(None, map(meta.wire_credit, view.body[:1] + view.body[-1:])), None)
    return wire[1] if wire else None


def sign_off(view: PageView) -> str | None:
    """…参观考察。(董奇光)."""
    return meta.sign_off(view.body[-1])


def wechat_author(view: PageView) -> str | None:
    """原创 郝丽娜 健康山西 2023-10-12 17:05 → 郝丽娜."""
    return view.byline[0] if view.byline else None


def credit_below_text(view: PageView) -> str | None:
    """Credits under the article (记者 | 陈蔚林  通讯员 | 符小燕)."""
    return next(
        (r for line in view.after if _CREDIT_FIRST.match(line) and (r := meta.reporter_in(line))), None
    )


def markup_author(view: PageView) -> str | None:
    """<meta name="author"> naming people, unless the page labels them as its editors."""
    author = meta.person_names(view.hints.author)
    return author if author and author not in _editors(view.lines) else None


RULES = (
    credit_above_text,
    dateline_credit,
    lead_credit,
    wire_credit,
    sign_off,
    wechat_author,
    credit_below_text,
    markup_author,
)


def _names_the_site(view: PageView, names: str, outlet: str | None) -> bool:
    """A "reporter" that is the site's or the outlet's own name (健康界 in the author tag)."""
    hints = view.hints
    if names not in (outlet or "") and names not in hints.source and names not in hints.title_tag:
        # The footer's holder is the one name left: read it only when the name is there.
        if not any(names in line for line in view.lines[-40:]):
            return False
    own = {n for n in (outlet, view.site, meta.clean_outlet(hints.source or "")) if n}
    if hints.title_tag:
        own.update(meta.title_parts(hints.title_tag)[1:])
    return any(names == name or (len(names) >= 3 and names in name) for name in own)


def choose(view: PageView, outlet: str | None) -> tuple[str | None, str | None]:
    for rule in RULES:
        if (names := rule(view)) and not _names_the_site(view, names, outlet):
            return names, rule.__name__
    return None, None
