from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# Chinese at the root (/provinces/henan/), English under /en/ (/en/provinces/henan/):
# every page has a stable, shareable address per language, whatever the browser prefers.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("hospitals.urls")),
    path("programmes/", include("programmes.urls")),
    prefix_default_language=False,
)
