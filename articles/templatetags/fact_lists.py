"""The long lists of facts, rendered in Python: events (the timeline, a province's or a
programme's latest, an event's own page) and designations (a programme's hundred, a
province's, an entity's).

They were templates (articles/_events.html, includes/designations.html). Django's engine
spent 110 µs a designation and 360 µs an event on this VM — every variable a lookup
chain, every `|zh` and `{% translate %}` a read of the active language from asgiref's
Local, every `event.programmes.all` a new manager — which made the programme page's
hundred designations and the timeline's thirty events most of their pages' time at
100,000 articles. Here the labels and the language are read once per list, and each
item is a few `format_html` calls. The markup is the templates' own; tests in
tests/views check it in both languages.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from articles.templatetags.bilingual import english, status_badge, zh_in

register = template.Library()

QUOTE_CHARS = 160  # characters of a citation quoted under a designation


def _join(parts, separator: str) -> SafeString:
    return mark_safe(separator.join(parts))


@register.simple_tag
def event_list(events, single: bool = False) -> SafeString:
    """<ol class="events"> of `events`, each with its date (a permalink), date precision,
    review status, summary, programmes and provinces, and first sources (`source_links`,
    with `source_count` for "and N more")."""
    en = english()
    sep = ", " if en else "、"
    sources_label = gettext("来源") + (": " if en else "：")
    permalink = gettext("永久链接")
    precision = gettext("日期只精确到")
    items = []
    for event in events:
        url = event.get_absolute_url()
        date = event.display_date
        parts = [
            format_html(
                '<li class="event" id="event-{}">\n  <a class="event__date" href="{}" title="{}">'
                '<time datetime="{}">{}</time></a>',
                event.pk,
                url,
                permalink,
                date,
                date,
            )
        ]
        if event.date_precision != "day":
            p = event.get_date_precision_display()
            parts.append(
                format_html(
                    '\n  <span class="badge" title="{}{}">{}</span>',
                    precision,
                    p,
                    gettext("精确到%(p)s") % {"p": p},
                )
            )
        parts.append(format_html("\n  {}", status_badge(event.status)))
        parts.append(format_html('\n  <p class="event__summary">{}</p>', zh_in(event.summary, en)))
        programmes = format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((p.get_absolute_url(), zh_in(p.display_name, en)) for p in event.programmes.all()),
        )
        provinces = format_html_join(
            sep,
            '<a href="{}">{}</a>',
            ((p.get_absolute_url(), zh_in(p.display_name, en)) for p in event.provinces.all()),
        )
        places = (
            format_html("{} | {}", programmes, provinces)
            if programmes and provinces
            else programmes or provinces
        )
        parts.append(format_html('\n  <p class="meta">{}</p>', places))
        links = event.source_links
        more = ""
        if event.source_count > len(links):
            more = format_html(
                ' <a href="{}">{}</a>', url, gettext("等 %(n)s 篇") % {"n": event.source_count}
            )
        parts.append(
            format_html(
                '\n  <p class="event__sources">{}{}{}</p>\n</li>',
                sources_label,
                format_html_join(sep, '<a href="{}">{}</a>', ((s.url, zh_in(s.label, en)) for s in links)),
                more,
            )
        )
        items.append(_join(parts, ""))
    return format_html(
        '<ol class="events{}">{}</ol>', " events--single" if single else "", _join(items, "\n")
    )


@register.simple_tag
def designation_list(designations) -> SafeString:
    """<ul class="designations"> of `designations`: the place or hospital, label, batch,
    date and role; a register row's badge and first source, or an extracted one's review
    status; the quoted citation (`first_citations`) linking its article."""
    en = english()
    registered = format_html('<span class="badge badge--ok">{}</span>', gettext("登记"))
    unverified = format_html('<span class="badge badge--auto">{}</span>', gettext("未核实"))
    source_label = gettext("来源") + (": " if en else "：")
    quote_label = gettext("出处")
    items = []
    for d in designations:
        parts = [format_html("<li><strong>{}</strong>", zh_in(d.target.display_name, en))]
        if d.label:
            parts.append(format_html(" · {}", zh_in(d.label, en)))
        if d.batch:
            parts.append(format_html(" · {}", gettext("第%(b)s批") % {"b": d.batch}))
        if date := d.display_date:
            parts.append(format_html(" · {}", date))
        if d.role:
            parts.append(format_html(" · {}", d.get_role_display()))
        if d.origin != "article":
            parts.append(format_html(" {}", registered))
            for src in [s for s in d.sources or [] if isinstance(s, dict)][:1]:
                issuer, title = src.get("issuer"), src.get("title")
                parts.append(
                    format_html(
                        ' <span class="meta">{}{}{}</span>',
                        source_label,
                        zh_in(issuer, en) if issuer else "",
                        zh_in(f"《{title}》", en) if title else "",
                    )
                )
            if not d.verified_fields:
                parts.append(format_html(" {}", unverified))
        else:
            parts.append(format_html(" {}", status_badge(d.status)))
        for c in d.first_citations:
            parts.append(
                format_html(
                    '\n  <blockquote>{} <a href="{}">{}</a></blockquote>',
                    zh_in(Truncator(c.quote).chars(QUOTE_CHARS), en),
                    c.article.get_absolute_url(),
                    quote_label,
                )
            )
        parts.append("\n</li>")
        items.append(_join(parts, ""))
    return format_html('<ul class="designations">\n{}\n</ul>', _join(items, "\n"))
