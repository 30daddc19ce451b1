"""Atom feeds of articles per province and per programme. (CSV and JSON exports of the
list pages are `core.exports`, shared by every app's list views.)"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article
from hospitals.models import Province
from programmes.models import Programme


class _ArticleFeed(Feed):
    feed_type = Atom1Feed
    limit = 50

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.body[:300]

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_author_name(self, item: Article) -> str | None:
        return item.reporter or (item.outlet.name if item.outlet else None)


class ProvinceFeed(_ArticleFeed):
    def get_object(self, request, slug: str) -> Province:
        return get_object_or_404(Province, slug=slug)

    def title(self, obj: Province) -> str:
        return f"{obj.name} · 区域医疗中心知识库"

    def link(self, obj: Province) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Province):
        return Article.objects.published().naming("province", obj).select_related("outlet")[: self.limit]


class ProgrammeFeed(_ArticleFeed):
    def get_object(self, request, slug: str) -> Programme:
        return get_object_or_404(Programme, slug=slug)

    def title(self, obj: Programme) -> str:
        return f"{obj.name} · 区域医疗中心知识库"

    def link(self, obj: Programme) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Programme):
        return Article.objects.published().naming("programme", obj).select_related("outlet")[: self.limit]
