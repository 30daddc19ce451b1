import pytest
from django.urls import reverse

from programmes.models import Designation, Programme
from tests.factories import make_article, make_outlet, province

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_registers")]

# programmes, provinces, hospital count, the tile map's programmes and their provinces
# (these five cached by data version, + the data version), latest articles, figures,
# programme names (+aliases)
HOME_QUERIES = 11  # the tile map reads projects and designations (programmes.membership)


def test_home_renders_programmes_provinces_and_latest_articles(client, django_assert_num_queries):
    make_article(title="河南区域医疗中心建设新进展", outlet=make_outlet(name="河南日报"))
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    html = response.content.decode()
    for programme in Programme.objects.all():
        assert programme.name in html
        assert programme.get_absolute_url() in html
    assert html.count('role="listitem"') == 34
    assert province("henan").get_absolute_url() in html
    assert "河南区域医疗中心建设新进展" in html and "河南日报" in html


def test_home_marks_each_province_with_the_programmes_it_is_in(client):
    from bs4 import BeautifulSoup

    from hospitals.models import Division, Hospital

    rmc = Programme.objects.get(key="regional_medical_center")
    Designation.objects.create(programme=rmc, province=province("henan"))
    county = Division.objects.get(name="寿阳县")
    Designation.objects.create(
        programme=Programme.objects.get(key="primary_care_pilot_zone"), division=county
    )
    hospital = Hospital.objects.filter(province__slug="guangdong").first()
    Designation.objects.create(programme=rmc, hospital=hospital, status="rejected")  # not published
    soup = BeautifulSoup(client.get(reverse("articles:home")).content, "lxml")

    def marks(slug: str) -> list[str]:
        tile = soup.select_one(f'.tile-map a[href="{province(slug).get_absolute_url()}"]')
        return [m["class"][1] for m in tile.select(".mark")]

    assert marks("henan") == ["mark--regional_medical_center"]
    assert marks("shanxi") == ["mark--primary_care_pilot_zone"]  # through its county
    assert marks("guangdong") == []
    legend = soup.select_one(".tile-legend").get_text()
    assert all(p.name in legend for p in Programme.objects.all())


def test_home_query_count_does_not_grow_with_data(client, django_assert_num_queries):
    for n in range(15):
        make_article(title=f"文章{n}")
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("articles:home"))


def test_home_in_english(client):
    html = client.get("/en/").content.decode()
    assert "Henan" in html and 'hreflang="zh-hans" href="/"' in html
    # The root stays Chinese whatever the browser prefers; English has its own addresses.
    assert "河南" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_imported_strings_are_escaped(client):
    make_article(title="<script>alert(1)</script>标题")
    html = client.get(reverse("articles:home")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "name", ["hospitals:province-list", "hospitals:hospital-list", "programmes:list", "articles:list"]
)
def test_list_pages_render(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_detail_pages_render(client):
    henan = province("henan")
    assert "河南省" in client.get(henan.get_absolute_url()).content.decode()
    programme = Programme.objects.get(key="county_reform")
    assert client.get(programme.get_absolute_url()).status_code == 200
    hospital = henan.hospitals.first()
    assert client.get(hospital.get_absolute_url()).status_code == 200


def test_programmes_keep_their_order(client):
    html = client.get(reverse("articles:home")).content.decode()
    positions = [html.index(p.get_absolute_url()) for p in Programme.objects.order_by("order")]
    assert positions == sorted(positions)


def test_english_interface_is_translated(client):
    html = client.get("/en/timeline/").content.decode()
    assert "Timeline" in html and "时间线" not in html.split("<main")[1].split("</main>")[0]
    assert 'lang="en"' in html
    home = client.get("/en/").content.decode()
    assert "Programmes" in home and "Provinces" in home
