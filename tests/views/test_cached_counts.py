"""Counts and the timeline are cached by data version (articles.aggregates): a repeat
request skips them, and new data shows at once."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Mention
from articles.search import index_article
from tests.factories import make_article, province

pytestmark = pytest.mark.django_db


def _named(article, slug):
    Mention.objects.create(
        article=article, kind="province", province=province(slug), surface="x", start=0, end=1
    )


def test_repeat_requests_reuse_the_counts(client, django_assert_max_num_queries):
    _named(make_article(title="河南文章"), "henan")
    url = reverse("articles:list")
    first = client.get(url, {"province": "henan"})
    with django_assert_max_num_queries(7):  # choices, data version, province, page; no count or facets
        again = client.get(url, {"province": "henan", "sort": "title"})
    assert again.context["paginator"].count == first.context["paginator"].count == 1
    assert list(again.context["facets"]["province"]) == list(first.context["facets"]["province"])


def test_new_data_changes_the_counts_at_once(client):
    henan = province("henan")
    _named(make_article(title="第一篇"), "henan")
    assert client.get(henan.get_absolute_url()).context["article_count"] == 1
    table = client.get(reverse("hospitals:province-list")).context["object_list"]
    assert next(p for p in table if p.slug == "henan").article_count == 1
    index_article(article := make_article(title="第二篇 白求恩"))
    _named(article, "henan")
    assert client.get(henan.get_absolute_url()).context["article_count"] == 2
    table = client.get(reverse("hospitals:province-list")).context["object_list"]
    assert next(p for p in table if p.slug == "henan").article_count == 2
    assert client.get(reverse("articles:list"), {"q": "白求恩"}).context["paginator"].count == 1


def test_timeline_page_is_cached(client, django_assert_num_queries):
    url = reverse("articles:timeline")
    assert "第一篇的报道" not in client.get(url).content.decode()
    with django_assert_num_queries(1):  # the data version only
        client.get(url)


@override_settings(AGGREGATE_CACHE_SECONDS=0, PAGE_CACHE_SECONDS=0)
def test_cache_can_be_turned_off(client, django_assert_num_queries):
    make_article(title="一篇")
    with django_assert_num_queries(8):  # the list without the data version; count and facets once (3)
        client.get(reverse("articles:list"))


def test_register_sections_are_kept_as_html_and_new_rows_show_at_once(client):
    """A programme's and a province's register sections are cached HTML ({% cache %}, by
    data version and language): a repeat request reads no project, and a new project shows
    on both pages, in both languages, on the next request."""
    from hospitals.models import Hospital
    from programmes.models import Programme, Project

    rmc = Programme.objects.get(key="regional_medical_center")
    henan = province("henan")
    pages = [rmc.get_absolute_url(), henan.get_absolute_url(), "/en" + rmc.get_absolute_url()]
    english_province = "/en" + henan.get_absolute_url()
    for url in pages:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(pages[0])
    assert not [q for q in queries.captured_queries if "programmes_project" in q["sql"]]
    host = Hospital.objects.create(name="缓存测试依托医院", slug="huan-cun-ce-shi", province=henan)
    Project.objects.create(
        programme=rmc,
        name="缓存测试区域医疗中心",
        slug="huan-cun-ce-shi-zhong-xin",
        province=henan,
        host_hospital=host,
        batch=9,
    )
    for url in pages:
        assert "缓存测试区域医疗中心" in client.get(url).content.decode(), url
    # The same section in English is its own entry, not the Chinese one.
    english = client.get(english_province).content.decode()
    assert '<h2 id="proj-h">国家区域医疗中心建设项目' not in english and '<h2 id="proj-h">' in english
