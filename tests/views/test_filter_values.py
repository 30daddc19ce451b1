"""One spelling of a programme in every filter and link (its slug, as in its page's
address), the machine key still accepted; unknown values and formats said out loud."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from articles.models import Citation, Mention
from articles.search import index_article
from hospitals.models import Hospital
from programmes.models import Designation, Event, Programme
from tests.factories import make_article, make_outlet, province

pytestmark = pytest.mark.django_db


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


@pytest.fixture
def data():
    rmc = Programme.objects.get(key="regional_medical_center")
    county = Programme.objects.get(key="county_reform")
    outlet = make_outlet(name="示例日报")
    for i, programme in enumerate((rmc, rmc, county)):
        article = make_article(
            title=f"报道{i}",
            outlet=outlet,
            published_at=datetime.datetime(2020 + i, 6, 1, tzinfo=datetime.UTC),
        )
        index_article(article)
        Mention.objects.create(
            article=article, kind="programme", programme=programme, surface="x", start=0, end=1
        )
        event = Event.objects.create(summary=f"事件{i}", date=datetime.date(2020 + i, 6, 1))
        event.programmes.add(programme)
        event.provinces.add(province("henan"))
        Citation.objects.create(article=article, quote="推进会", event=event)
    Designation.objects.create(programme=county, hospital=Hospital.objects.order_by("pk").first())
    Designation.objects.create(
        programme=county,
        province=province("qinghai"),
        batch=2,
        date=datetime.date(2021, 3, 1),
        status="confirmed",
    )
    return rmc


LISTS = ["articles:list", "articles:timeline", "hospitals:hospital-list"]


@pytest.mark.parametrize("name", LISTS)
def test_programme_filter_takes_the_slug_and_the_key_alike(client, data, name):
    by_slug = client.get(reverse(name), {"programme": data.slug})
    by_key = client.get(reverse(name), {"programme": data.key})
    everything = client.get(reverse(name))
    for response in (by_slug, by_key):
        assert not response.context["filter"].form.errors
        assert f'<option value="{data.slug}" selected>' in response.content.decode()
    slug_rows = [o.pk for o in by_slug.context["object_list"]]
    assert slug_rows == [o.pk for o in by_key.context["object_list"]]
    assert 0 < len(slug_rows) < len(everything.context["object_list"])


def test_every_programme_link_and_option_uses_the_slug(client, data):
    html = client.get(reverse("articles:list")).content.decode()
    assert f"programme={data.slug}" in html and "programme=regional_medical_center" not in html
    for name in LISTS:
        html = client.get(reverse(name)).content.decode()
        assert f'<option value="{data.slug}"' in html and 'value="regional_medical_center"' not in html
    html = client.get(data.get_absolute_url()).content.decode()
    assert f"?programme={data.slug}" in html and "programme=regional_medical_center" not in html


@pytest.mark.parametrize("name", LISTS)
def test_an_unknown_programme_is_a_form_error_not_an_empty_list(client, data, name):
    response = client.get(reverse(name), {"programme": "regional-medical-centre"})
    assert "programme" in response.context["filter"].form.errors
    assert 'class="form-errors"' in response.content.decode()
    assert len(response.context["object_list"]) == len(client.get(reverse(name)).context["object_list"])


@pytest.mark.parametrize(
    ("name", "param", "default"),
    [
        ("articles:list", "sort", "最新在前"),
        ("articles:timeline", "order", "最新在前"),
        ("programmes:project-list", "order", "按批次"),
    ],
)
def test_a_bad_sort_keeps_the_default_order_and_says_so(client, data, name, param, default):
    plain = client.get(reverse(name))
    response = client.get(reverse(name), {param: "bogus"})
    html = response.content.decode()
    assert 'class="form-errors"' in html and f"已按默认顺序（{default}）" in html
    assert [o.pk for o in response.context["object_list"]] == [o.pk for o in plain.context["object_list"]]
    if response.context.get("paginator"):
        assert response.context["paginator"].count == len(response.context["object_list"]) > 0


def test_a_bad_sort_lists_what_the_article_count_says(client, data):
    response = client.get(reverse("articles:list"), {"sort": "bogus"})
    html = response.content.decode()
    assert "共 3 篇" in html and "没有符合条件的文章" not in html
    assert len(response.context["object_list"]) == 3


def test_the_project_list_shows_its_projects_without_a_bad_filter(client, data):
    everything = client.get(reverse("programmes:project-list")).context["paginator"].count
    response = client.get(reverse("programmes:project-list"), {"status": "bogus"})
    assert 'class="form-errors"' in response.content.decode()
    assert response.context["paginator"].count == everything > 0


EXPORTING = [
    "articles:list",
    "articles:timeline",
    "hospitals:hospital-list",
    "hospitals:province-list",
    "programmes:project-list",
    "programmes:list",
]


@pytest.mark.parametrize("name", EXPORTING)
def test_an_unknown_export_format_is_a_400_naming_it(client, data, name):
    response = client.get(reverse(name), {"format": "xml"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "format" in response.content.decode() and "xml" in response.content.decode()


def _csv(client, name, **params):
    return list(
        csv.DictReader(
            io.StringIO(body(client.get(reverse(name), {**params, "format": "csv"})).lstrip("\ufeff"))
        )
    )


@pytest.mark.parametrize("name", EXPORTING)
def test_export_permalinks_are_absolute(client, data, name):
    rows = _csv(client, name)
    assert rows and all(r["permalink"].startswith("http://testserver/") for r in rows)


def test_timeline_export_sources_are_absolute(client, data):
    rows = _csv(client, "articles:timeline")
    sources = [s for r in rows for s in r["sources"].split(";") if s]
    assert sources and all(s.startswith("http://testserver/articles/") for s in sources)


def test_province_exports_give_each_programmes_first_batch_and_year(client, data):
    by_code = {r["code"]: r for r in _csv(client, "hospitals:province-list")}
    qinghai = by_code["63"]
    assert "county-reform" in qinghai["programmes"].split()
    assert qinghai["county-reform_batch"] == "2" and qinghai["county-reform_year"] == "2021"
    assert by_code["14"]["regional-medical-center_batch"] == "1"  # 山西, first batch in the registers
    assert (
        by_code["71"]["county-reform_batch"] == by_code["71"]["county-reform_year"] == ""
    )  # 台湾: in no programme
    rows = json.loads(body(client.get(reverse("hospitals:province-list"), {"format": "json"})))
    qinghai = next(r for r in rows if r["code"] == "63")
    assert qinghai["county-reform_batch"] == 2 and qinghai["county-reform_year"] == 2021
    response = client.get(reverse("hospitals:province-list"))
    row = next(p for p in response.context["object_list"] if p.code == "63")
    assert "第2批 · 2021" in [s.text for s in row.since_cells if s]
    assert "第2批 · 2021" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/articles/", ["全部省份", "全部项目", "全部医院", "全部媒体"]),
        ("/en/articles/", ["All provinces", "All programmes", "All hospitals", "All outlets"]),
        ("/hospitals/", ["全部省份", "全部项目"]),
    ],
)
def test_an_empty_facet_says_what_it_means(client, path, expected):
    """The article and hospital facets opened on Django's "---------"; the register's say
    "全部省份". Every select's empty choice now names what it stands for."""
    html = body(client.get(path))
    assert "---------" not in html
    for label in expected:
        assert f">{label}</option>" in html, label
