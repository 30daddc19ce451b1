from django.contrib.sitemaps import Sitemap

from articles.models import Article
from hospitals.models import Hospital, Province
from programmes.models import Event, Programme, ReviewStatus


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at")

    def lastmod(self, item: Article):
        return item.updated_at


class EntitySitemap(Sitemap):
    changefreq = "weekly"

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset


SITEMAPS = {
    "articles": ArticleSitemap,
    "provinces": EntitySitemap(Province.objects.order_by("code")),
    "programmes": EntitySitemap(Programme.objects.order_by("order")),
    "hospitals": EntitySitemap(Hospital.objects.order_by("slug")),
    "events": EntitySitemap(Event.objects.exclude(status=ReviewStatus.REJECTED).order_by("id")),
}
