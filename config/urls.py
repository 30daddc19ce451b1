from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from articles.sitemaps import SITEMAPS


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def favicon(request):
    """Browsers that ask for /favicon.ico without reading the page's <link rel="icon">."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


# Chinese at the root (/provinces/henan/), English under /en/ (/en/provinces/henan/):
# every page has a stable, shareable address per language, whatever the browser prefers.
admin.site.site_header = _("区域医疗中心知识库 · 编辑后台")
admin.site.site_title = _("区域医疗中心知识库")
admin.site.index_title = _("导入、审核与更正")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt),
    path("favicon.ico", favicon),
]
urlpatterns += i18n_patterns(
    # Each app's pages under its own namespace; the paths are those the site always had.
    path("", include("articles.urls")),
    path("", include("hospitals.urls")),
    path("", include("programmes.urls")),
    prefix_default_language=False,
)
