"""Article → what its page shows: the body with mentions as links, and citations.

Plain functions over model instances already loaded by the view (no queries here).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Segment:
    text: str
    url: str = ""
    kind: str = ""
    title: str = ""


def _target(mention) -> tuple[str, str]:
    target = mention.target
    if target is None or not hasattr(target, "get_absolute_url"):
        return "", ""
    return target.get_absolute_url(), str(target)


def annotate_body(body: str, mentions) -> list[list[Segment]]:
    """Paragraphs as lists of segments; a mention's span becomes a link to its entity.
    Rejected mentions and mentions without offsets are left as plain text."""
    # One name can link two entities (a project named like its hospital, a document title
    # that is a programme alias): the span links the first kind here; the sidebar lists both.
    spans = sorted(
        (
            (m.start, m.end, m)
            for m in mentions
            if m.start is not None and m.end is not None and m.status != "rejected" and m.end <= len(body)
        ),
        key=lambda span: (span[0], span[1], span[2].kind in ("project", "document")),
    )
    segments: list[Segment] = []
    pos = 0
    for start, end, mention in spans:
        if start < pos:  # overlapping spans: the first one wins
            continue
        if start > pos:
            segments.append(Segment(body[pos:start]))
        url, title = _target(mention)
        segments.append(Segment(body[start:end], url, mention.kind, title))
        pos = end
    if pos < len(body):
        segments.append(Segment(body[pos:]))
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        parts = segment.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Segment(part, segment.url, segment.kind, segment.title))
    return [p for p in paragraphs if any(s.text.strip() for s in p)]


def _date_for_citation(article) -> str:
    if article.published_at is None:
        return ""
    return article.display_date[:10]


def citation_gbt7714(article, *, accessed: datetime.date | None = None, url: str = "") -> str:
    """GB/T 7714-2015 for an electronic news item:
    责任者. 题名[EB/OL]. 出版者, (发表日期)[引用日期]. 获取和访问路径."""
    accessed = accessed or timezone.localdate()
    author = article.reporter or (article.outlet.name if article.outlet else "")
    publisher = article.outlet.name if article.outlet else ""
    parts = []
    if author:
        parts.append(f"{author}. ")
    parts.append(f"{article.title}[EB/OL]. ")
    if publisher:
        parts.append(f"{publisher}, ")
    published = _date_for_citation(article)
    parts.append(f"({published})[{accessed.isoformat()}]. " if published else f"[{accessed.isoformat()}]. ")
    parts.append(f"{article.url or url}.")
    return "".join(parts).replace(". .", ".")


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([{}\\&%$#_])", r"\\\1", value)


def citation_bibtex(article, *, accessed: datetime.date | None = None, url: str = "") -> str:
    accessed = accessed or timezone.localdate()
    fields = {
        "title": article.title,
        "author": article.reporter.replace("、", " and ") if article.reporter else "",
        "organization": article.outlet.name if article.outlet else "",
        "date": _date_for_citation(article),
        "url": article.url or url,
        "urldate": accessed.isoformat(),
        "langid": "chinese",
    }
    body = ",\n".join(
        f"  {k} = {{{v if k in ('url', 'urldate', 'date') else _bibtex_escape(v)}}}"
        for k, v in fields.items()
        if v
    )
    return f"@online{{{article.slug},\n{body}\n}}"
