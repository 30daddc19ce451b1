"""The long lists of facts, rendered in Python: events (the timeline, a province's or a
programme's latest, an event's own page) and designations (a programme's hundred, a
province's, an entity's).

They were templates (articles/_events.html, includes/designations.html). Django's engine
spent 110 µs a designation and 360 µs an event on this VM — every variable a lookup
chain, every `|zh` and `{% translate %}` a read of the active language from asgiref's
Local, every `event.programmes.all` a new manager — which made the programme page's
hundred designations and the timeline's thirty events most of their pages' time at
100,000 articles. Here the labels and the language are read once per list, and each
item is built as one string from escaped parts (`format_html`'s lazy-aware escaping cost
as much again). The markup is the templates' own; tests in tests/views check it in both
languages.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from articles.templatetags.bilingual import CJK, english, status_badge

register = template.Library()

QUOTE_CHARS = 160  # characters of a citation quoted under a designation


def _text(value, en: bool) -> str:
    """`value` escaped, in <span lang="zh"> on an English page when it holds CJK text
    (what the `zh` filter does, without its SafeString round trips)."""
    text = escape("" if value is None else str(value))
    return f'<span lang="zh">{text}</span>' if en and CJK.search(text) else text


def _links(pairs, en: bool, separator: str) -> str:
    return separator.join(f'<a href="{escape(url)}">{_text(label, en)}</a>' for url, label in pairs)


@register.simple_tag
def event_list(events, single: bool = False) -> SafeString:
    """<ol class="events"> of `events`, each with its date (a permalink), date precision,
    review status, summary, programmes and provinces, and first sources (`source_links`,
    with `source_count` for "and N more")."""
    en = english()
    sep = ", " if en else "、"
    sources_label = escape(gettext("来源") + (": " if en else "："))
    permalink = escape(gettext("永久链接"))
    precision = escape(gettext("日期只精确到"))
    items = []
    for event in events:
        url = escape(event.get_absolute_url())
        date = escape(event.display_date)
        item = (
            f'<li class="event" id="event-{event.pk}">\n  <a class="event__date" href="{url}" '
            f'title="{permalink}"><time datetime="{date}">{date}</time></a>'
        )
        if event.date_precision != "day":
            p = event.get_date_precision_display()
            badge = escape(gettext("精确到%(p)s") % {"p": p})
            item += f'\n  <span class="badge" title="{precision}{escape(str(p))}">{badge}</span>'
        item += f"\n  {status_badge(event.status)}"
        item += f'\n  <p class="event__summary">{_text(event.summary, en)}</p>'
        programmes = _links(
            ((p.get_absolute_url(), p.display_name) for p in event.programmes.all()), en, " · "
        )
        provinces = _links(((p.get_absolute_url(), p.display_name) for p in event.provinces.all()), en, sep)
        places = f"{programmes} | {provinces}" if programmes and provinces else programmes or provinces
        item += f'\n  <p class="meta">{places}</p>'
        links = event.source_links
        more = ""
        if event.source_count > len(links):
            more = f' <a href="{url}">{escape(gettext("等 %(n)s 篇") % {"n": event.source_count})}</a>'
        sources = _links(((s.url, s.label) for s in links), en, sep)
        item += f'\n  <p class="event__sources">{sources_label}{sources}{more}</p>\n</li>'
        items.append(item)
    single_class = " events--single" if single else ""
    return mark_safe(f'<ol class="events{single_class}">' + "\n".join(items) + "</ol>")


@register.simple_tag
def designation_list(designations) -> SafeString:
    """<ul class="designations"> of `designations`: the place or hospital, label, batch,
    date and role; a register row's badge and first source, or an extracted one's review
    status; the quoted citation (`first_citations`) linking its article."""
    en = english()
    registered = f'<span class="badge badge--ok">{escape(gettext("登记"))}</span>'
    unverified = f'<span class="badge badge--auto">{escape(gettext("未核实"))}</span>'
    source_label = escape(gettext("来源") + (": " if en else "："))
    quote_label = escape(gettext("出处"))
    items = []
    for d in designations:
        item = f"<li><strong>{_text(d.target.display_name, en)}</strong>"
        if d.label:
            item += f" · {_text(d.label, en)}"
        if d.batch:
            item += f" · {escape(gettext('第%(b)s批') % {'b': d.batch})}"
        if date := d.display_date:
            item += f" · {escape(date)}"
        if d.role:
            item += f" · {escape(str(d.get_role_display()))}"
        if d.origin != "article":
            item += f" {registered}"
            for src in [s for s in d.sources or [] if isinstance(s, dict)][:1]:
                issuer, title = src.get("issuer"), src.get("title")
                issuer = _text(issuer, en) if issuer else ""
                title = _text(f"《{title}》", en) if title else ""
                item += f' <span class="meta">{source_label}{issuer}{title}</span>'
            if not d.verified_fields:
                item += f" {unverified}"
        else:
            item += f" {status_badge(d.status)}"
        for c in d.first_citations:
            quote = _text(Truncator(c.quote).chars(QUOTE_CHARS), en)
            item += f'\n  <blockquote>{quote} <a href="{escape(c.article.get_absolute_url())}">{quote_label}</a></blockquote>'
        items.append(item + "\n</li>")
    return mark_safe('<ul class="designations">\n' + "\n".join(items) + "\n</ul>")
