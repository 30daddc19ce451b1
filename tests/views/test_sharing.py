"""What a shared link shows and which address a search engine keeps (issue 16, item 6):
a meta description, Open Graph tags and a canonical link on every public page, in both
languages."""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from articles.models import Article
from hospitals.models import Division, Hospital
from programmes.models import Event, PolicyDocument, Project
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())


def public_pages() -> list[str]:
    pages = [
        "/",
        "/articles/",
        "/timeline/",
        "/provinces/",
        "/provinces/shanxi/",
        "/hospitals/",
        "/programmes/",
        "/programmes/regional-medical-center/",
        "/projects/",
        Article.objects.first().get_absolute_url(),
        Hospital.objects.get(name="山西白求恩医院").get_absolute_url(),
        Division.objects.get(name="寿阳县").get_absolute_url(),
    ]
    for model in (Event, Project, PolicyDocument):
        if (first := model.objects.first()) is not None:
            pages.append(first.get_absolute_url())
    return pages + ["/en" + p for p in pages]


def head(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "lxml")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.head.find_all("meta")}
    meta["canonical"] = page.head.find("link", rel="canonical")["href"]
    meta["title"] = page.title.string
    return meta


def test_every_public_page_has_a_description_open_graph_tags_and_a_canonical_link(client, imported):
    pages = public_pages()
    assert len(pages) >= 26
    descriptions = set()
    article = Article.objects.first().get_absolute_url()
    for url in pages:
        meta = head(client, url)
        assert meta["canonical"] == f"http://testserver{url}", url
        assert meta["og:url"] == meta["canonical"]
        assert meta["og:title"] and meta["title"].startswith(meta["og:title"]), url
        assert 20 <= len(meta["description"]) <= 300 and "<" not in meta["description"], url
        assert meta["og:description"] == meta["description"]
        assert meta["og:locale"] == ("en_US" if url.startswith("/en/") else "zh_CN")
        assert meta["og:type"] == ("article" if url.removeprefix("/en") == article else "website"), url
        descriptions.add(meta["description"])
    assert len(descriptions) >= 20  # pages describe themselves, not all the site


def test_an_article_is_described_by_its_text(client, imported):
    article = Article.objects.first()
    meta = head(client, article.get_absolute_url())
    assert article.body[:40] in meta["description"]


def test_a_filtered_list_is_canonical_with_its_filters_only(client):
    meta = head(client, "/articles/?sort=-date&province=shanxi&q=医院&page=1&utm_source=x&year=2023&outlet=")
    assert meta["canonical"] == "http://testserver/articles/?province=shanxi&year=2023"
    meta = head(client, "/en/timeline/?programme=regional-medical-center&format=")
    assert meta["canonical"] == "http://testserver/en/timeline/?programme=regional-medical-center"


def test_descriptions_are_escaped(client):
    from tests.factories import make_article

    article = make_article(title='引号"与<标签>', body='正文里有"引号"和<script>alert(1)</script>' * 5)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    meta = head(client, article.get_absolute_url())
    assert meta["og:title"] == '引号"与<标签>'
