import io
from pathlib import Path

import pytest
from django.core.management import call_command

from hospitals.models import Division, Hospital
from tests.factories import province
from tests.ingest.test_store_links import PAGE

pytestmark = pytest.mark.django_db
# Pinned with data, on a cold cache; an empty province skips the prefetches it has nothing
# for. Pages that list the latest articles naming an entity count the entity's articles and
# all originals first (cached by data version: latest_naming() chooses how to read them).
PROVINCE_QUERIES = 16  # province, designations (+citations), hospitals (+partners), events (+3),
# articles (+ the two counts), data version, places (cached by data version), projects
# (+outputs)
PROVINCE_EMPTY_QUERIES = 11
HOSPITAL_QUERIES = 12  # data version (page cache), hospital, aliases, partners (2), designations
# (+citations), articles (+ the two counts), projects as output and as host
DIVISION_QUERIES = 7  # data version (page cache), division (+province, parent), children, hospitals,
# designations, articles (+ its count; the originals' count is cached by the hospital page before it)


@pytest.fixture
def imported(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_articles", str(page), stdout=io.StringIO(), stderr=io.StringIO())


def test_province_page_shows_designations_hospitals_places_and_articles(
    client, imported, django_assert_num_queries
):
    shanxi = province("shanxi")
    with django_assert_num_queries(PROVINCE_QUERIES):
        html = client.get(shanxi.get_absolute_url()).content.decode()
    assert "首批区域医疗中心建设试点省份" in html or "试点省份" in html
    assert (
        "山西白求恩医院" in html and "华中科技大学同济医学院附属同济医院" in html
    )  # input site and its partner
    assert "寿阳县" in html  # a county the articles report
    assert "山西白求恩医院获批国家区域医疗中心建设项目" in html
    assert 'href="/articles/?province=shanxi"' in html  # all its articles, with the list's filters


def test_province_without_data_says_so(client, django_assert_num_queries):
    with django_assert_num_queries(PROVINCE_EMPTY_QUERIES):
        html = client.get(province("aomen").get_absolute_url()).content.decode()
    assert "本库尚无该省份的入选记录" in html and "尚无与该省份相关的事件" in html


def test_hospital_and_division_pages(client, imported, django_assert_num_queries):
    bethune = Hospital.objects.get(name="山西白求恩医院")
    with django_assert_num_queries(HOSPITAL_QUERIES):
        html = client.get(bethune.get_absolute_url()).content.decode()
    assert "同济山西医院" in html and "国家区域医疗中心建设项目" in html and "获批国家区域医疗中心" in html
    county = Division.objects.get(name="寿阳县")
    with django_assert_num_queries(DIVISION_QUERIES):
        html = client.get(county.get_absolute_url()).content.decode()
    assert "晋中市" in html and "山西白求恩医院获批" in html


# data version (the page is cached whole by it), programme, aliases, designations
# (+citations), events (+3), figures, articles (+ the two counts)
PROGRAMME_QUERIES = 21  # + the registers: documents, projects (+outputs), batch totals,
# membership (projects, designations), provinces for the batch map, register places


def test_programme_page(client, imported, django_assert_num_queries):
    from programmes.models import Programme

    rmc = Programme.objects.get(key="regional_medical_center")
    with django_assert_num_queries(PROGRAMME_QUERIES):
        html = client.get(rmc.get_absolute_url()).content.decode()
    assert "国家发展改革委" in html or rmc.lead_agencies in html
    assert "山西白求恩医院" in html and "山西省" in html  # designated hospital and province
    assert "山西白求恩医院获批国家区域医疗中心建设项目" in html  # latest article
    assert client.get(Programme.objects.get(key="county_reform").get_absolute_url()).status_code == 200


def test_province_table_sorts_and_counts(client, imported, django_assert_num_queries):
    # data version, the table (provinces, articles per province, membership: 2), the tile
    # map (programmes, membership: 2); cached
    with django_assert_num_queries(8):
        response = client.get("/provinces/", {"sort": "articles"})
    rows = list(response.context["object_list"])
    assert rows[0].slug == "shanxi" and rows[0].article_count == 1 and rows[0].designation_count >= 1
    assert len(rows) == 34 and response.content.decode().count('role="listitem"') == 34
    by_code = list(client.get("/provinces/", {"sort": "<bad>"}).context["object_list"])
    assert [p.code for p in by_code] == sorted(p.code for p in by_code)
    latest = list(client.get("/provinces/", {"sort": "latest"}).context["object_list"])
    assert latest[0].slug == "shanxi" and latest[0].latest is not None and latest[-1].latest is None


HOSPITAL_LIST_QUERIES = 8  # data version (page cache), province and programme choices, count, page, aliases, output and input partners


def test_hospital_list_filters(client, django_assert_num_queries):
    with django_assert_num_queries(HOSPITAL_LIST_QUERIES):
        response = client.get("/hospitals/", {"role": "input"})
    names = {h.name for h in response.context["object_list"]}
    assert "山西白求恩医院" in names and "华中科技大学同济医学院附属同济医院" not in names
    outputs = {h.name for h in client.get("/hospitals/", {"role": "output"}).context["object_list"]}
    assert "华中科技大学同济医学院附属同济医院" in outputs
    shanxi = {
        h.province.slug for h in client.get("/hospitals/", {"province": "shanxi"}).context["object_list"]
    }
    assert shanxi == {"shanxi"}
    by_alias = [h.name for h in client.get("/hospitals/", {"q": "同济山西"}).context["object_list"]]
    assert by_alias == ["山西白求恩医院"]


def test_hospital_list_programme_facet():
    from django.test import Client

    from programmes.models import Designation, Programme

    client = Client()
    rmc = Programme.objects.get(key="regional_medical_center")
    rmc_names = {h.name for h in client.get("/hospitals/", {"programme": rmc.slug}).context["object_list"]}
    assert {"山西白求恩医院", "华中科技大学同济医学院附属同济医院"} <= rmc_names  # the pairs' two ends
    county = Programme.objects.get(key="county_reform")
    assert not client.get("/hospitals/", {"programme": county.slug}).context["object_list"]
    hospital = Hospital.objects.get(name="山西白求恩医院")
    Designation.objects.create(programme=county, hospital=hospital)
    names = [h.name for h in client.get("/hospitals/", {"programme": county.slug}).context["object_list"]]
    assert names == ["山西白求恩医院"]


def test_hospital_and_province_lists_export_with_their_filters(client):
    import csv
    import io
    import json

    response = client.get("/hospitals/", {"province": "shanxi", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["province"] for r in rows} == {"山西省"}
    bethune = next(r for r in rows if r["name"] == "山西白求恩医院")
    assert "华中科技大学同济医学院附属同济医院" in bethune["output_partners"]
    data = json.loads(b"".join(client.get("/provinces/", {"format": "json"}).streaming_content))
    assert len(data) == 34 and {"code", "name", "programmes", "articles"} <= set(data[0])
    html = client.get("/hospitals/", {"province": "shanxi"}).content.decode()
    assert "format=csv" in html and "province=shanxi" in html


def test_a_province_counts_a_city_s_articles_as_the_city_page_lists_them(client):
    """Henan's page said 郑州市 (4) while 郑州市's page listed 2: it counted mentions
    reached through a hospital's location, rejected ones and reprints."""
    from articles.models import Mention
    from tests.factories import make_article

    zhengzhou = Division.objects.get(name="郑州市", province__slug="henan")
    named, also_named, via, rejected = (make_article(title=f"郑州{n}") for n in range(4))
    reprint = make_article(title="郑州转载", duplicate_of=named)
    for article, method, status in [
        (named, "alias", "automatic"),
        (also_named, "alias", "confirmed"),
        (via, "via_entity", "automatic"),
        (rejected, "alias", "rejected"),
        (reprint, "alias", "automatic"),
    ]:
        Mention.objects.create(
            article=article, kind="division", division=zhengzhou, surface="郑州", method=method, status=status
        )
    listed = client.get(zhengzhou.get_absolute_url()).context["articles"]
    assert {a.title for a in listed} == {"郑州0", "郑州1"}
    places = {
        d.name: d.article_count for d in client.get(province("henan").get_absolute_url()).context["places"]
    }
    assert places["郑州市"] == len(listed) == 2
