"""Keyword-only helpers that build rows for tests (the reference data is already loaded)."""

import hashlib
import itertools

from django.utils import timezone

from articles.models import Article, Outlet
from hospitals.models import Province

_seq = itertools.count(1)


def make_outlet(*, name: str | None = None) -> Outlet:
    n = next(_seq)
    return Outlet.objects.create(name=name or f"测试媒体{n}", slug=f"outlet-{n}")


def make_article(
    *, title: str | None = None, body: str | None = None, outlet: Outlet | None = None, **kw
) -> Article:
    n = next(_seq)
    body = body or f"测试正文第{n}段。"
    return Article.objects.create(
        title=title or f"测试文章{n}",
        slug=f"article-{n}",
        body=body,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        published_at=kw.pop("published_at", timezone.now()),
        outlet=outlet,
        **kw,
    )


def province(slug: str) -> Province:
    return Province.objects.get(slug=slug)
