"""What assistive technology and search results read from the markup: titles, skip link,
sort state (issue: researcher experience, item 2)."""

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from hospitals.models import Division, Hospital
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.django_db
SITE = "区域医疗中心知识库"
FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"


@pytest.fixture
def imported(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())


def soup(client, url: str, **params) -> BeautifulSoup:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "lxml")


def title(page: BeautifulSoup) -> str:
    return page.title.string  # None when the <title> holds markup instead of one text


def test_hospital_and_division_titles_are_their_names(client, imported):
    # The title block used to include the designations and article list (raw HTML in <title>).
    bethune = Hospital.objects.get(name="山西白求恩医院")
    assert title(soup(client, bethune.get_absolute_url())) == f"山西白求恩医院 · {SITE}"
    county = Division.objects.get(name="寿阳县")
    assert title(soup(client, county.get_absolute_url())) == f"寿阳县 · {SITE}"


@pytest.mark.parametrize("url", ["/", "/provinces/", "/articles/", "/en/timeline/"])
def test_skip_link_is_the_first_focusable_element_and_targets_main(client, url):
    page = soup(client, url)
    first = page.body.select_one(FOCUSABLE)
    assert first["href"] == "#main" and first.get_text() in {"跳到正文", "Skip to content"}
    assert page.select("main#main") and len(page.select("main")) == 1


def test_skip_link_speaks_english_on_english_pages(client):
    assert soup(client, "/en/").body.select_one(FOCUSABLE).get_text() == "Skip to content"


@pytest.mark.parametrize(
    ("sort", "column", "order", "arrow"), [("", 0, "ascending", "↑"), ("articles", 7, "descending", "↓")]
)
def test_province_table_marks_the_sorted_header_cell(client, sort, column, order, arrow):
    page = soup(client, "/provinces/", **({"sort": sort} if sort else {}))
    headers = page.select("table.sortable thead th")
    # province, projects, one "since" column per programme (3), designations, hospitals, articles, latest
    assert [th.get("aria-sort") for th in headers] == [order if i == column else None for i in range(9)]
    assert not page.select("table.sortable a[aria-sort]")
    assert [th.select_one(".sort-arrow").get_text() for th in headers if th.select_one(".sort-arrow")] == [
        arrow
    ]
    assert arrow in headers[column].get_text()


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/articles/", {"q": "医疗中心"}, f"“医疗中心” – 文章 · {SITE}"),
        (
            "/articles/",
            {"q": "医疗中心", "province": "shanxi", "year": "2023", "sort": "-date"},
            "“医疗中心” · 山西 · 2023 – 文章",
        ),
        ("/articles/", {"province": "shanxi", "year": "0"}, "山西 – 文章"),  # the bad year is left out
        ("/articles/", {}, f"文章 · {SITE}"),
        ("/hospitals/", {"role": "input"}, "输入医院 – 医院"),
        ("/projects/", {"batch": "2"}, "第2批 – 国家区域医疗中心建设项目"),
        ("/en/timeline/", {"programme": "county_reform"}, "County-level Health Reform"),
    ],
)
def test_list_page_titles_name_the_search_and_filters(client, url, params, expected):
    assert expected in title(soup(client, url, **params))


def test_chinese_names_and_text_carry_lang_zh_on_english_pages(client, imported):
    from articles.models import Article

    # URLs first: a request to /en/ leaves English active, and reverse() would add /en/.
    article_url = Article.objects.get().get_absolute_url()
    bethune_url = Hospital.objects.get(name="山西白求恩医院").get_absolute_url()
    county_url = Division.objects.get(name="寿阳县").get_absolute_url()
    page = soup(client, "/en" + article_url)
    assert page.html["lang"] == "en"
    assert page.select_one("h1")["lang"] == "zh" and page.select_one(".body")["lang"] == "zh"
    listing = soup(client, "/en/articles/", q="白求恩")
    assert [a.get("lang") for a in listing.select("ol.article-list > li a")] == ["zh"]
    assert listing.select_one(".snippet")["lang"] == "zh"
    hospital = soup(client, "/en" + bethune_url)
    # A hospital with an English name is headed by it, its Chinese name beside it marked.
    assert hospital.select_one("h1").get_text(" ", strip=True) == "Shanxi Bethune Hospital 山西白求恩医院"
    assert hospital.select_one("h1 [lang=zh]").get_text() == "山西白求恩医院"
    assert {a.get("lang") for a in hospital.select("ol.article-list a")} == {"zh"}
    assert soup(client, "/en" + county_url).select_one("h1 [lang=zh]").get_text() == "寿阳县"
    # Provinces have English names: the link is English, the Chinese name beside it is marked.
    cells = soup(client, "/en/provinces/").select("table.sortable tbody td:first-child")
    assert len(cells) == 34
    assert all(c.a.get("lang") is None and c.select_one("[lang=zh]") for c in cells)
