"""Public pages are served whole from the cache, keyed by data version, address and
language (articles/pagecache.py): a hit costs the version query only, and any import or
staff edit shows at once. Staff, POSTs, exports and cookie-setting responses bypass it."""

import io
import socket

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from articles.aggregates import data_version
from articles.pagecache import HEADER, cacheable_request, local_pages, storable
from tests.factories import make_article
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_the_data_version_query_only(client, django_assert_num_queries):
    article = make_article(title="缓存的文章")
    url = article.get_absolute_url()
    first = client.get(url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(1):  # the data version
        again = client.get(url)
    assert again[HEADER] == "hit" and again.content == first.content
    assert again["Content-Type"].startswith("text/html")
    with django_assert_num_queries(1):
        head = client.head(url)
    assert head.status_code == 200 and head[HEADER] == "hit"


def test_languages_and_query_strings_are_cached_apart(client):
    make_article(title="语言")
    chinese = client.get("/timeline/")
    english = client.get("/en/timeline/")
    assert english[HEADER] == "miss" and english.content != chinese.content
    assert client.get("/en/timeline/")[HEADER] == "hit"
    assert client.get("/timeline/", {"facts": "all"})[HEADER] == "miss"
    assert client.get("/timeline/", {"facts": "all"})[HEADER] == "hit"


def test_an_import_shows_on_the_cached_pages_at_once(client, tmp_path):
    home = client.get("/").content.decode()
    assert client.get("/")[HEADER] == "hit"
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())
    after = client.get("/")
    assert after[HEADER] == "miss" and after.content.decode() != home


def test_an_admin_delete_shows_on_the_cached_page_at_once(client, admin_client):
    article = make_article(title="将被删除的文章")
    assert "将被删除的文章" in client.get("/").content.decode()
    assert client.get("/")[HEADER] == "hit"
    response = admin_client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302 and LogEntry.objects.exists()
    client.cookies.clear()  # the anonymous visitor again (admin_client is its own client)
    after = client.get("/")
    assert after[HEADER] == "miss" and "将被删除的文章" not in after.content.decode()


def test_load_reference_changes_the_data_version():
    before = data_version()
    call_command("load_reference", stdout=io.StringIO(), stderr=io.StringIO())
    assert data_version() != before


def test_staff_always_get_a_fresh_page(admin_client):
    article = make_article(title="职员看到的")
    url = article.get_absolute_url()
    admin_client.get(url)
    response = admin_client.get(url)
    assert HEADER not in response
    assert len(admin_client.cookies) and "sessionid" in admin_client.cookies


def test_post_and_exports_bypass_the_cache(client):
    make_article(title="导出")
    url = reverse("articles:list")
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    assert HEADER not in client.post(url)
    client.get(url, {"format": "csv"})
    export = client.get(url, {"format": "csv"})
    assert HEADER not in export and export["Content-Type"].startswith("text/csv")


def test_responses_with_cookies_tokens_or_private_headers_are_not_stored():
    request = RequestFactory().get("/")
    assert storable(request, HttpResponse("<p>ok</p>"))
    with_cookie = HttpResponse("<p>ok</p>")
    with_cookie.set_cookie("x", "1")
    assert not storable(request, with_cookie)
    assert not storable(request, HttpResponse("<p>ok</p>", headers={"Cache-Control": "private"}))
    assert not storable(request, HttpResponse("<p>ok</p>", headers={"Vary": "Cookie"}))
    assert not storable(request, HttpResponse("{}", content_type="application/json"))
    assert not storable(request, HttpResponse("<p>gone</p>", status=404))
    token = RequestFactory().get("/")
    token.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not storable(token, HttpResponse("<p>form</p>"))
    assert not cacheable_request(RequestFactory().get("/admin/"))
    assert not cacheable_request(RequestFactory().post("/"))
    with_session = RequestFactory().get("/")
    with_session.COOKIES["sessionid"] = "abc"
    assert not cacheable_request(with_session)
    with override_settings(PAGE_CACHE_SECONDS=0):
        assert not cacheable_request(RequestFactory().get("/"))


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="no Redis server at 127.0.0.1:6379 (CI runs one)")
def test_pages_are_shared_through_redis(client, django_assert_num_queries):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
    with override_settings(CACHES=redis):
        from django.core.cache import cache

        cache.clear()
        try:
            article = make_article(title="共享缓存")
            url = article.get_absolute_url()
            assert client.get(url)[HEADER] == "miss"
            local_pages.clear()  # as another worker process would: only Redis has the page
            with django_assert_num_queries(1):
                assert client.get(url)[HEADER] == "hit"
            assert any(key.startswith(b":1:rmc:page:") for key in cache._cache.get_client().keys("*"))
        finally:
            cache.clear()


def test_a_page_kept_in_memory_expires_with_the_cache(client, settings):
    article = make_article(title="过期")
    url = article.get_absolute_url()
    settings.PAGE_CACHE_SECONDS = 1
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    for key, (expires, entry) in list(local_pages.entries.items()):
        local_pages.entries[key] = (expires - 2, entry)  # as if two seconds had passed
    from django.core.cache import cache

    cache.clear()  # the shared entry has expired too
    assert client.get(url)[HEADER] == "miss"
