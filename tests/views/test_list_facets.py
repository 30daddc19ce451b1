"""The article list's count and facets on large result sets, the PostgreSQL stored
search column, and the cached province and programme pages."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from articles import views
from articles.models import Article, ArticleSearch, Mention
from articles.search import index_article, search
from programmes.models import Programme
from tests.factories import make_article, make_outlet, province

pytestmark = pytest.mark.django_db


def _named(article, slug):
    Mention.objects.create(
        article=article, kind="province", province=province(slug), surface="x", start=0, end=1
    )


def _day(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def three():
    outlet = make_outlet(name="示例日报")
    oldest = make_article(title="最早 基层卫生", published_at=_day(2021, 5, 1), outlet=outlet)
    middle = make_article(title="居中 基层卫生", published_at=_day(2022, 5, 1), outlet=outlet)
    newest = make_article(title="最新 基层卫生", published_at=_day(2023, 5, 1))
    for a in (oldest, middle, newest):
        index_article(a)
    _named(oldest, "shanxi")
    _named(middle, "henan")
    _named(newest, "henan")
    return oldest, middle, newest


def test_facets_are_exact_below_the_sample_size(client, three):
    response = client.get(reverse("articles:list"), {"q": "基层卫生"})
    assert response.context["paginator"].count == 3
    assert response.context["facet_sample"] is None
    facets = response.context["facets"]
    assert [(slug, n) for slug, _, n in facets["province"]] == [("henan", 2), ("shanxi", 1)]
    assert facets["year"] == [(2023, 2023, 1), (2022, 2022, 1), (2021, 2021, 1)]
    assert facets["outlet"] == [(three[0].outlet.slug, "示例日报", 2)]
    assert "按最新的" not in response.content.decode()


def test_large_result_sets_count_mention_facets_over_the_newest_and_say_so(client, three, monkeypatch):
    monkeypatch.setattr(views, "FACET_SAMPLE", 2)
    response = client.get(reverse("articles:list"), {"q": "基层卫生", "sort": "title"})
    assert response.context["paginator"].count == 3  # the count stays exact
    assert response.context["facet_sample"] == 2
    facets = response.context["facets"]
    # Provinces over the two newest (both name Henan; the oldest, naming Shanxi, is left out) …
    assert [(slug, n) for slug, _, n in facets["province"]] == [("henan", 2)]
    # … years and outlets over all three.
    assert [y for y, _, _ in facets["year"]] == [2023, 2022, 2021]
    assert [n for _, _, n in facets["outlet"]] == [2]
    html = response.content.decode()
    assert "结果较多（3 篇），项目和省份按最新的 2 篇统计" in html
    english = client.get("/en" + reverse("articles:list"), {"q": "基层卫生"}).content.decode()
    assert "programmes and provinces are counted over the newest 2" in english


def test_year_facet_uses_local_time_around_new_year(client):
    # 2023-12-31 20:00 UTC is 2024-01-01 04:00 in Asia/Shanghai; 2024-01-01 10:00 UTC is 2024.
    make_article(title="跨年", published_at=_day(2023, 12, 31, hour=20))
    make_article(title="元旦", published_at=_day(2024, 1, 1, hour=10))
    make_article(title="年末", published_at=_day(2023, 12, 31, hour=10))
    make_article(title="无日期", published_at=None)
    facets = client.get(reverse("articles:list")).context["facets"]
    assert facets["year"] == [(2024, 2024, 2), (2023, 2023, 1)]


@pytest.mark.parametrize("q", ["白求恩", "区域医疗中心", "基层卫生"])
def test_search_reads_the_index_of_the_database_in_use(q):
    article = make_article(title="示例", body=f"山西省推进{q}相关工作。")
    index_article(article)
    make_article(title="无关", body="其他内容。")
    found = search(Article.objects.all(), q)
    assert list(found) == [article]
    sql = str(found.query)
    assert (
        ("articles_articlesearch" in sql and "tsv @@" in sql)
        if connection.vendor == "postgresql"
        else ("articles_search_fts" in sql)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored tsvector is PostgreSQL's")
def test_stored_tsvector_follows_the_tokens():
    article = make_article(title="示例", body="白求恩精神代代相传。")
    index_article(article)
    assert list(search(Article.objects.all(), "白求恩")) == [article]
    article.body = "区域医疗中心建设。"
    article.save()
    index_article(article)  # an update: the generated column is recomputed
    assert list(search(Article.objects.all(), "白求恩")) == []
    assert list(search(Article.objects.all(), "区域医疗中心")) == [article]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'articles_articlesearch'::regclass "
            "AND attname = 'tsv'"
        )
        assert cursor.fetchone() == ("s",)
    assert ArticleSearch.objects.filter(article=article).count() == 1


def test_province_and_programme_pages_are_cached_by_data_version(client, django_assert_num_queries):
    henan = province("henan")
    rmc = Programme.objects.get(key="regional_medical_center")
    _named(make_article(title="第一篇河南文章"), "henan")
    for url in (henan.get_absolute_url(), rmc.get_absolute_url()):
        first = client.get(url).content
        with django_assert_num_queries(1):  # the data version only
            assert client.get(url).content == first
    article = make_article(title="第二篇河南文章")
    _named(article, "henan")
    Mention.objects.create(article=article, kind="programme", programme=rmc, surface="x", start=0, end=1)
    assert "第二篇河南文章" in client.get(henan.get_absolute_url()).content.decode()
    assert "第二篇河南文章" in client.get(rmc.get_absolute_url()).content.decode()
    english = client.get("/en" + henan.get_absolute_url()).content.decode()
    assert 'lang="en"' in english
