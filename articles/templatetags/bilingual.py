"""Punctuation and Chinese text on pages in either language.

Chinese text uses full-width punctuation (：、（）), English text ASCII; the tags give the
one for the active language. `|zh` marks text that stays Chinese on an English page
(a quote, a title, a name with no English form yet) with lang="zh", so an English voice
does not read it and the "no CJK outside lang=zh" test can tell it from missed strings."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from articles.ingest import lexicon

register = template.Library()
# Chinese text: every Han block (the lexicon), CJK punctuation and full-width forms.
_CJK_CLASS = lexicon.HAN + "\u3000-\u303f\uff00-\uffef"
CJK = re.compile(f"[{_CJK_CLASS}]")  # one CJK character


def english() -> bool:
    """Whether the active language is English (read once per list by code that renders many
    items: reading it costs 3–10 µs here)."""
    return (get_language() or "").startswith("en")


@register.filter
def zh(value):
    """`value`, escaped, in <span lang="zh"> on an English page when it holds CJK text."""
    text = "" if value is None else str(value)
    if english() and CJK.search(text):
        return format_html('<span lang="zh">{}</span>', text)
    return conditional_escape(value if value is not None else "")


@register.simple_tag
def colon() -> str:
    return ": " if english() else "："


@register.simple_tag
def sep() -> str:
    return ", " if english() else "、"


@register.simple_tag
def lp() -> str:
    return " (" if english() else "（"


@register.simple_tag
def rp() -> str:
    return ")" if english() else "）"


@register.filter
def book(value):
    """A document title in 《》 (the marks are part of the Chinese title)."""
    return zh(f"《{value}》") if value else ""


_CJK_RUN = re.compile(f"[{_CJK_CLASS}][{_CJK_CLASS}\\w“”·]*")


@register.filter
def zh_runs(value):
    """Mixed text (an English note naming 人民网): each Chinese run, on an English page,
    in its own <span lang="zh">; the rest escaped as usual."""
    text = "" if value is None else str(value)
    if not english() or not CJK.search(text):
        return conditional_escape(text)
    out, pos = [], 0
    for m in _CJK_RUN.finditer(text):
        out.append(conditional_escape(text[pos : m.start()]))
        out.append(format_html('<span lang="zh">{}</span>', m.group()))
        pos = m.end()
    out.append(conditional_escape(text[pos:]))
    return mark_safe("".join(out))


_BADGES: dict[tuple[str, str | None], str] = {}


@register.simple_tag
def status_badge(status: str) -> str:
    """An extracted fact's review status as a badge: automatic (not yet reviewed) or
    confirmed; nothing for other statuses. A tag rather than an included template, and
    built once per status and language: lists show one per fact."""
    key = (status, get_language())
    badge = _BADGES.get(key)
    if badge is None:
        if status == "automatic":
            badge = format_html(
                '<span class="badge badge--auto" title="{}">{}</span>',
                gettext("由程序从文章中自动提取，尚未经编辑审核"),
                gettext("自动提取"),
            )
        elif status == "confirmed":
            badge = format_html('<span class="badge badge--ok">{}</span>', gettext("已审核"))
        else:
            badge = ""
        _BADGES[key] = badge
    return badge
