"""sitemap.xml: every public page in both languages (Chinese at the root, English under
/en/), each with hreflang alternates naming the other (and x-default, the Chinese page),
so a search engine offers English readers the /en/ address."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article
from hospitals.models import Hospital, Province
from programmes.models import Event, Programme


class BilingualSitemap(Sitemap):
    i18n = True  # one <url> per language, built under translation.override
    alternates = True  # <xhtml:link rel="alternate" hreflang=…> for each language
    x_default = True  # the default language's (Chinese) address


class ArticleSitemap(BilingualSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at")

    def lastmod(self, item: Article):
        return item.updated_at


class EntitySitemap(BilingualSitemap):
    changefreq = "weekly"

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset


class PageSitemap(BilingualSitemap):
    """The home page and the list pages."""

    changefreq = "daily"

    def items(self):
        return [
            "articles:home",
            "articles:list",
            "articles:timeline",
            "hospitals:province-list",
            "hospitals:hospital-list",
            "programmes:project-list",
            "programmes:list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "provinces": EntitySitemap(Province.objects.order_by("code")),
    "programmes": EntitySitemap(Programme.objects.order_by("order")),
    "hospitals": EntitySitemap(Hospital.objects.order_by("slug")),
    "events": EntitySitemap(Event.objects.not_rejected().order_by("id")),
}
