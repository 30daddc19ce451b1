import csv
import io
import json

import pytest
from django.urls import reverse

from articles.search import index_article
from tests.factories import make_article, make_outlet, province
from tests.views.test_timeline import events  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def articles():
    outlet = make_outlet(name="示例日报")
    made = [make_article(title=f"区域医疗中心报道{n}", outlet=outlet) for n in range(3)]
    made.append(make_article(title="无关的文章"))
    for a in made:
        index_article(a)
    return made


def test_article_list_exports_csv_and_json_with_the_same_filters(client, articles):
    url = reverse("articles:list")
    response = client.get(url, {"q": "区域医疗中心", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert {r["title"] for r in rows} == {f"区域医疗中心报道{n}" for n in range(3)}
    assert rows[0]["outlet"] == "示例日报"
    data = json.loads(body(client.get(url, {"q": "区域医疗中心", "format": "json"})))
    assert len(data) == 3 and set(data[0]) >= {"title", "published_at", "permalink"}


def test_timeline_exports(client, events):  # noqa: F811
    data = json.loads(
        body(client.get(reverse("articles:timeline"), {"format": "json", "province": "shanxi"}))
    )
    assert {e["summary"] for e in data} == {"区域医疗中心建设试点启动", "推进会在太原召开"}
    assert all(e["permalink"].startswith("http://testserver/timeline/events/") for e in data)


def test_atom_feeds_per_province_and_programme(client, articles):
    from articles.models import Mention
    from programmes.models import Programme

    Mention.objects.create(
        article=articles[0], kind="province", province=province("henan"), surface="河南", start=0, end=2
    )
    rmc = Programme.objects.get(key="regional_medical_center")
    Mention.objects.create(
        article=articles[1], kind="programme", programme=rmc, surface="区域医疗中心", start=0, end=6
    )
    feed = client.get(reverse("articles:province-feed", args=["henan"])).content.decode()
    assert "<feed" in feed and "区域医疗中心报道0" in feed and "区域医疗中心报道1" not in feed
    feed = client.get(reverse("articles:programme-feed", args=[rmc.slug])).content.decode()
    assert "区域医疗中心报道1" in feed
    assert client.get(reverse("articles:province-feed", args=["nowhere"])).status_code == 404


def test_sitemap_and_robots(client, articles):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/provinces/henan/" in sitemap and articles[0].get_absolute_url() in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "sitemap.xml" in robots


def test_the_sitemap_lists_english_addresses_with_hreflang_alternates(client, articles):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {u.find("s:loc", ns).text.removeprefix("http://testserver"): u for u in root.findall("s:url", ns)}
    for path in ["/provinces/henan/", articles[0].get_absolute_url(), "/", "/articles/", "/timeline/"]:
        assert path in urls and f"/en{path}" in urls
        alternates = {
            link.get("hreflang"): link.get("href").removeprefix("http://testserver")
            for link in urls[f"/en{path}"].findall("x:link", ns)
        }
        assert alternates == {"zh-hans": path, "en": f"/en{path}", "x-default": path}


def test_the_programme_list_exports_too(client):
    import json

    data = json.loads(b"".join(client.get("/programmes/", {"format": "json"}).streaming_content))
    assert [row["key"] for row in data] == [
        "regional_medical_center",
        "primary_care_pilot_zone",
        "county_reform",
    ]
    assert all(row["permalink"].startswith("http://testserver/programmes/") for row in data)
    assert "format=csv" in client.get("/programmes/").content.decode()


def test_every_page_links_the_favicon(client):
    from django.contrib.staticfiles import finders

    for url in ["/", "/en/articles/"]:
        assert (
            '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'
            in client.get(url).content.decode()
        )
    assert finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
